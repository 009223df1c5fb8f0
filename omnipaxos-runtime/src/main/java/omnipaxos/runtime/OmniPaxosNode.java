package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.CompactionException;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.LogEntry;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.Storage;

/**
 * One OmniPaxos node running on its own event-loop thread: the asynchronous API of the seed's
 * {@code OmniPaxosNode}. Users never tick the node or hand leaders around; they pump the channels of
 * the {@link OmniPaxosHandle} that {@link #create} returns and call the methods below from any thread.
 *
 * <h2>Threads and durability</h2>
 * One thread owns the core. Requests, received messages and ticks (every
 * {@link NodeConfig#getTickPeriodMs() tick period}) are events of one loop; after each batch of events
 * the loop makes the batch's storage writes durable with one {@link Storage#flush()}, and only then
 * releases the batch's outgoing messages and completes the batch's futures. Two things do not wait for
 * the flush: a leader's replication messages leave before it (the leader counts its own log towards a
 * quorum only once it is durable), and {@link #appendDecided} futures of entries the batch decided
 * complete right after its events (a decision is cluster-wide and never rests on this node's unflushed
 * writes), so appends their continuations submit join the same batch. Leader-election results
 * reach Sequence Paxos within the tick that produced them, and messages leave as soon as their batch is
 * durable. Futures are completed on the loop thread: continuations attached with non-async methods run
 * there and must not block (waiting there for another of this node's futures fails at once with
 * {@link IllegalStateException}); use the {@code *Async} variants for slow work.
 *
 * <h2>Appending</h2>
 * {@link #append} is the seed's: it completes once this node took the entry (replicated it, buffered
 * it or forwarded it to the leader), which says nothing about its being decided. {@link #appendDecided}
 * completes with the entry's log index once it is decided here, on the leader and on followers alike,
 * or fails with {@link EntryNotDecidedException} saying whether the entry is certainly not decided or
 * its fate cannot be known here. To know exactly which entry was decided where, the runtime replicates
 * each entry in an {@link Envelope} with a unique {@link EntryId}; the user's storage and snapshotter
 * only ever see the plain entries.
 *
 * <h2>Errors</h2>
 * Requests the core refuses fail with its typed exceptions ({@link ProposalRejectedException} for an
 * append after the stop sign is decided or while no leader is known and the buffer is full,
 * {@link CompactionException}, {@link InvalidConfigException}). Received messages that are addressed to
 * another pid, come from a non-member or belong to another configuration are dropped and counted
 * ({@link #stats()}); so are outgoing messages that find their channel full (the protocol resends).
 * After {@link #close()}, and after a fatal storage error, every call fails at once with
 * {@link NodeClosedException}.
 */
public final class OmniPaxosNode<T, S> implements AutoCloseable {

  private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

  private final NodeLoop<T, S> loop;
  private final NodeConfig config;

  private OmniPaxosNode(NodeLoop<T, S> loop, NodeConfig config) {
    this.loop = loop;
    this.config = config;
  }

  /**
   * Starts a node without snapshot support on {@code storage}; if the storage holds state of an earlier
   * run the node recovers from it.
   *
   * @throws InvalidConfigException if {@code config} is invalid
   */
  public static <T, S> OmniPaxosHandle<T, S> create(NodeConfig config, Storage<T, S> storage) {
    return create(config, storage, Snapshotter.disabled());
  }

