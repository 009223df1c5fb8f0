package omnipaxos.runtime;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;
import omnipaxos.core.DropReason;
import omnipaxos.core.Message;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosException;
import omnipaxos.core.QuorumRead;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.runtime.EntryNotDecidedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop of one node: the only thread that touches the core. Each iteration takes a batch
 * of events (API requests, then incoming Sequence Paxos and leader-election messages, then a tick
 * if one is due), feeds them to the core, and completes the appends these events decided (a
 * decision is cluster-wide and never waits for this node's flush), taking the requests their
 * callbacks submit into the same batch. It then sends the messages that may leave before the
 * batch's writes are durable ({@link OmniPaxos#messagesBeforeFlush()}: a leader's replication), and
 * calls {@link OmniPaxos#outgoingMessages()}, which makes the batch's storage writes durable with
 * one flush (if any needs it). Only after that does it release the batch's other messages to the
 * outgoing channels and complete the batch's other futures (group commit). It sleeps until the next
 * tick when there is nothing to do, and wakes as soon as a request or message arrives.
 *
 * <p>Its concerns apart: {@link LoopAppends} stages, holds and hands over the appends, {@link
 * LoopWaiters} keeps the futures that wait for the core's state, {@link LeaseClock} checks leases
 * against real time, {@link LoopChannels} holds the message channels; observations of the core go
 * through {@link OmniPaxos#status()}.
 */
final class NodeLoop<T, S> implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);
  /** Events of one kind taken per iteration, so that no source starves the others. */
  private static final int MAX_EVENTS_PER_SOURCE = 1024;
  private static final long CLOSE_WAIT_MS = 30_000;

  private final NodeConfig config;
  private final long pid;
  private final long session = new SecureRandom().nextLong();
  private final EnvelopeStorage<T, S> storage;
  private final OmniPaxos<Envelope<T>, S> core;
  private final LoopChannels<T, S> channels;
  private final ConcurrentLinkedQueue<LoopRequest> requests = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeSignalled = new AtomicBoolean();
  /**
   * Set while the loop is about to park or parked: only then does an arrival unpark it. A busy loop
   * sees the arrival at its next emptiness check, so wakers skip the unpark system call.
   */
  private volatile boolean sleeping;
  private final Thread thread;
  private final long tickNanos;
  private final AppendTracker tracker;
  private final LoopWaiters<T, S> waiters;
  private final LoopAppends<T, S> appends;
  private final LeaseClock leaseClock;
  /** What completes the current batch's requests, run after its flush; reused across batches. */
  private final List<Runnable> completions = new ArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private volatile boolean closeRequested;
  private volatile boolean finished;
  private volatile Throwable failure;
  private long nextTick;
  private long lastLeader;
  private final LoopWiring<T, S> wiring;
  private final long start;

  NodeLoop(NodeConfig config, Storage<T, S> userStorage, Snapshotter<T, S> snapshotter) {
    this(config, userStorage, snapshotter, LoopWiring.standalone());
  }

  NodeLoop(
      NodeConfig config,
      Storage<T, S> userStorage,
      Snapshotter<T, S> snapshotter,
      LoopWiring<T, S> wiring) {
    this.config = config;
    this.pid = config.pid();
    this.wiring = wiring;
    this.start = wiring.startPosition();
    AppendTracker appends = new AppendTracker(pid, session,
        TimeUnit.MILLISECONDS.toNanos(config.appendTimeoutMs()),
        2 * TimeUnit.MILLISECONDS.toNanos(config.electionTimeoutMs()), start);
    this.tracker = appends;
    this.storage = new EnvelopeStorage<>(userStorage, () -> appends.size() > 0);
    this.core = config.toOmniPaxosConfig().build(storage, new EnvelopeSnapshotter<>(snapshotter));
    String prefix = "node " + pid + " (configuration " + config.configurationId() + ") ";
    int capacity = config.channelCapacity();
    this.channels = new LoopChannels<>(pid, prefix, capacity, this::wake, wiring);
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(config.tickPeriodMs());
    this.appends = new LoopAppends<>(pid, session,
        TimeUnit.MILLISECONDS.toNanos(config.appendTimeoutMs()), config.configurationId(),
        core, tracker, wiring);
    this.waiters = new LoopWaiters<>(pid, start);
    this.leaseClock = new LeaseClock(core.status().leaderLeaseTicks(), tickNanos);
    this.thread = new Thread(this, "omnipaxos-node-" + pid + "-c" + config.configurationId());
    this.thread.setDaemon(true);
  }

  void start() {
    long now = System.nanoTime();
    leaseClock.recordTick(core.ticks(), now);
    nextTick = now + tickNanos;
    thread.start();
  }

  long pid() {
    return pid;
  }

  /** The configuration the loop runs with. */
  NodeConfig config() {
    return config;
  }

  Thread thread() {
    return thread;
  }

  MessageChannel<PaxosMessage<Envelope<T>, S>> paxosIn() {
    return channels.paxosIn();
  }

  MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut() {
    return channels.paxosOut();
  }

  MessageChannel<BleMessage> bleIn() {
    return channels.bleIn();
  }

  MessageChannel<BleMessage> bleOut() {
    return channels.bleOut();
  }

  CompletableFuture<Void> terminated() {
    return terminated;
  }

  boolean isClosed() {
    return closeRequested || finished;
  }

  // ---- requests from any thread ----

  /**
   * Submits {@code body}, run on the loop with a fresh future and the batch's completions; the
   * future fails if the request never runs.
   */
  private <V> NodeFuture<V> request(BiConsumer<NodeFuture<V>, List<Runnable>> body) {
    NodeFuture<V> future = new NodeFuture<>(thread);
    submit(new LoopRequest() {
      @Override
      public void run(List<Runnable> completions) {
        body.accept(future, completions);
      }

      @Override
      public void fail(Throwable cause) {
        future.completeExceptionally(cause);
      }
    });
    return future;
  }

  /**
   * Stages {@code snapshot} in this loop's storage; on the caller's thread (see {@link
   * Storage#stageSnapshot}).
   */
  void stageSnapshot(S snapshot) {
    storage.stageSnapshot(snapshot);
  }

  /**
   * A request whose result is computed by {@code body} on the loop and delivered after the flush.
   */
  <V> NodeFuture<V> call(Function<OmniPaxos<Envelope<T>, S>, V> body) {
    return request((future, completions) -> {
      try {
        V v = body.apply(core);
        completions.add(() -> future.complete(v));
      } catch (RuntimeException e) {
        if (isFatal(e)) {
          throw e;
        }
        completions.add(() -> future.completeExceptionally(e));
      }
    });
  }

  /** Proposes {@code entry}; the future completes with its log index once it is decided. */
  NodeFuture<Long> appendDecided(T entry) {
    LoopAppends<T, S>.Append r = appends.request(entry, new NodeFuture<>(thread));
    submit(r);
    return r.future;
  }

  /** Appends that came to this loop after another configuration sealed; run like fresh appends. */
  void carryIn(List<LoopWiring.Carried<T>> appends) {
    for (LoopWiring.Carried<T> c : appends) {
      submit(this.appends.request(c.entry(), c.future()));
    }
  }

  /** Proposes {@code entry}; the future completes once the node took it (not decided yet). */
  NodeFuture<Void> append(T entry) {
    return call(c -> {
      c.append(new Envelope<>(appends.nextId(), entry));
      return null;
    });
  }

  /**
   * The decided events from position {@code from} on (at most about {@code max} entries), as soon
   * as at least one exists. Positions are counted across configurations: this loop's log starts at
   * {@link #startPosition()}, and {@code from} must not be below it.
   */
  NodeFuture<List<DecidedEvent<T, S>>> nextDecided(long from, int max) {
    long local = from - start;
    if (local < 0) {
      throw new IllegalArgumentException(
          "position " + from + " is before this configuration's log, which starts at " + start);
    }
    return request((future, completions) -> waiters.awaitDecided(local, max, future));
  }

  /** The position (counted across configurations) at which this loop's log starts. */
  long startPosition() {
    return start;
  }

  /** Completes with the stop sign once this configuration's stop sign is decided here. */
  NodeFuture<StopSign> reconfigured() {
    return request((future, completions) -> waiters.awaitReconfigured(future));
  }

  NodeFuture<NodeStats> stats() {
    return call(c -> {
      Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
      for (DropReason r : DropReason.values()) {
        drops.put(r, c.droppedMessages(r));
      }
      NodeStatus s = c.status();
      return new NodeStats(pid, s.currentLeader(), s.bleLeader().pid(), s.promise(),
          s.decidedIdx(), s.acceptedIdx(), s.compactedIdx(), drops,
          channels.droppedOutgoing(), channels.rejectedIncomingOffers(), s.droppedProposals(),
          tracker.size(), leaseHolds(), s.deferredPrepares(), s.happy(), s.heartbeatRounds(),
          s.phase() == NodeStatus.Phase.ACCEPT, s.heardPeers());
    });
  }

  /**
   * Starts a lease read: completes once this node's decided index reaches its accepted index at the
   * time of the call, provided it leads with a lease that holds now and still leads the same ballot
   * then; fails with {@link LeaseUnavailableException} otherwise.
   */
  NodeFuture<LeaseRead> leaseRead() {
    return request((future, completions) -> {
      if (!leaseHolds()) {
        completions.add(() -> future.completeExceptionally(noLease()));
        return;
      }
      waiters.awaitLease(new LeaseRead(core.promise(), core.acceptedIdx()), future);
    });
  }

  /**
   * Starts a quorum read: completes with the loop-local read index once a write quorum confirmed
   * this node's leadership after the call and the decided index reached its accepted index at the
   * call; fails with {@link QuorumReadUnavailableException} if this node is not the accepting
   * leader, its ballot changes first, or no quorum answers within the append time-out.
   */
  NodeFuture<Long> quorumRead() {
    return request((future, completions) -> {
      Optional<QuorumRead> read = core.startQuorumRead();
      if (read.isEmpty()) {
        completions.add(() -> future.completeExceptionally(new QuorumReadUnavailableException(
            "node " + pid + " is not the accepting leader of an unsealed configuration")));
        return;
      }
      long deadline = System.nanoTime()
          + TimeUnit.MILLISECONDS.toNanos(config.appendTimeoutMs());
      waiters.awaitQuorumRead(read.get(), deadline, future);
    });
  }

  /** Whether the lease under which {@code read} started still holds, checked now on the loop. */
  NodeFuture<Boolean> confirmLease(LeaseRead read) {
    return call(c -> leaseHolds() && c.promise().equals(read.ballot()));
  }

  /** Whether this node leads with a lease that holds, by tick count and real time. */
  private boolean leaseHolds() {
    return leaseClock.holds(core);
  }

  private LeaseUnavailableException noLease() {
    return new LeaseUnavailableException(
        config.leaseMs() == 0
            ? "node " + pid + ": leases are off"
            : "node " + pid + " holds no lease (it leads: " + core.isLeader() + ")");
  }

  private void submit(LoopRequest r) {
    if (isClosed()) {
      r.fail(closedException());
      return;
    }
    requests.add(r);
    if (finished) {
      // The loop may have drained the queue before this request arrived; failing twice is harmless.
      r.fail(closedException());
      return;
    }
    wake();
  }

  /**
   * Makes the loop look at its queues soon. The caller queued something first; the loop publishes
   * {@link #sleeping} before its last emptiness check, so either it sees the arrival or this sees
   * it sleeping (both are volatile accesses).
   */
  private void wake() {
    if (sleeping && wakeSignalled.compareAndSet(false, true)) {
      LockSupport.unpark(thread);
    }
  }

  /** Stops the loop; waits for it unless called from the loop itself. */
  void close() {
    closeRequested = true;
    wake();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("node {}: event loop did not stop within {} ms", pid, CLOSE_WAIT_MS);
    }
  }

  private NodeClosedException closedException() {
    Throwable cause = failure;
    return new NodeClosedException(cause == null ? "node " + pid + " is closed"
        : "node " + pid + " stopped after a fatal error: " + cause, cause);
  }

  /** Whether {@code e} stops the loop (anything but a refusal of the request). */
  static boolean isFatal(RuntimeException e) {
    return e instanceof StorageException
        || !(e instanceof OmniPaxosException || e instanceof IllegalArgumentException);
  }

  // ---- the loop ----

  @Override
  public void run() {
    try {
      while (!closeRequested) {
        long now = System.nanoTime();
        boolean tickDue = now - nextTick >= 0;
        if (!tickDue && nothingQueued()) {
          wakeSignalled.set(false);
          sleeping = true;
          if (nothingQueued() && !closeRequested) {
            LockSupport.parkNanos(this, nextTick - now);
          }
          sleeping = false;
          continue;
        }
        runBatch(tickDue, now);
      }
    } catch (Throwable t) {
      failure = t;
      LOG.error("node {}: fatal error, stopping", pid, t);
    } finally {
      shutDown();
    }
  }

  /**
   * Runs up to {@link #MAX_EVENTS_PER_SOURCE} queued requests, proposing the appends among them
   * together.
   */
  private void takeRequests(List<Runnable> completions) {
    LoopRequest r;
    for (int i = 0; i < MAX_EVENTS_PER_SOURCE && (r = requests.poll()) != null; i++) {
      if (!LoopAppends.isAppend(r)) {
        appends.proposeStaged(completions);
      }
      r.run(completions);
    }
    appends.proposeStaged(completions);
  }

  private boolean nothingQueued() {
    return requests.isEmpty() && channels.incomingEmpty();
  }

  private void runBatch(boolean tickDue, long now) {
    List<Runnable> completions = this.completions;
    takeRequests(completions);
    for (PaxosMessage<Envelope<T>, S> m : channels.paxosIn().drain(MAX_EVENTS_PER_SOURCE)) {
      core.handle(m);
    }
    for (BleMessage m : channels.bleIn().drain(MAX_EVENTS_PER_SOURCE)) {
      core.handle(m);
    }
    if (tickDue) {
      core.tick();
      leaseClock.recordTick(core.ticks(), now);
      nextTick += tickNanos;
      if (now - nextTick >= 0) {
        // Fell behind by more than a tick: skip the missed ticks rather than firing them in a
        // burst.
        nextTick = now + tickNanos;
      }
    }
    // What these events decided is decided cluster-wide already: a decision never rests on this
    // node's
    // unflushed writes (a leader counts itself only once its log is durable). So the appends they
    // settle complete now, and the writes their callbacks submit join this batch: they leave
    // together
    // with the new decided index, in one message per follower.
    tracker.process(storage.takeNotes(), now);
    if (!requests.isEmpty()) {
      takeRequests(completions);
    }
    // A leader's replication messages leave before its own flush, so that its disk and its
    // followers' work in parallel; everything else leaves after the flush.
    for (Message<Envelope<T>, S> m : core.messagesBeforeFlush()) {
      channels.route(m);
    }
    for (Message<Envelope<T>, S> m : core.outgoingMessages()) {
      channels.route(m);
    }
    long done = System.nanoTime();
    tracker.process(storage.takeNotes(), done);
    appends.afterFlush(tickDue, start, completions);
    if (tickDue) {
      tracker.tick(done);
    }
    for (int i = 0; i < completions.size(); i++) {
      completions.get(i).run();
    }
    completions.clear();
    waiters.serve(core, this::leaseHolds, appends.reconfigured());
    waiters.serveQuorumReads(core, done);
    long leader = core.currentLeader().orElse(0);
    if (leader != lastLeader) {
      lastLeader = leader;
      LOG.info("node {}: leader is now {}", pid, leader);
    }
  }

  private void shutDown() {
    finished = true;
    NodeClosedException closed = closedException();
    LoopRequest r;
    while ((r = requests.poll()) != null) {
      r.fail(closed);
    }
    tracker.failAll(
        Reason.NODE_CLOSED, failure == null ? "the node closed" : "the node failed: " + failure);
    appends.failHeld(closed);
    waiters.failAll(closed);
    channels.close();
    LOG.info("node {}: {}", pid, failure == null ? "closed" : "stopped after a fatal error");
    terminated.complete(null);
  }
}
