package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
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
import omnipaxos.core.codec.Codec;
import omnipaxos.core.storage.Storage;

/**
 * One OmniPaxos node running on its own event-loop thread: the asynchronous API of the seed's
 * {@code OmniPaxosNode}. Users never tick the node or hand leaders around; they pump the channels
 * of the {@link OmniPaxosHandle} that {@link #create} returns and call the methods below from any
 * thread.
 *
 * <h2>Threads and durability</h2>
 *
 * One thread owns the core. Requests, received messages and ticks (every {@link
 * NodeConfig#tickPeriodMs() tick period}) are events of one loop; after each batch of events the
 * loop makes the batch's storage writes durable with one {@link Storage#flush()}, and only then
 * releases the batch's outgoing messages and completes the batch's futures. Two things do not wait
 * for the flush: a leader's replication messages leave before it (the leader counts its own log
 * towards a quorum only once it is durable), and {@link #appendDecided} futures of entries the
 * batch decided complete right after its events (a decision is cluster-wide and never rests on this
 * node's unflushed writes), so appends their continuations submit join the same batch.
 * Leader-election results reach Sequence Paxos within the tick that produced them, and messages
 * leave as soon as their batch is durable. Futures are completed on the loop thread: continuations
 * attached with non-async methods run there and must not block (waiting there for another of this
 * node's futures fails at once with {@link IllegalStateException}); use the {@code *Async} variants
 * for slow work.
 *
 * <h2>Appending</h2>
 *
 * {@link #append} is the seed's: it completes once this node took the entry (replicated it,
 * buffered it or forwarded it to the leader), which says nothing about its being decided. {@link
 * #appendDecided} completes with the entry's log index once it is decided here, on the leader and
 * on followers alike, or fails with {@link EntryNotDecidedException} saying whether the entry is
 * certainly not decided or its fate cannot be known here. To know exactly which entry was decided
 * where, the runtime replicates each entry in an {@link Envelope} with a unique {@link EntryId};
 * the user's storage and snapshotter only ever see the plain entries.
 *
 * <h2>Errors</h2>
 *
 * Requests the core refuses fail with its typed exceptions ({@link ProposalRejectedException} for
 * an append after the stop sign is decided or while no leader is known and the buffer is full,
 * {@link CompactionException}, {@link InvalidConfigException}). Received messages that are
 * addressed to another pid, come from a non-member or belong to another configuration are dropped
 * and counted ({@link #stats()}); so are outgoing messages that find their channel full (the
 * protocol resends). After {@link #close()}, and after a fatal storage error, every call fails at
 * once with {@link NodeClosedException}.
 *
 * <h2>Configurations</h2>
 *
 * A node made with {@link #create(NodeConfig, Storage, Snapshotter)} runs one configuration: once
 * its stop sign is decided the log is sealed, and the application starts the next configuration's
 * nodes itself. A node made with {@link #create(NodeConfig, ConfigurationStore, Snapshotter,
 * Codec)} or {@link #join} goes on by itself: when a stop sign is decided, the state at the stop
 * sign is carried into the next configuration (a member continues in it; appends that were waiting
 * are proposed there, so none is lost), and a server new to the next configuration fetches that
 * state in checksummed chunks from every server that holds it, in parallel, before it takes part.
 * Log positions then count across configurations: each configuration's log starts one past the
 * previous stop sign. {@link #membership()} says where the node stands.
 */
public final class OmniPaxosNode<T, S> implements AutoCloseable {

  private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

  private final ConfigurationChain<T, S> chain;
  private final NodeConfig config;

  private OmniPaxosNode(ConfigurationChain<T, S> chain, NodeConfig config) {
    this.chain = chain;
    this.config = config;
  }

  /**
   * Starts a node without snapshot support on {@code storage}; if the storage holds state of an
   * earlier run the node recovers from it.
   *
   * @throws InvalidConfigException if {@code config} is invalid
   */
  public static <T, S> OmniPaxosHandle<T, S> create(NodeConfig config, Storage<T, S> storage) {
    return create(config, storage, Snapshotter.disabled());
  }

