package omnipaxos.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything about one peer: its address, its bounded queue of encoded messages, the established
 * connection (if any), the connection this node last dialed (if it dials), and the redial backoff.
 * Any thread may queue; the queue is drained into batch frames on the connection's event loop, at
 * most one drain task pending at a time, so the sends of one event-loop turn go out in as few
 * frames and one flush. A link is used until the peer is removed ({@link #remove}); a peer added
 * again gets a new link.
 */
final class PeerLink {

  final long pid;
  /** Whether this node dials the peer (this node has the lower pid) rather than accepting it. */
  final boolean dialer;

  private final BlockingQueue<byte[]> queue;
  private final int maxFrameSize;
  private final Counters counters;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile InetSocketAddress address;
  private volatile Channel channel;
  /** The connection this node dialed last (connecting, established or closed), or null. */
  private Channel dialed;
  private volatile boolean removed;
  /** The configuration id of the peer's last completed handshake, 0 before the first. */
  private volatile int peerConfigurationId;
  private long backoffMillis;

  PeerLink(long pid, InetSocketAddress address, boolean dialer, int queueCapacity, int maxFrameSize,
      Counters counters) {
    this.pid = pid;
    this.dialer = dialer;
    this.address = address;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxFrameSize = maxFrameSize;
    this.counters = counters;
  }

  /** Where the peer listens. */
  InetSocketAddress address() {
    return address;
  }

  /**
   * Changes the peer's address and resets the backoff; returns the connection this node dialed to
   * the old address, for the caller to close so that the redial goes to the new one, or null.
   */
  synchronized Channel moveTo(InetSocketAddress newAddress) {
    address = newAddress;
    backoffMillis = 0;
    return dialed;
  }

  /**
   * Records {@code ch} as the connection this node dialed; false (and nothing recorded) if the peer
   * was removed meanwhile, then the caller closes it.
   */
  synchronized boolean dialing(Channel ch) {
    if (removed) {
      return false;
    }
    dialed = ch;
    return true;
  }

  /**
   * Marks the peer removed: it gets no new connection. Returns the connections for the caller to
   * close: the established one and the one this node dialed, each if any, once if they are the
   * same.
   */
  synchronized List<Channel> remove() {
    removed = true;
    List<Channel> open = new ArrayList<>(2);
    if (channel != null) {
      open.add(channel);
    }
    if (dialed != null && dialed != channel) {
      open.add(dialed);
    }
    channel = null;
    dialed = null;
    return open;
  }

  /** Whether {@link #remove} was called. */
  boolean isRemoved() {
    return removed;
  }

  /** Queues an encoded message and makes sure a drain is pending; false if the queue is full. */
  boolean offer(byte[] encoded) {
    if (!queue.offer(encoded)) {
      return false;
    }
    scheduleDrain();
    return true;
  }

  boolean isConnected() {
    return channel != null;
  }

  /** The established connection, if any. */
  Optional<Channel> channel() {
    return Optional.ofNullable(channel);
  }

  /**
   * The outcome of {@link #establish}: whether the peer was removed (then nothing changed and the
   * caller closes the new connection), else the connection it replaced (to be closed by the
   * caller), or null.
   */
  record Established(boolean removed, Channel replaced) {}

  /** The configuration id the peer named in its last completed handshake, 0 before the first. */
  int peerConfigurationId() {
    return peerConfigurationId;
  }

  /**
   * Makes {@code ch} the peer's connection after a completed handshake in which the peer named
   * {@code configurationId}, and resets the backoff, unless the peer was removed.
   */
  synchronized Established establish(Channel ch, int configurationId, long minBackoffMillis) {
    if (removed) {
      return new Established(true, null);
    }
    Channel old = channel;
    channel = ch;
    peerConfigurationId = configurationId;
    backoffMillis = minBackoffMillis;
    return new Established(false, old == ch ? null : old);
  }

  /** Forgets {@code ch} if it is the current connection; returns whether it was. */
  synchronized boolean lost(Channel ch) {
    if (channel == ch) {
      channel = null;
      return true;
    }
    return false;
  }

  /** The delay before the next dial: the current backoff, which then doubles up to {@code max}. */
  synchronized long nextBackoff(long min, long max) {
    long d = Math.max(min, backoffMillis);
    backoffMillis = Math.min(max, d * 2);
    return d;
  }

  /** Empties the queue; returns how many messages it held. */
  int discard() {
    List<byte[]> all = new ArrayList<>();
    queue.drainTo(all);
    return all.size();
  }

  void scheduleDrain() {
    Channel ch = channel;
    if (ch != null && drainScheduled.compareAndSet(false, true)) {
      try {
        ch.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
      }
    }
  }

  /**
   * Writes queued messages as batch frames while the connection accepts writes, then flushes once.
   */
  private void drain() {
    drainScheduled.set(false);
    synchronized (this) {
      Channel ch = channel;
      if (ch == null) {
        return;
      }
      boolean wrote = false;
      while (ch.isWritable() && !queue.isEmpty()) {
        List<byte[]> batch = new ArrayList<>();
        long size = FrameCodec.BATCH_OVERHEAD;
        byte[] next;
        while ((next = queue.peek()) != null
            && (batch.isEmpty()
                || size + FrameCodec.PER_MESSAGE_OVERHEAD + next.length <= maxFrameSize)) {
          queue.poll();
          batch.add(next);
          size += FrameCodec.PER_MESSAGE_OVERHEAD + next.length;
        }
        int n = batch.size();
        ch.write(Unpooled.wrappedBuffer(FrameCodec.batch(batch))).addListener(f -> {
          if (f.isSuccess()) {
            counters.sent.add(n);
            counters.batches.increment();
          } else {
            counters.dropped(TransportDropReason.CONNECTION_LOST, n);
          }
        });
        wrote = true;
      }
      if (wrote) {
        ch.flush();
      }
    }
  }
}