  /**
   * Starts a node on {@code storage} that compacts its log with {@code snapshotter}.
   *
   * @throws InvalidConfigException if {@code config} is invalid
   */
  public static <T, S> OmniPaxosHandle<T, S> create(NodeConfig config, Storage<T, S> storage,
      Snapshotter<T, S> snapshotter) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(snapshotter, "snapshotter");
    NodeConfig copy = config.copy();
    copy.validate();
    NodeLoop<T, S> loop = new NodeLoop<>(copy, storage, snapshotter);
    OmniPaxosNode<T, S> node = new OmniPaxosNode<>(loop, copy);
    loop.start();
    return new OmniPaxosHandle<>(node,
        new SequencePaxosHandle<>(loop.paxosIn(), loop.paxosOut()),
        new BleHandle(loop.bleIn(), loop.bleOut()));
  }

  /** This node's pid. */
  public long pid() {
    return loop.pid();
  }

  /** A copy of the configuration the node runs with. */
  public NodeConfig config() {
    return config.copy();
  }

  // ---- log ----

  /**
   * Proposes {@code entry}. Completes once this node took it, not once it is decided; fails with
   * {@link ProposalRejectedException} if the node refused it.
   */
  public CompletableFuture<Void> append(T entry) {
    Objects.requireNonNull(entry, "entry");
    return loop.append(entry);
  }

  /**
   * Proposes {@code entry} and completes with its log index once it is decided at this node. Fails with
   * {@link ProposalRejectedException} if the node refused it, or with {@link EntryNotDecidedException}
   * if it is certainly not decided ({@code LOST}, {@code RECONFIGURED}) or its fate cannot be known
   * here ({@code LEADER_CHANGED}, {@code UNTRACEABLE}, {@code TIMED_OUT}, {@code NODE_CLOSED}).
   */
  public CompletableFuture<Long> appendDecided(T entry) {
    Objects.requireNonNull(entry, "entry");
    return loop.appendDecided(entry);
  }

  /**
   * A linearizable local read under a leader lease (see {@link NodeConfig}). On the leader with a lease
   * that holds, it waits until the decided index covers everything the leader had accepted when the
   * read arrived, calls {@code readAt} with that index (the application reads its state once it applied
   * at least that far; {@code readAt} runs on the node's thread and must not block), and then checks the
   * lease again on the node's thread: only if it still holds in the same ballot does the returned future
   * complete with what was read. A pause anywhere before that second check makes it fail rather than
   * answer stale data. Fails with {@link LeaseUnavailableException} when the read cannot be served this
   * way (leases off, not the leader, no lease, lease lapsed, leader changed): read through the log then.
   */
  public <R> CompletableFuture<R> leaseRead(LongFunction<? extends CompletionStage<R>> readAt) {
    Objects.requireNonNull(readAt, "readAt");
    return loop.leaseRead().thenCompose(read -> readAt.apply(read.readIdx())
        .thenCompose(value -> loop.confirmLease(read).thenApply(holds -> {
          if (!holds) {
            throw new LeaseUnavailableException("node " + pid() + ": the lease lapsed before the read was answered");
          }
          return value;
        })));
  }

  /** The read view of positions {@code [from, to)}; empty if the range is not within the accepted log. */
  public CompletableFuture<List<LogEntry<T, S>>> readEntries(long from, long to) {
    return loop.call(c -> unwrap(c.readEntries(from, to)));
  }

  /** The read view from {@code from} to the end of the accepted log (a decided stop sign included). */
  public CompletableFuture<List<LogEntry<T, S>>> readEntries(long from) {
    return loop.call(c -> unwrap(c.readEntries(from)));
  }

  /** The entry at {@code idx} (for a compacted position, the compacted prefix), if within the log. */
  public CompletableFuture<Optional<LogEntry<T, S>>> read(long idx) {
    return loop.call(c -> c.read(idx).map(OmniPaxosNode::unwrap));
  }

  /** The decided entries from {@code from} on; empty if none. */
  public CompletableFuture<List<LogEntry<T, S>>> readDecidedSuffix(long from) {
    return loop.call(c -> unwrap(c.readDecidedSuffix(from)));
  }

  /** The number of decided positions (a decided stop sign counts as one). */
  public CompletableFuture<Long> getDecidedIdx() {
    return loop.call(c -> c.getDecidedIdx());
  }

  /** Positions below this were trimmed or snapshotted. */
  public CompletableFuture<Long> getCompactedIdx() {
    return loop.call(c -> c.getCompactedIdx());
  }

  /** The pid of the leader this node follows or is, if it knows one. */
  public CompletableFuture<OptionalLong> getCurrentLeader() {
    return loop.call(c -> c.getCurrentLeader());
  }

  // ---- compaction ----

  /**
   * Trims the decided log below {@code idx} on every node (as far as every node accepted, if empty).
   * Runs at the leader only; fails with {@link CompactionException} elsewhere or if some node lacks
   * entries below {@code idx}.
   */
  public CompletableFuture<Void> trim(OptionalLong idx) {
    Objects.requireNonNull(idx, "idx");
    return loop.call(c -> {
      c.trim(idx);
      return null;
    });
  }

  /** Trims the decided log below {@code idx}; see {@link #trim(OptionalLong)}. */
  public CompletableFuture<Void> trim(long idx) {
    return trim(OptionalLong.of(idx));
  }

  /**
   * Compacts the decided log below {@code idx} (all decided entries if empty) into a snapshot, here and,
   * unless {@code localOnly}, on every node. Fails with {@link CompactionException}.
   */
  public CompletableFuture<Void> snapshot(OptionalLong idx, boolean localOnly) {
    Objects.requireNonNull(idx, "idx");
    return loop.call(c -> {
      c.snapshot(idx, localOnly);
      return null;
    });
  }

  /** Compacts the decided log below {@code idx} into a snapshot; see {@link #snapshot(OptionalLong, boolean)}. */
  public CompletableFuture<Void> snapshot(long idx, boolean localOnly) {
    return snapshot(OptionalLong.of(idx), localOnly);
  }

  // ---- reconfiguration and connectivity ----

  /**
   * Proposes to end this configuration and continue with {@code request}'s nodes. Completes once this
   * node took the stop sign (see {@link #reconfigured()} for its decision); fails with
   * {@link InvalidConfigException} or {@link ProposalRejectedException}.
   */
  public CompletableFuture<Void> reconfigure(ReconfigurationRequest request) {
    Objects.requireNonNull(request, "request");
    return loop.call(c -> {
      int id = request.configurationId().orElse(c.config().cluster().configurationId() + 1);
      c.reconfigure(new ClusterConfig(id, request.nodes(), request.flexibleQuorum()), request.metadata());
      return null;
    });
  }

  /**
   * Completes with the stop sign once this configuration's stop sign is decided at this node (at once
   * if it already is). The nodes of its next configuration then continue as new nodes, created with
   * that configuration's id; the application carries its state over (the old log stays readable here).
   */
  public CompletableFuture<StopSign> reconfigured() {
    return loop.reconfigured();
  }

  /** Tells the node that the connection to {@code pid} was re-established and messages may have been lost. */
  public CompletableFuture<Void> reconnected(long pid) {
    return loop.call(c -> {
      c.reconnected(pid);
      return null;
    });
  }

  /** The node's state and drop counters. */
  public CompletableFuture<NodeStats> stats() {
    return loop.stats();
  }

  // ---- subscription ----

  /**
   * Delivers every decided position from {@code from} on to {@code listener}, in log order, on a thread
   * of the subscription's own. See {@link DecidedSubscription}.
   */
  public DecidedSubscription<T, S> subscribe(long from, Consumer<DecidedEvent<T, S>> listener) {
    String name = "omnipaxos-node-" + pid() + "-subscription-" + SUBSCRIPTIONS.incrementAndGet();
    ExecutorService own = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    return start(from, own, own, listener);
  }

  /**
   * Delivers every decided position from {@code from} on to {@code listener}, in log order, one call at
   * a time, on {@code executor}. See {@link DecidedSubscription}.
   */
  public DecidedSubscription<T, S> subscribe(long from, Executor executor, Consumer<DecidedEvent<T, S>> listener) {
    return start(from, Objects.requireNonNull(executor, "executor"), null, listener);
  }

  private DecidedSubscription<T, S> start(long from, Executor executor, ExecutorService owned,
      Consumer<DecidedEvent<T, S>> listener) {
    if (from < 0) {
      throw new IllegalArgumentException("negative start position " + from);
    }
    DecidedSubscription<T, S> s =
        new DecidedSubscription<>(loop, from, executor, owned, Objects.requireNonNull(listener, "listener"));
    s.start();
    return s;
  }

  // ---- lifecycle ----

  /**
   * Stops the node: requests still waiting fail with {@link NodeClosedException} (appends waiting for
   * their decision with {@link EntryNotDecidedException.Reason#NODE_CLOSED}), subscriptions end, and all
   * four channels close (messages already in the outgoing ones can still be taken). Waits for the event
   * loop to stop, unless called from it. The storage is left as it is, so a new node can recover from
   * it. Idempotent.
   */
  @Override
  public void close() {
    loop.close();
  }

  /** Whether {@link #close()} was called or the node stopped after a fatal error. */
  public boolean isClosed() {
    return loop.isClosed();
  }

  /** Completes once the event loop has stopped and every waiting request has been failed. */
  public CompletableFuture<Void> terminated() {
    return loop.terminated().copy();
  }

  @Override
  public String toString() {
    return "OmniPaxosNode(pid " + pid() + ", configuration " + config.getConfigurationId()
        + (isClosed() ? ", closed" : "") + ")";
  }

  // ---- conversions ----

  private static <T, S> List<LogEntry<T, S>> unwrap(List<LogEntry<Envelope<T>, S>> entries) {
    List<LogEntry<T, S>> out = new ArrayList<>(entries.size());
    for (LogEntry<Envelope<T>, S> e : entries) {
      out.add(unwrap(e));
    }
    return out;
  }

  private static <T, S> LogEntry<T, S> unwrap(LogEntry<Envelope<T>, S> e) {
    if (e instanceof LogEntry.Decided<Envelope<T>, S> d) {
      return new LogEntry.Decided<>(d.entry().entry());
    } else if (e instanceof LogEntry.Undecided<Envelope<T>, S> u) {
      return new LogEntry.Undecided<>(u.entry().entry());
    } else if (e instanceof LogEntry.Trimmed<Envelope<T>, S> t) {
      return new LogEntry.Trimmed<>(t.trimmedIdx());
    } else if (e instanceof LogEntry.Snapshotted<Envelope<T>, S> s) {
      return new LogEntry.Snapshotted<>(s.trimmedIdx(), s.snapshot());
    } else if (e instanceof LogEntry.StopSignEntry<Envelope<T>, S> ss) {
      return new LogEntry.StopSignEntry<>(ss.stopSign(), ss.decided());
    }
    throw new IllegalStateException("unknown log entry " + e);
  }
}
