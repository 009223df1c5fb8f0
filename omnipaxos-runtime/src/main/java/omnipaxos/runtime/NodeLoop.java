package omnipaxos.runtime;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;
import omnipaxos.core.Ballot;
import omnipaxos.core.DropReason;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosException;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.SequencePaxos;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.runtime.EntryNotDecidedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop of one node: the only thread that touches the core. Each iteration takes a batch of
 * events (API requests, then incoming Sequence Paxos and leader-election messages, then a tick if one
 * is due), feeds them to the core, and completes the appends these events decided (a decision is
 * cluster-wide and never waits for this node's flush), taking the requests their callbacks submit
 * into the same batch. It then sends the messages that may leave before the batch's writes are
 * durable ({@link OmniPaxos#messagesBeforeFlush()}: a leader's replication), and calls
 * {@link OmniPaxos#outgoingMessages()}, which makes the batch's storage writes durable with one flush
 * (if any needs it). Only after that does it release the batch's other messages to the outgoing
 * channels and complete the batch's other futures (group commit). It sleeps until the next
 * tick when there is nothing to do, and wakes as soon as a request or message arrives.
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
  private final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosIn;
  private final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut;
  private final MessageChannel<BleMessage> bleIn;
  private final MessageChannel<BleMessage> bleOut;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeSignalled = new AtomicBoolean();
  /**
   * Set while the loop is about to park or parked: only then does an arrival unpark it. A busy loop
   * sees the arrival at its next emptiness check, so wakers skip the unpark system call.
   */
  private volatile boolean sleeping;
  private final Thread thread;
  private final long tickNanos;
  private final AppendTracker tracker;
  private final List<DecidedWaiter> decidedWaiters = new ArrayList<>();
  /** What completes the current batch's requests, run after its flush; reused across batches. */
  private final List<Runnable> completions = new ArrayList<>();
  /** The {@link #appendDecided} calls of this pass not yet handed to the core; see {@link AppendRequest}. */
  private final List<AppendRequest> staged = new ArrayList<>();
  private final List<NodeFuture<StopSign>> reconfiguredWaiters = new ArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final List<LeaseWaiter> leaseWaiters = new ArrayList<>();
  /** Leases: the core tick count and System.nanoTime() of recent ticks, indexed by tick count modulo. */
  private final long[] tickCounts;
  private final long[] tickTimes;

  private volatile boolean closeRequested;
  private volatile boolean finished;
  private volatile Throwable failure;
  private long nextSeq;
  private long nextTick;
  private long droppedOutgoing;
  private long lastLeader;
  private boolean reconfigured;
  /** Whether the successor was told about the decided stop sign. */
  private boolean sealNotified;
  private final LoopWiring<T, S> wiring;
  private final long start;
  private final boolean ownsOutgoing;
  /**
   * Appends refused while a stop sign was accepted but not yet decided: with a successor they wait for
   * the decision (then go to the next configuration) or for the stop sign to be dropped (then they are
   * proposed here), rather than fail.
   */
  private final List<AppendRequest> held = new ArrayList<>();

  NodeLoop(NodeConfig config, Storage<T, S> userStorage, Snapshotter<T, S> snapshotter) {
    this(config, userStorage, snapshotter, LoopWiring.standalone());
  }

  NodeLoop(NodeConfig config, Storage<T, S> userStorage, Snapshotter<T, S> snapshotter, LoopWiring<T, S> wiring) {
    this.config = config;
    this.pid = config.getPid();
    this.wiring = wiring;
    this.start = wiring.startPosition();
    AppendTracker appends = new AppendTracker(pid, session,
        TimeUnit.MILLISECONDS.toNanos(config.getAppendTimeoutMs()),
        2 * TimeUnit.MILLISECONDS.toNanos(config.getElectionTimeoutMs()), start);
    this.tracker = appends;
    this.storage = new EnvelopeStorage<>(userStorage, () -> appends.size() > 0);
    this.core = config.toOmniPaxosConfig().build(storage, new EnvelopeSnapshotter<>(snapshotter));
    String prefix = "node " + pid + " (configuration " + config.getConfigurationId() + ") ";
    int capacity = config.getChannelCapacity();
    this.paxosIn = new MessageChannel<>(prefix + "Sequence Paxos incoming", capacity, this::wake);
    this.ownsOutgoing = wiring.paxosOut() == null;
    this.paxosOut = ownsOutgoing ? new MessageChannel<>(prefix + "Sequence Paxos outgoing", capacity) : wiring.paxosOut();
    this.bleIn = new MessageChannel<>(prefix + "BLE incoming", capacity, this::wake);
    this.bleOut = ownsOutgoing ? new MessageChannel<>(prefix + "BLE outgoing", capacity) : wiring.bleOut();
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(config.getTickPeriodMs());
    this.reconfigured = core.isReconfigured().isPresent();
    int window = core.sequencePaxos().leaderLeaseTicks() + 2;
    this.tickCounts = new long[window];
    this.tickTimes = new long[window];
    this.thread = new Thread(this, "omnipaxos-node-" + pid + "-c" + config.getConfigurationId());
    this.thread.setDaemon(true);
  }

  void start() {
    long now = System.nanoTime();
    recordTick(now);
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
    return paxosIn;
  }

  MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut() {
    return paxosOut;
  }

  MessageChannel<BleMessage> bleIn() {
    return bleIn;
  }

  MessageChannel<BleMessage> bleOut() {
    return bleOut;
  }

  CompletableFuture<Void> terminated() {
    return terminated;
  }

  boolean isClosed() {
    return closeRequested || finished;
  }

  // ---- requests from any thread ----

  /** A unit of work for the loop. */
  private interface Request {
    /** Runs on the loop; adds what completes its future to {@code completions}, run after the flush. */
    void run(List<Runnable> completions);

    /** Fails the request's future: it will not run. */
    void fail(Throwable cause);
  }

  /**
   * Submits {@code body}, run on the loop with a fresh future and the batch's completions; the future
   * fails if the request never runs.
   */
  private <V> NodeFuture<V> request(BiConsumer<NodeFuture<V>, List<Runnable>> body) {
    NodeFuture<V> future = new NodeFuture<>(thread);
    submit(new Request() {
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

  /** Stages {@code snapshot} in this loop's storage; on the caller's thread (see {@link Storage#stageSnapshot}). */
  void stageSnapshot(S snapshot) {
    storage.stageSnapshot(snapshot);
  }

  /** A request whose result is computed by {@code body} on the loop and delivered after the flush. */
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
    AppendRequest r = new AppendRequest(entry, new NodeFuture<>(thread));
    submit(r);
    return r.future;
  }

  /**
   * An {@link #appendDecided} call. Consecutive ones taken in one pass are staged and proposed together
   * ({@link OmniPaxos#appendAll}: one storage write and one message per follower for all of them);
   * any other request first proposes what is staged, so the log keeps the order of the calls.
   */
  private final class AppendRequest extends AppendTracker.Pending implements Request {
    final T entry;
    /** When it was requested: a hold behind a pending stop sign ends after the append time-out from here. */
    long heldSince = System.nanoTime();

    AppendRequest(T entry, NodeFuture<Long> future) {
      super(future);
      this.entry = entry;
    }

    @Override
    public void run(List<Runnable> completions) {
      staged.add(this);
    }

    @Override
    public void fail(Throwable cause) {
      future.completeExceptionally(cause);
    }
  }

  /**
   * Proposes the staged appends. Each is tracked first, so that the storage notes where the append
   * writes it. If the node refuses them together, each is tried alone, so every call gets its own answer.
   */
  private void proposeStaged(List<Runnable> completions) {
    int n = staged.size();
    if (n == 0) {
      return;
    }
    if (wiring.successor() != null) {
      // Sealed and handed over: the next configuration takes them. Sealed in this batch, or a stop sign
      // pending: they wait with the held ones (which go to the next configuration with the seal).
      boolean sealed = reconfigured || core.isReconfigured().isPresent();
      if (sealed && sealNotified) {
        wiring.successor().carry(carried(staged));
        staged.clear();
        return;
      }
      if (sealed || !held.isEmpty()) {
        held.addAll(staged);
        staged.clear();
        return;
      }
    }
    long now = System.nanoTime();
    List<Envelope<T>> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AppendRequest r = staged.get(i);
      EntryId id = nextId();
      tracker.track(r, id, now);
      entries.add(new Envelope<>(id, r.entry));
    }
    try {
      core.appendAll(entries);
    } catch (RuntimeException e) {
      if (isFatal(e)) {
        throw e;
      }
      for (int i = 0; i < n; i++) {
        AppendRequest r = staged.get(i);
        try {
          core.append(entries.get(i));
        } catch (RuntimeException single) {
          if (isFatal(single)) {
            throw single;
          }
          tracker.untrack(r);
          if (wiring.successor() != null && single instanceof ProposalRejectedException pr
              && pr.reason() != ProposalRejectedException.Reason.BUFFER_FULL) {
            held.add(r);
          } else {
            completions.add(() -> r.future.completeExceptionally(single));
          }
        }
      }
    } finally {
      staged.clear();
    }
  }

  private List<LoopWiring.Carried<T>> carried(List<AppendRequest> requests) {
    List<LoopWiring.Carried<T>> out = new ArrayList<>(requests.size());
    for (AppendRequest r : requests) {
      out.add(new LoopWiring.Carried<>(r.entry, r.future));
    }
    return out;
  }

  /**
   * Proposes the held appends again once a tick (the pending stop sign may have been dropped by a new
   * leader); those still refused stay held, and fail after the append time-out.
   */
  private void retryHeld(List<Runnable> completions) {
    List<AppendRequest> again = new ArrayList<>(held);
    held.clear();
    long now = System.nanoTime();
    long timeout = TimeUnit.MILLISECONDS.toNanos(config.getAppendTimeoutMs());
    for (AppendRequest r : again) {
      if (now - r.heldSince > timeout) {
        completions.add(() -> r.future.completeExceptionally(new ProposalRejectedException(
            ProposalRejectedException.Reason.RECONFIGURATION_PENDING, "node " + pid + ": a stop sign was pending"
            + " for longer than the append time-out")));
      } else {
        staged.add(r);
      }
    }
    proposeStaged(completions);
  }

  /** Appends that came to this loop after another configuration sealed; run like fresh appends. */
  void carryIn(List<LoopWiring.Carried<T>> appends) {
    for (LoopWiring.Carried<T> c : appends) {
      submit(new AppendRequest(c.entry(), c.future()));
    }
  }

  /** Proposes {@code entry}; the future completes once the node took it (not decided yet). */
  NodeFuture<Void> append(T entry) {
    return call(c -> {
      c.append(new Envelope<>(nextId(), entry));
      return null;
    });
  }

  /**
   * The decided events from position {@code from} on (at most about {@code max} entries), as soon as
   * at least one exists. Positions are counted across configurations: this loop's log starts at
   * {@link #startPosition()}, and {@code from} must not be below it.
   */
  NodeFuture<List<DecidedEvent<T, S>>> nextDecided(long from, int max) {
    long local = from - start;
    if (local < 0) {
      throw new IllegalArgumentException("position " + from + " is before this configuration's log, which starts at "
          + start);
    }
    return request((future, completions) -> decidedWaiters.add(new DecidedWaiter(local, max, future)));
  }

  /** The position (counted across configurations) at which this loop's log starts. */
  long startPosition() {
    return start;
  }

  /** Completes with the stop sign once this configuration's stop sign is decided here. */
  NodeFuture<StopSign> reconfigured() {
    return request((future, completions) -> reconfiguredWaiters.add(future));
  }

  NodeFuture<NodeStats> stats() {
    return call(c -> {
      Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
      for (DropReason r : DropReason.values()) {
        drops.put(r, c.droppedMessages(r));
      }
      long leader = c.getCurrentLeader().orElse(0);
      return new NodeStats(pid, leader == 0 ? OptionalLong.empty() : OptionalLong.of(leader), c.ble().leader().pid(),
          c.getPromise(), c.getDecidedIdx(),
          c.getAcceptedIdx(), c.getCompactedIdx(), drops, droppedOutgoing,
          paxosIn.rejectedOffers() + bleIn.rejectedOffers(), c.droppedProposals(), tracker.size(), leaseHolds(),
          c.sequencePaxos().deferredPrepares(), c.ble().isHappy(), c.ble().completedRounds(),
          c.sequencePaxos().phase() == SequencePaxos.Phase.ACCEPT, c.ble().heardLastRound());
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
      SequencePaxos<Envelope<T>, S> sp = core.sequencePaxos();
      leaseWaiters.add(new LeaseWaiter(new LeaseRead(sp.promise(), sp.acceptedIdx()), future));
    });
  }

  /** Whether the lease under which {@code read} started still holds, checked now on the loop. */
  NodeFuture<Boolean> confirmLease(LeaseRead read) {
    return call(c -> leaseHolds() && c.sequencePaxos().promise().equals(read.ballot()));
  }

  /**
   * Whether this node leads with a lease that holds: by the core's tick count and by elapsed real time.
   * The loop skips ticks it missed (after a pause), so the tick count alone could overstate the lease;
   * the real-time check measures from when the lease's start tick ran, and keeps one tick of margin for
   * the time a follower's loop may take between receiving a message and its next tick.
   */
  private boolean leaseHolds() {
    SequencePaxos<Envelope<T>, S> sp = core.sequencePaxos();
    if (!sp.hasLease()) {
      return false;
    }
    long start = sp.leaseStartTick().orElseThrow();
    int slot = (int) (start % tickCounts.length);
    if (tickCounts[slot] != start) {
      return false;
    }
    return System.nanoTime() - tickTimes[slot] < (sp.leaderLeaseTicks() - 1) * tickNanos;
  }

  private void recordTick(long nanos) {
    long count = core.sequencePaxos().ticks();
    int slot = (int) (count % tickCounts.length);
    tickCounts[slot] = count;
    tickTimes[slot] = nanos;
  }

  private LeaseUnavailableException noLease() {
    return new LeaseUnavailableException(config.getLeaseMs() == 0 ? "node " + pid + ": leases are off"
        : "node " + pid + " holds no lease (it leads: " + core.isLeader() + ")");
  }

  private void submit(Request r) {
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
   * {@link #sleeping} before its last emptiness check, so either it sees the arrival or this sees it
   * sleeping (both are volatile accesses).
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

  private static boolean isFatal(RuntimeException e) {
    return e instanceof StorageException
        || !(e instanceof OmniPaxosException || e instanceof IllegalArgumentException);
  }

  private EntryId nextId() {
    return new EntryId(pid, session, ++nextSeq);
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

  /** Runs up to {@link #MAX_EVENTS_PER_SOURCE} queued requests, proposing the appends among them together. */
  private void takeRequests(List<Runnable> completions) {
    Request r;
    for (int i = 0; i < MAX_EVENTS_PER_SOURCE && (r = requests.poll()) != null; i++) {
      if (!(r instanceof NodeLoop<?, ?>.AppendRequest)) {
        proposeStaged(completions);
      }
      r.run(completions);
    }
    proposeStaged(completions);
  }

  private boolean nothingQueued() {
    return requests.isEmpty() && paxosIn.size() == 0 && bleIn.size() == 0;
  }

  private void runBatch(boolean tickDue, long now) {
    List<Runnable> completions = this.completions;
    takeRequests(completions);
    for (PaxosMessage<Envelope<T>, S> m : paxosIn.drain(MAX_EVENTS_PER_SOURCE)) {
      core.handle(m);
    }
    for (BleMessage m : bleIn.drain(MAX_EVENTS_PER_SOURCE)) {
      core.handle(m);
    }
    if (tickDue) {
      core.tick();
      recordTick(now);
      nextTick += tickNanos;
      if (now - nextTick >= 0) {
        // Fell behind by more than a tick: skip the missed ticks rather than firing them in a burst.
        nextTick = now + tickNanos;
      }
    }
    // What these events decided is decided cluster-wide already: a decision never rests on this node's
    // unflushed writes (a leader counts itself only once its log is durable). So the appends they
    // settle complete now, and the writes their callbacks submit join this batch: they leave together
    // with the new decided index, in one message per follower.
    tracker.process(storage.takeNotes(), now);
    if (!requests.isEmpty()) {
      takeRequests(completions);
    }
    // A leader's replication messages leave before its own flush, so that its disk and its
    // followers' work in parallel; everything else leaves after the flush.
    for (Message<Envelope<T>, S> m : core.messagesBeforeFlush()) {
      route(m);
    }
    for (Message<Envelope<T>, S> m : core.outgoingMessages()) {
      route(m);
    }
    long done = System.nanoTime();
    tracker.process(storage.takeNotes(), done);
    if (!reconfigured && core.isReconfigured().isPresent()) {
      reconfigured = true;
      StopSign ss = core.isReconfigured().get();
      LOG.info("node {}: configuration {} ended, next {}", pid, config.getConfigurationId(), ss.nextConfig());
      if (wiring.successor() == null) {
        tracker.failAll(Reason.RECONFIGURED, "the configuration's stop sign was decided without it");
      }
    }
    if (reconfigured && !sealNotified && wiring.successor() != null) {
      sealNotified = true;
      List<LoopWiring.Carried<T>> carried = new ArrayList<>();
      for (AppendTracker.Pending p : tracker.takeAll()) {
        AppendRequest r = (AppendRequest) p;
        carried.add(new LoopWiring.Carried<>(r.entry, r.future));
      }
      carried.addAll(carried(held));
      held.clear();
      wiring.successor().sealed(core.isReconfigured().get(), start + core.getDecidedIdx() - 1, carried);
    } else if (!held.isEmpty() && tickDue && !reconfigured) {
      retryHeld(completions);
    }
    if (tickDue) {
      tracker.tick(done);
    }
    for (int i = 0; i < completions.size(); i++) {
      completions.get(i).run();
    }
    completions.clear();
    serveWaiters();
    long leader = core.getCurrentLeader().orElse(0);
    if (leader != lastLeader) {
      lastLeader = leader;
      LOG.info("node {}: leader is now {}", pid, leader);
    }
  }

  private void route(Message<Envelope<T>, S> m) {
    OfferResult result;
    if (m instanceof Message.Paxos<Envelope<T>, S> p) {
      result = paxosOut.offer(p.message());
    } else if (m instanceof Message.Ble<Envelope<T>, S> b) {
      result = bleOut.offer(b.message());
    } else {
      throw new IllegalStateException("unknown message " + m);
    }
    if (result != OfferResult.ACCEPTED) {
      if (droppedOutgoing == 0) {
        LOG.warn("node {}: outgoing channel {}; dropping messages until it has room (the protocol resends)",
            pid, result == OfferResult.FULL ? "full" : "closed");
      }
      droppedOutgoing++;
    }
  }

  private void serveWaiters() {
    if (!leaseWaiters.isEmpty()) {
      boolean holds = leaseHolds();
      Ballot promise = core.getPromise();
      long decided = core.getDecidedIdx();
      Iterator<LeaseWaiter> it = leaseWaiters.iterator();
      while (it.hasNext()) {
        LeaseWaiter w = it.next();
        if (!holds || !promise.equals(w.read.ballot())) {
          it.remove();
          w.future.completeExceptionally(new LeaseUnavailableException("node " + pid
              + ": the lease lapsed or leadership changed before the read index was decided"));
        } else if (decided >= w.read.readIdx()) {
          it.remove();
          w.future.complete(w.read);
        }
      }
    }
    if (!decidedWaiters.isEmpty()) {
      long decided = core.getDecidedIdx();
      Iterator<DecidedWaiter> it = decidedWaiters.iterator();
      while (it.hasNext()) {
        DecidedWaiter w = it.next();
        if (w.future.isDone()) {
          it.remove();
        } else if (decided > w.from) {
          it.remove();
          w.future.complete(readDecidedEvents(w.from, w.max));
        }
      }
    }
    if (reconfigured && !reconfiguredWaiters.isEmpty()) {
      StopSign ss = core.isReconfigured().orElseThrow();
      for (NodeFuture<StopSign> f : reconfiguredWaiters) {
        f.complete(ss);
      }
      reconfiguredWaiters.clear();
    }
  }

  /** Decided events from {@code from}: a compacted prefix as one event, then entries, then the stop sign. */
  private List<DecidedEvent<T, S>> readDecidedEvents(long from, int max) {
    long to = Math.min(core.getDecidedIdx(), from + max);
    List<DecidedEvent<T, S>> events = new ArrayList<>();
    long p = from;
    for (LogEntry<Envelope<T>, S> e : core.readEntries(from, to)) {
      if (e instanceof LogEntry.Snapshotted<Envelope<T>, S> s) {
        events.add(new DecidedEvent.Snapshot<>(start + s.trimmedIdx(), s.snapshot()));
        p = s.trimmedIdx();
      } else if (e instanceof LogEntry.Trimmed<Envelope<T>, S> t) {
        events.add(new DecidedEvent.Trimmed<>(start + t.trimmedIdx()));
        p = t.trimmedIdx();
      } else if (e instanceof LogEntry.Decided<Envelope<T>, S> d) {
        events.add(new DecidedEvent.Entry<>(start + p++, d.entry().entry()));
      } else if (e instanceof LogEntry.StopSignEntry<Envelope<T>, S> ss && ss.decided()) {
        events.add(new DecidedEvent.Reconfigured<>(start + p++, ss.stopSign()));
      } else {
        break;
      }
    }
    return events;
  }

  /** A {@link #leaseRead} waiting for the decided index to reach its read index. */
  private record LeaseWaiter(LeaseRead read, NodeFuture<LeaseRead> future) {}

  /** A {@link #nextDecided} call waiting for the decided index to pass {@code from}. */
  private final class DecidedWaiter {
    final long from;
    final int max;
    final NodeFuture<List<DecidedEvent<T, S>>> future;

    DecidedWaiter(long from, int max, NodeFuture<List<DecidedEvent<T, S>>> future) {
      this.from = from;
      this.max = max;
      this.future = future;
    }
  }

  private void shutDown() {
    finished = true;
    NodeClosedException closed = closedException();
    Request r;
    while ((r = requests.poll()) != null) {
      r.fail(closed);
    }
    tracker.failAll(Reason.NODE_CLOSED, failure == null ? "the node closed" : "the node failed: " + failure);
    for (AppendRequest h : held) {
      h.fail(closed);
    }
    held.clear();
    for (DecidedWaiter w : decidedWaiters) {
      w.future.completeExceptionally(closed);
    }
    decidedWaiters.clear();
    for (LeaseWaiter w : leaseWaiters) {
      w.future.completeExceptionally(closed);
    }
    leaseWaiters.clear();
    for (NodeFuture<StopSign> f : reconfiguredWaiters) {
      f.completeExceptionally(closed);
    }
    reconfiguredWaiters.clear();
    paxosIn.close();
    bleIn.close();
    if (ownsOutgoing) {
      paxosOut.close();
      bleOut.close();
    }
    LOG.info("node {}: {}", pid, failure == null ? "closed" : "stopped after a fatal error");
    terminated.complete(null);
  }
}
