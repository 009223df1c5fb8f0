package omnipaxos.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sending end of a bounded {@link MessageChannel}: where the network layer pushes what it
 * received for a node. Thread-safe; messages from one thread are received in the order that thread
 * sent them.
 */
public interface ChannelSender<M> {

  /**
   * Queues {@code message}, waiting while the channel is full (backpressure).
   *
   * @throws ChannelClosedException if the channel is or becomes closed before the message is queued
   * @throws InterruptedException if interrupted while waiting; the message is then not queued
   */
  void put(M message) throws InterruptedException;

  /** Queues {@code message} if there is room right now; never blocks. */
  OfferResult offer(M message);

  /**
   * Queues {@code message}, waiting at most {@code timeout} for room.
   *
   * @return {@link OfferResult#FULL} if there was no room in time
   * @throws InterruptedException if interrupted while waiting; the message is then not queued
   */
  OfferResult offer(M message, long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Queues {@code message} without blocking the caller: the future completes once it is queued, or
   * fails with {@link ChannelClosedException} if the channel closes first. Sends that wait for room
   * are queued in the order they were made, ahead of later {@link #put}s and {@link #offer}s.
   * Cancelling the future (or completing it, e.g. by a time-out) before the message was queued
   * withdraws it; if that returns false, the channel already took the send over and settles the
   * future at once.
   */
  CompletableFuture<Void> send(M message);

  /** Whether the channel is closed. */
  boolean isClosed();
}
