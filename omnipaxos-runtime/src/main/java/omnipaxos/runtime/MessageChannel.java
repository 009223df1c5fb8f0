package omnipaxos.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, thread-safe FIFO channel with blocking, non-blocking and {@link CompletableFuture}
 * ends. A node's handles expose the sending end of its incoming channels and the receiving end of
 * its outgoing ones.
 *
 * <h2>Capacity and backpressure</h2>
 *
 * At most {@link #capacity()} messages are queued. When full, {@link #put} blocks, {@link #offer}
 * returns {@link OfferResult#FULL} (counted in {@link #rejectedOffers()}) and {@link #send} returns
 * a future that completes once its message is queued. Nothing is ever dropped silently: a message
 * is either queued or its sender is told so.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} is idempotent. After it, {@code put} and {@code send} fail with {@link
 * ChannelClosedException}, {@code offer} returns {@link OfferResult#CLOSED}, and sends still
 * waiting for room fail (their messages are not queued). Messages queued before the close can still
 * be received; once the channel is empty, {@code take} throws {@link ChannelClosedException},
 * {@code poll} returns empty and {@code receive} (including receives already waiting) fails with
 * {@link ChannelClosedException}. Threads blocked in {@code put} or {@code take} wake up.
 *
 * <h2>Futures</h2>
 *
 * Futures returned by {@link #send} and {@link #receive} are completed by the thread that made room
 * or queued the message; continuations attached with the non-async methods run there and should not
 * block. Abandoning a waiting future by cancelling or completing it withdraws it first, so an
 * abandoned receive never swallows a message and an abandoned send never queues one.
 */
public final class MessageChannel<M> implements ChannelSender<M>, ChannelReceiver<M> {

  private final String name;
  private final int capacity;
  private final Runnable onArrival;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<M> queue = new ArrayDeque<>();
  private final ArrayDeque<Waiter<Void>> waitingSends = new ArrayDeque<>();
  private final ArrayDeque<Waiter<M>> waitingReceives = new ArrayDeque<>();
  private boolean closed;
  private long rejected;

  /**
   * A channel named {@code name} (used in error messages) holding at most {@code capacity}
   * messages.
   */
  public MessageChannel(String name, int capacity) {
    this(name, capacity, () -> {});
  }

  /**
   * As {@link #MessageChannel(String, int)}, running {@code onArrival} after every message queued.
   */
  MessageChannel(String name, int capacity, Runnable onArrival) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.capacity = capacity;
    this.onArrival = Objects.requireNonNull(onArrival, "onArrival");
  }

  // ---- sending ----

  @Override
  public void put(M message) throws InterruptedException {
    Objects.requireNonNull(message, "message");
    Waiter<M> handoff;
    lock.lockInterruptibly();
    try {
      while (!closed && !hasRoom()) {
        notFull.await();
      }
      if (closed) {
        throw closedForSending();
      }
      handoff = enqueue(message);
    } finally {
      lock.unlock();
    }
    arrived(handoff, message);
  }

  @Override
  public OfferResult offer(M message) {
    Objects.requireNonNull(message, "message");
    Waiter<M> handoff;
    lock.lock();
    try {
      if (closed) {
        return OfferResult.CLOSED;
      }
      if (!hasRoom()) {
        rejected++;
        return OfferResult.FULL;
      }
      handoff = enqueue(message);
    } finally {
      lock.unlock();
    }
    arrived(handoff, message);
    return OfferResult.ACCEPTED;
  }

  @Override
  public OfferResult offer(M message, long timeout, TimeUnit unit) throws InterruptedException {
    Objects.requireNonNull(message, "message");
    long nanos = unit.toNanos(timeout);
    Waiter<M> handoff;
    lock.lockInterruptibly();
    try {
      while (!closed && !hasRoom()) {
        if (nanos <= 0) {
          rejected++;
          return OfferResult.FULL;
        }
        nanos = notFull.awaitNanos(nanos);
      }
      if (closed) {
        return OfferResult.CLOSED;
      }
      handoff = enqueue(message);
    } finally {
      lock.unlock();
    }
    arrived(handoff, message);
    return OfferResult.ACCEPTED;
  }

  @Override
  public CompletableFuture<Void> send(M message) {
    Objects.requireNonNull(message, "message");
    Waiter<M> handoff;
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(closedForSending());
      }
      if (!hasRoom()) {
        Waiter<Void> w = new Waiter<>(true, message);
        waitingSends.add(w);
        return w;
      }
      handoff = enqueue(message);
    } finally {
      lock.unlock();
    }
    arrived(handoff, message);
    return CompletableFuture.completedFuture(null);
  }

  // ---- receiving ----

  @Override
  public M take() throws InterruptedException {
    M m;
    List<Waiter<Void>> promoted;
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty()) {
        if (closed) {
          throw new ChannelClosedException("channel " + name + " is closed and drained");
        }
        notEmpty.await();
      }
      m = queue.poll();
      promoted = promoteSends();
    } finally {
      lock.unlock();
    }
    sendsQueued(promoted);
    return m;
  }

  @Override
  public Optional<M> poll() {
    M m;
    List<Waiter<Void>> promoted;
    lock.lock();
    try {
      m = queue.poll();
      promoted = m == null ? List.of() : promoteSends();
    } finally {
      lock.unlock();
    }
    sendsQueued(promoted);
    return Optional.ofNullable(m);
  }

  @Override
  public Optional<M> poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    M m;
    List<Waiter<Void>> promoted;
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty() && !closed && nanos > 0) {
        nanos = notEmpty.awaitNanos(nanos);
      }
      m = queue.poll();
      promoted = m == null ? List.of() : promoteSends();
    } finally {
      lock.unlock();
    }
    sendsQueued(promoted);
    return Optional.ofNullable(m);
  }

  @Override
  public CompletableFuture<M> receive() {
    M m;
    List<Waiter<Void>> promoted;
    lock.lock();
    try {
      if (queue.isEmpty()) {
        if (closed) {
          return CompletableFuture.failedFuture(
              new ChannelClosedException("channel " + name + " is closed and drained"));
        }
        Waiter<M> w = new Waiter<>(false, null);
        waitingReceives.add(w);
        return w;
      }
      m = queue.poll();
      promoted = promoteSends();
    } finally {
      lock.unlock();
    }
    sendsQueued(promoted);
    return CompletableFuture.completedFuture(m);
  }

  /** Takes up to {@code max} queued messages without waiting. */
  List<M> drain(int max) {
    List<M> out;
    List<Waiter<Void>> promoted;
    lock.lock();
    try {
      if (queue.isEmpty()) {
        return List.of();
      }
      out = new ArrayList<>(Math.min(max, queue.size()));
      while (out.size() < max && !queue.isEmpty()) {
        out.add(queue.poll());
      }
      promoted = promoteSends();
    } finally {
      lock.unlock();
    }
    sendsQueued(promoted);
    return out;
  }

  // ---- state ----

  /**
   * Closes the channel; see the class comment for what happens to waiting and later calls.
   * Idempotent.
   */
  public void close() {
    List<Waiter<Void>> sends;
    List<Waiter<M>> receives;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      sends = new ArrayList<>(waitingSends);
      waitingSends.clear();
      receives = new ArrayList<>(waitingReceives);
      waitingReceives.clear();
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    for (Waiter<Void> s : sends) {
      s.settleExceptionally(closedForSending());
    }
    for (Waiter<M> r : receives) {
      r.settleExceptionally(
          new ChannelClosedException("channel " + name + " is closed and drained"));
    }
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Messages queued now. */
  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return capacity;
  }

  /** How many {@link #offer} calls returned {@link OfferResult#FULL}. */
  public long rejectedOffers() {
    lock.lock();
    try {
      return rejected;
    } finally {
      lock.unlock();
    }
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "MessageChannel("
        + name
        + ", "
        + size()
        + "/"
        + capacity
        + (isClosed() ? ", closed" : "")
        + ")";
  }

  // ---- internals; the methods below that take no lock expect the caller to hold it ----

  private boolean hasRoom() {
    return queue.size() < capacity && waitingSends.isEmpty();
  }

  /**
   * Queues {@code message}, or hands it to the oldest waiting receive (returned, to be settled once
   * the lock is released; a receive waits only while the queue is empty, so order is kept).
   */
  private Waiter<M> enqueue(M message) {
    Waiter<M> r = waitingReceives.poll();
    if (r != null) {
      return r;
    }
    queue.add(message);
    notEmpty.signalAll();
    return null;
  }

  /** Moves waiting sends into the room that was made. */
  private List<Waiter<Void>> promoteSends() {
    List<Waiter<Void>> promoted = List.of();
    while (queue.size() < capacity && !waitingSends.isEmpty()) {
      Waiter<Void> s = waitingSends.poll();
      if (enqueue(s.message) != null) {
        throw new IllegalStateException("a receive waited while messages were queued");
      }
      if (promoted.isEmpty()) {
        promoted = new ArrayList<>();
      }
      promoted.add(s);
    }
    if (waitingSends.isEmpty()) {
      notFull.signalAll();
    }
    return promoted;
  }

  private void arrived(Waiter<M> handoff, M message) {
    if (handoff != null) {
      handoff.settle(message);
    }
    onArrival.run();
  }

  private void sendsQueued(List<Waiter<Void>> promoted) {
    for (Waiter<Void> s : promoted) {
      s.settle(null);
    }
    if (!promoted.isEmpty()) {
      onArrival.run();
    }
  }

  private ChannelClosedException closedForSending() {
    return new ChannelClosedException("channel " + name + " is closed");
  }

  private boolean withdraw(Waiter<?> w) {
    lock.lock();
    try {
      return w.send ? waitingSends.remove(w) : waitingReceives.remove(w);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A waiting send or receive. The channel settles it with {@link #settle}; the public completion
   * methods first withdraw it from the channel and do nothing if the channel already took it over.
   */
  private final class Waiter<V> extends CompletableFuture<V> {
    private final boolean send;
    private final M message;

    Waiter(boolean send, M message) {
      this.send = send;
      this.message = message;
    }

    void settle(V value) {
      super.complete(value);
    }

    void settleExceptionally(Throwable t) {
      super.completeExceptionally(t);
    }

    @Override
    public boolean complete(V value) {
      return withdraw(this) && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      return withdraw(this) && super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return withdraw(this) && super.cancel(mayInterruptIfRunning);
    }
  }
}
