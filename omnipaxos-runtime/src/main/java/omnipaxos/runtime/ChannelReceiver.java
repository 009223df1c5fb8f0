package omnipaxos.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The receiving end of a bounded {@link MessageChannel}: where the network layer takes what a node
 * wants sent. Thread-safe; messages are received in the order they were queued.
 */
public interface ChannelReceiver<M> {

  /**
   * Takes the next message, waiting while the channel is empty.
   *
   * @throws ChannelClosedException once the channel is closed and every queued message was taken
   * @throws InterruptedException if interrupted while waiting
   */
  M take() throws InterruptedException;

  /** The next message if one is queued; never blocks (empty also when closed and drained). */
  Optional<M> poll();

  /**
   * The next message, waiting at most {@code timeout}; empty if none came or the channel is closed
   * and drained.
   */
  Optional<M> poll(long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * The next message, without blocking the caller: the future completes with it once it is queued,
   * or fails with {@link ChannelClosedException} if the channel is closed and drained. Receives
   * wait in the order they were made. Cancelling the future (or completing it, e.g. by a time-out)
   * before a message was handed to it withdraws it, so no message is lost to an abandoned receive;
   * if that returns false, the channel already took the receive over and settles the future at
   * once.
   */
  CompletableFuture<M> receive();

  /** Whether the channel is closed (queued messages may still be waiting to be taken). */
  boolean isClosed();
}