  /**
   * Starts a node of one configuration on {@code storage} that compacts its log with {@code
   * snapshotter}.
   *
   * @throws InvalidConfigException if {@code config} is invalid
   */
  public static <T, S> OmniPaxosHandle<T, S> create(
      NodeConfig config, Storage<T, S> storage, Snapshotter<T, S> snapshotter) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(snapshotter, "snapshotter");
    config.validate();
    ConfigurationRecord only =
        new ConfigurationRecord(config.toOmniPaxosConfig().cluster(), 0, Optional.empty());
    return start(
        new ConfigurationChain<>(
            config, new SingleConfigurationStore<>(only, storage), snapshotter, null, false, only),
        config);
  }

  /**
   * Starts a node that goes on across configurations, keeping its logs and the configurations it
   * went through in {@code store}. On a fresh store the node starts the configuration that {@code
   * config} names (its pid, peers and configuration id); otherwise it resumes the latest one
   * recorded, and {@code config} must name either that one or the first one recorded. States
   * carried over to new members are encoded with {@code snapshots}, which must give equal states
   * equal bytes.
   *
   * @throws InvalidConfigException if {@code config} is invalid or names a configuration the store
   *     contradicts
   */
  public static <T, S> OmniPaxosHandle<T, S> create(
      NodeConfig config,
      ConfigurationStore<T, S> store,
      Snapshotter<T, S> snapshotter,
      Codec<S> snapshots) {
    NodeConfig c = checked(config, store, snapshotter, snapshots, true);
    ConfigurationRecord first =
        new ConfigurationRecord(c.toOmniPaxosConfig().cluster(), 0, Optional.empty());
    List<ConfigurationRecord> known = store.records();
    if (!known.isEmpty()
        && !sameMembers(known.get(0), first)
        && !sameMembers(known.get(known.size() - 1), first)) {
      throw new InvalidConfigException(
          "node "
              + c.pid()
              + ": the store holds "
              + known.get(known.size() - 1)
              + " (first "
              + known.get(0)
              + "), not configuration "
              + first.configurationId()
              + " "
              + first.config().nodes());
    }
    return start(new ConfigurationChain<>(c, store, snapshotter, snapshots, true, first), c);
  }

  /**
   * Starts a node that is not a member yet: it waits until a configuration that includes it
   * contacts it, fetches the state at that configuration's start, and then takes part. Only {@code
   * config}'s pid and timings matter. On a store that holds configurations it resumes like {@link
   * #create(NodeConfig, ConfigurationStore, Snapshotter, Codec)}.
   */
  public static <T, S> OmniPaxosHandle<T, S> join(
      NodeConfig config,
      ConfigurationStore<T, S> store,
      Snapshotter<T, S> snapshotter,
      Codec<S> snapshots) {
    NodeConfig c = checked(config, store, snapshotter, snapshots, false);
    return start(new ConfigurationChain<>(c, store, snapshotter, snapshots, true, null), c);
  }

  private static NodeConfig checked(
      NodeConfig config,
      ConfigurationStore<?, ?> store,
      Snapshotter<?, ?> snapshotter,
      Codec<?> snapshots,
      boolean requirePeers) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(snapshotter, "snapshotter");
    Objects.requireNonNull(snapshots, "snapshots");
    config.validate(requirePeers);
    return config;
  }

  private static boolean sameMembers(ConfigurationRecord a, ConfigurationRecord b) {
    return a.configurationId() == b.configurationId()
        && new java.util.TreeSet<>(a.config().nodes())
            .equals(new java.util.TreeSet<>(b.config().nodes()));
  }

  private static <T, S> OmniPaxosHandle<T, S> start(
      ConfigurationChain<T, S> chain, NodeConfig config) {
    OmniPaxosNode<T, S> node = new OmniPaxosNode<>(chain, config);
    return new OmniPaxosHandle<>(
        node,
        new SequencePaxosHandle<>(chain.paxosIn, chain.paxosOut),
        new BleHandle(chain.bleIn, chain.bleOut),
        new MigrationHandle(chain.migrationIn, chain.migrationOut));
  }

  /** This node's pid. */
  public long pid() {
    return config.pid();
  }

  /**
   * The configuration the node runs with now (its configuration id and peers included).
   */
  public NodeConfig config() {
    ConfigurationChain.Instance<T, S> c = chain.current();
    return c != null ? c.loop.config() : config;
  }

  /** Where the node stands among its cluster's configurations. */
  public Membership membership() {
    return chain.membership();
  }

  /**
   * Calls {@code listener} whenever the node's membership changes: before a configuration this node
   * is a member of starts (so that its members can be made reachable first), when the node is
   * removed, when it starts fetching a state. Called on the node's threads; must not block.
   */
  public void onMembershipChange(Consumer<Membership> listener) {
    chain.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** The running configuration's loop and where its log starts, or a failed future's cause. */
  private <V> CompletableFuture<V> onCurrent(java.util.function.BiFunction<NodeLoop<T, S>, Long,
      CompletableFuture<V>> body) {
    ConfigurationChain.Instance<T, S> c = chain.current();
    if (c == null) {
      // Between configurations: the request goes to the next one once it runs.
      return chain.awaitCurrent().thenCompose(i -> body.apply(i.loop, i.start()));
    }
    return body.apply(c.loop, c.start());
  }

  private RuntimeException missing() {
    try {
      chain.loop();
      return new IllegalStateException("node " + pid() + " has no configuration");
    } catch (NotAMemberException e) {
      return e;
    }
  }

  // ---- log ----

  /**
   * Proposes {@code entry}. Completes once this node took it, not once it is decided; fails with
   * {@link ProposalRejectedException} if the node refused it.
   */
  public CompletableFuture<Void> append(T entry) {
    Objects.requireNonNull(entry, "entry");
    return onCurrent((loop, start) -> loop.append(entry));
  }

  /**
   * Proposes {@code entry} and completes with its log index once it is decided at this node. Fails
   * with {@link ProposalRejectedException} if the node refused it, or with {@link
   * EntryNotDecidedException} if it is certainly not decided ({@code LOST}, {@code RECONFIGURED})
   * or its fate cannot be known here ({@code LEADER_CHANGED}, {@code UNTRACEABLE}, {@code
   * TIMED_OUT}, {@code NODE_CLOSED}). A node that goes on across configurations proposes an entry
   * that its configuration's stop sign left undecided again in the next configuration, so it fails
   * with {@code RECONFIGURED} only where the node does not continue; with {@link
   * NotAMemberException} if it runs no configuration now.
   */
  public CompletableFuture<Long> appendDecided(T entry) {
    Objects.requireNonNull(entry, "entry");
    ConfigurationChain.Instance<T, S> c = chain.current();
    return c != null
        ? c.loop.appendDecided(entry)
        : onCurrent((loop, start) -> loop.appendDecided(entry));
  }

  /**
   * A linearizable local read under a leader lease (see {@link NodeConfig}). On the leader with a
   * lease that holds, it waits until the decided index covers everything the leader had accepted
   * when the read arrived, calls {@code readAt} with that index (the application reads its state
   * once it applied at least that far; {@code readAt} runs on the node's thread and must not
   * block), and then checks the lease again on the node's thread: only if it still holds in the
   * same ballot does the returned future complete with what was read. A pause anywhere before that
   * second check makes it fail rather than answer stale data. Fails with {@link
   * LeaseUnavailableException} when the read cannot be served this way (leases off, not the leader,
   * no lease, lease lapsed, leader changed): read through the log then.
   */
  public <R> CompletableFuture<R> leaseRead(LongFunction<? extends CompletionStage<R>> readAt) {
    Objects.requireNonNull(readAt, "readAt");
    return onCurrent(
        (loop, start) ->
            loop.leaseRead()
                .thenCompose(
                    read ->
                        readAt
                            .apply(start + read.readIdx())
                            .thenCompose(
                                value ->
                                    loop.confirmLease(read)
                                        .thenApply(
                                            holds -> {
                                              if (!holds) {
                                                throw new LeaseUnavailableException(
                                                    "node "
                                                        + pid()
                                                        + ": the lease lapsed before the read was"
                                                        + " answered");
                                              }
                                              return value;
                                            }))));
  }

  /**
   * A linearizable local read without a log entry and without clock assumptions (a read-index
   * round): on the leader in its Accept phase, it waits until a write quorum confirmed this node's
   * ballot after the call (one round trip, shared by the reads that arrive together) and the
   * decided index covers everything the leader had accepted at the call, then calls {@code readAt}
   * with that index (read the state once applied at least that far; {@code readAt} runs on the
   * node's thread and must not block). Fails with {@link QuorumReadUnavailableException} when the
   * read cannot be served this way (not the leader, a configuration change under way, leadership
   * lost, no quorum within the append time-out): read through the log then.
   */
  public <R> CompletableFuture<R> quorumRead(LongFunction<? extends CompletionStage<R>> readAt) {
    Objects.requireNonNull(readAt, "readAt");
    return onCurrent(
        (loop, start) -> loop.quorumRead().thenCompose(idx -> readAt.apply(start + idx)));
  }

  /**
   * The read view of positions {@code [from, to)} of the running configuration's log; empty if the
   * range is not within its accepted log.
   */
  public CompletableFuture<List<LogEntry<T, S>>> readEntries(long from, long to) {
    return onCurrent(
        (loop, start) -> loop.call(c -> unwrap(c.readEntries(from - start, to - start))));
  }

  /**
   * The read view from {@code from} to the end of the accepted log (a decided stop sign included).
   */
  public CompletableFuture<List<LogEntry<T, S>>> readEntries(long from) {
    return onCurrent((loop, start) -> loop.call(c -> unwrap(c.readEntries(from - start))));
  }

  /**
   * The entry at {@code idx} (for a compacted position, the compacted prefix), if within the log.
   */
  public CompletableFuture<Optional<LogEntry<T, S>>> read(long idx) {
    return onCurrent(
        (loop, start) -> loop.call(c -> c.read(idx - start).map(OmniPaxosNode::unwrap)));
  }

  /** The decided entries from {@code from} on; empty if none. */
  public CompletableFuture<List<LogEntry<T, S>>> readDecidedSuffix(long from) {
    return onCurrent(
        (loop, start) -> loop.call(c -> unwrap(c.readDecidedSuffix(Math.max(0, from - start)))));
  }

  /**
   * The number of decided positions (a decided stop sign counts as one), counted across
   * configurations.
   */
  public CompletableFuture<Long> decidedIdx() {
    return onCurrent((loop, start) -> loop.call(c -> start + c.decidedIdx()));
  }

  /** Positions below this were trimmed, snapshotted, or belong to earlier configurations. */
  public CompletableFuture<Long> compactedIdx() {
    return onCurrent((loop, start) -> loop.call(c -> start + c.compactedIdx()));
  }

  /** The pid of the leader this node follows or is, if it knows one. */
  public CompletableFuture<OptionalLong> currentLeader() {
    return onCurrent((loop, start) -> loop.call(c -> c.currentLeader()));
  }

  /**
   * The number of decided positions, counted across configurations.
   *
   * @deprecated use {@link #decidedIdx()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public CompletableFuture<Long> getDecidedIdx() {
    return decidedIdx();
  }

  /**
   * Positions below this were trimmed, snapshotted, or belong to earlier configurations.
   *
   * @deprecated use {@link #compactedIdx()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public CompletableFuture<Long> getCompactedIdx() {
    return compactedIdx();
  }

  /**
   * The pid of the leader this node follows or is, if it knows one.
   *
   * @deprecated use {@link #currentLeader()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public CompletableFuture<OptionalLong> getCurrentLeader() {
    return currentLeader();
  }

  // ---- compaction ----

  /**
   * Trims the decided log below {@code idx} on every node (as far as every node accepted, if
   * empty). Runs at the leader only; fails with {@link CompactionException} elsewhere or if some
   * node lacks entries below {@code idx}.
   */
  public CompletableFuture<Void> trim(OptionalLong idx) {
    Objects.requireNonNull(idx, "idx");
    return onCurrent((loop, start) -> loop.call(c -> {
      c.trim(local(idx, start));
      return null;
    }));
  }

  /** Trims the decided log below {@code idx}; see {@link #trim(OptionalLong)}. */
  public CompletableFuture<Void> trim(long idx) {
    return trim(OptionalLong.of(idx));
  }

  /**
   * Compacts the decided log below {@code idx} (all decided entries if empty) into a snapshot, here
   * and, unless {@code localOnly}, on every node. Fails with {@link CompactionException}.
   */
  public CompletableFuture<Void> snapshot(OptionalLong idx, boolean localOnly) {
    Objects.requireNonNull(idx, "idx");
    return onCurrent((loop, start) -> loop.call(c -> {
      c.snapshot(local(idx, start), localOnly);
      return null;
    }));
  }

  /**
   * Compacts the decided log below {@code idx} into a snapshot; see {@link #snapshot(OptionalLong,
   * boolean)}.
   */
  public CompletableFuture<Void> snapshot(long idx, boolean localOnly) {
    return snapshot(OptionalLong.of(idx), localOnly);
  }

  /**
   * Compacts the decided log below {@code idx} here (not on the peers) into {@code snapshot}: the
   * application's own copy of its state after every entry below {@code idx}, so that the node does
   * not rebuild the state from the log on its thread; the storage stages the snapshot on the
   * calling thread ({@link omnipaxos.core.storage.Storage#stageSnapshot}). Nothing happens if the
   * log is compacted that far already. Fails with {@link CompactionException}.
   */
  public CompletableFuture<Void> installSnapshot(long idx, S snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    return onCurrent((loop, start) -> {
      // The snapshot's bytes are written here, so that the node's thread only records them.
      try {
        loop.stageSnapshot(snapshot);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return loop.call(c -> {
        c.installSnapshot(Math.max(0, idx - start), snapshot);
        return null;
      });
    });
  }

  private static OptionalLong local(OptionalLong idx, long start) {
    return idx.isPresent() ? OptionalLong.of(Math.max(0, idx.getAsLong() - start)) : idx;
  }

  // ---- reconfiguration and connectivity ----

  /**
   * Proposes to end this configuration and continue with {@code request}'s nodes. Completes once
   * this node took the stop sign (see {@link #reconfigured()} for its decision); fails with {@link
   * InvalidConfigException} or {@link ProposalRejectedException}. New members need the state: only
   * a node that goes on across configurations with snapshots can add them.
   */
  public CompletableFuture<Void> reconfigure(ReconfigurationRequest request) {
    Objects.requireNonNull(request, "request");
    return onCurrent(
        (loop, start) ->
            loop.call(
                c -> {
                  ClusterConfig now = c.config().cluster();
                  int id = request.configurationId().orElse(now.configurationId() + 1);
                  ClusterConfig next =
                      new ClusterConfig(id, request.nodes(), request.flexibleQuorum());
                  boolean adds = request.nodes().stream().anyMatch(p -> !now.contains(p));
                  if (chain.continues() && adds && !chain.migrates()) {
                    throw new InvalidConfigException(
                        "node "
                            + pid()
                            + " cannot add "
                            + request.nodes()
                            + ": new members need the state at the stop sign, which takes a"
                            + " snapshotter and a snapshot codec");
                  }
                  c.reconfigure(next, request.metadata());
                  return null;
                }));
  }

  /**
   * Completes with the stop sign once the running configuration's stop sign is decided at this node
   * (at once if it already is). On a node that was removed, the stop sign that removed it.
   */
  public CompletableFuture<StopSign> reconfigured() {
    ConfigurationChain.Instance<T, S> c = chain.current();
    if (c == null) {
      c = chain.latestRunning();
    }
    return c != null ? c.loop.reconfigured() : CompletableFuture.failedFuture(missing());
  }

  /**
   * Tells the node that the connection to {@code pid} was re-established and messages may have been
   * lost.
   */
  public CompletableFuture<Void> reconnected(long pid) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (ConfigurationChain.Instance<T, S> i : chain.instances()) {
      all.add(i.loop.call(c -> {
        c.reconnected(pid);
        return null;
      }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /**
   * Tells the node that a connection to {@code pid} is up, the first one included (see {@link
   * omnipaxos.core.OmniPaxos#linkUp}).
   */
  public CompletableFuture<Void> linkUp(long pid) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (ConfigurationChain.Instance<T, S> i : chain.instances()) {
      all.add(i.loop.call(c -> {
        c.linkUp(pid);
        return null;
      }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /**
   * The state and drop counters of the latest configuration this node runs (a removed node's sealed
   * one).
   */
  public CompletableFuture<NodeStats> stats() {
    ConfigurationChain.Instance<T, S> c = chain.current();
    if (c == null) {
      c = chain.latestRunning();
    }
    return c != null ? c.loop.stats() : CompletableFuture.failedFuture(missing());
  }

  // ---- subscription ----

  /**
   * Delivers every decided position from {@code from} on to {@code listener}, in log order, on a
   * thread of the subscription's own. See {@link DecidedSubscription}.
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
   * Delivers every decided position from {@code from} on to {@code listener}, in log order, one
   * call at a time, on {@code executor}. See {@link DecidedSubscription}.
   */
  public DecidedSubscription<T, S> subscribe(
      long from, Executor executor, Consumer<DecidedEvent<T, S>> listener) {
    return start(from, Objects.requireNonNull(executor, "executor"), null, listener);
  }

  private DecidedSubscription<T, S> start(long from, Executor executor, ExecutorService owned,
      Consumer<DecidedEvent<T, S>> listener) {
    if (from < 0) {
      throw new IllegalArgumentException("negative start position " + from);
    }
    DecidedSubscription<T, S> s =
        new DecidedSubscription<>(
            chain, from, executor, owned, Objects.requireNonNull(listener, "listener"));
    s.start();
    return s;
  }

  // ---- lifecycle ----

  /**
   * Stops the node: requests still waiting fail with {@link NodeClosedException} (appends waiting
   * for their decision with {@link EntryNotDecidedException.Reason#NODE_CLOSED}), subscriptions
   * end, and all channels close (messages already in the outgoing ones can still be taken). Waits
   * for the event loops to stop, unless called from one. The storage is left as it is, so a new
   * node can recover from it. Idempotent.
   */
  @Override
  public void close() {
    chain.close();
  }

  /** Whether {@link #close()} was called or the node stopped after a fatal error. */
  public boolean isClosed() {
    return chain.isClosed();
  }

  /** Completes once the event loops have stopped and every waiting request has been failed. */
  public CompletableFuture<Void> terminated() {
    return chain.terminated().copy();
  }

  @Override
  public String toString() {
    ConfigurationChain.Instance<T, S> c = chain.current();
    return "OmniPaxosNode(pid "
        + pid()
        + (c != null ? ", configuration " + c.id() : ", " + membership().state())
        + (isClosed() ? ", closed" : "")
        + ")";
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
