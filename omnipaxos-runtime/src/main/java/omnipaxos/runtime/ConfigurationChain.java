package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.migration.MigrationOptions;
import omnipaxos.core.migration.StateImage;
import omnipaxos.core.paxos.PaxosMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurations one node runs, one {@link NodeLoop} each, and the way from one to the next.
 *
 * <p>When the running configuration's stop sign is decided, its loop hands over ({@link
 * LoopWiring.Successor}): the state at the stop sign is built from the sealed log, encoded,
 * recorded in the {@link ConfigurationStore} together with the next configuration, offered to new
 * members through the {@link MigrationLoop}'s source, and, if this node belongs to the next
 * configuration, its loop starts with that state as the base of its snapshots. Appends that were
 * waiting in the sealed configuration (certainly not decided there) and those made during the
 * switch go to the next configuration, in order. The sealed loop keeps running, so that members
 * that missed the decision still learn it.
 *
 * <p>A node that receives a message of a configuration newer than any it knows (it was added, or it
 * lagged behind a switch) fetches the state at that configuration's start from the servers that
 * hold it and then starts that configuration from it. Positions count across configurations: a
 * configuration's log starts one past the previous one's stop sign.
 *
 * <p>Incoming messages are routed to the loop of their configuration; all loops share the outgoing
 * channels. Transitions run on the migration loop's thread, one at a time; the {@link
 * ConfigurationSwitch} makes them.
 */
final class ConfigurationChain<T, S> implements DecidedSource<T, S> {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationChain.class);

  /** A running configuration. */
  static final class Instance<T, S> {
    final ConfigurationRecord record;
    final NodeLoop<T, S> loop;
    /** The application state at its start, or null (first configuration, or no snapshots). */
    final S base;
    /** One past its stop sign's position once sealed, -1 before. */
    volatile long end = -1;

    /**
     * Whether the chain stopped it on purpose (the node moved on); otherwise its end ends the node.
     */
    volatile boolean retired;

    Instance(ConfigurationRecord record, NodeLoop<T, S> loop, S base) {
      this.record = record;
      this.loop = loop;
      this.base = base;
    }

    int id() {
      return record.configurationId();
    }

    long start() {
      return record.startPosition();
    }
  }

  private final NodeConfig base;
  private final long pid;
  private final ConfigurationStore<T, S> store;
  private final Snapshotter<T, S> snapshotter;
  private final Codec<S> codec;
  private final boolean continues;
  final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut;
  final MessageChannel<BleMessage> bleOut;
  final MessageChannel<MigrationMessage> migrationOut;
  final ChannelSender<PaxosMessage<Envelope<T>, S>> paxosIn;
  final ChannelSender<BleMessage> bleIn;
  final ChannelSender<MigrationMessage> migrationIn;
  private final MigrationLoop migration;
  private final ConfigurationSwitch<T, S> transitions;
  private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  // Shared with the ConfigurationSwitch, which changes them under this chain's lock:
  /** Running configurations, ascending; replaced, never changed in place. */
  volatile List<Instance<T, S>> instances = List.of();
  /** The latest running configuration this node is a member of (possibly sealed), or null. */
  volatile Instance<T, S> current;
  volatile boolean closed;
  /** The highest configuration id a fetch was asked for. */
  volatile int fetchRequested;
  // Guarded by this:
  final List<ConfigurationRecord> records = new ArrayList<>();
  /** The id of the configuration being switched to after a seal, 0 if none. */
  int switchingTo;
  /** Appends handed on by a sealed configuration while the next one does not run yet. */
  final List<LoopWiring.Carried<T>> carried = new ArrayList<>();
  private CompletableFuture<Void> changed = new CompletableFuture<>();
  private Throwable failure;

  /**
   * @param bootstrap the first configuration to record if the store holds none, or null to wait to
   *     be added
   * @param codec encodes states for migration, or null: the node then never migrates
   * @param continues whether the node goes on into the next configuration (false: the node stays
   *     sealed, as a single-configuration node)
   */
  ConfigurationChain(
      NodeConfig base,
      ConfigurationStore<T, S> store,
      Snapshotter<T, S> snapshotter,
      Codec<S> codec,
      boolean continues,
      ConfigurationRecord bootstrap) {
    this.base = base;
    this.pid = base.pid();
    this.store = store;
    this.snapshotter = snapshotter;
    this.codec = codec;
    this.continues = continues;
    int capacity = base.channelCapacity();
    String prefix = "node " + pid + " ";
    this.paxosOut = new MessageChannel<>(prefix + "Sequence Paxos outgoing", capacity);
    this.bleOut = new MessageChannel<>(prefix + "BLE outgoing", capacity);
    this.migrationOut = new MessageChannel<>(prefix + "migration outgoing", capacity);
    this.paxosIn = new ConfigurationRouter<>(
        this, pid, m -> m.configId(), PaxosMessage::from, l -> l.paxosIn());
    this.bleIn = new ConfigurationRouter<>(
        this, pid, m -> m.configId(), BleMessage::from, l -> l.bleIn());
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(base.tickPeriodMs());
    int timeoutTicks = (int) Math.max(1, 4 * base.electionTimeoutMs() / base.tickPeriodMs());
    int retryTicks = (int) Math.max(1, base.resendTimeoutMs() / base.tickPeriodMs());
    this.migration =
        continues
            ? new MigrationLoop(
                pid,
                tickNanos,
                capacity,
                new MigrationOptions(base.migrationWindow(), timeoutTicks, retryTicks),
                migrationOut,
                this::migrated)
            : null;
    this.migrationIn =
        migration != null
            ? migration.incoming()
            : new MessageChannel<>(prefix + "migration (unused)", 1);
    this.transitions =
        new ConfigurationSwitch<>(this, base, store, snapshotter, codec, continues, migration);
    open(bootstrap);
  }

  /**
   * Records the bootstrap configuration on a fresh store and starts the latest configuration
   * recorded.
   */
  private void open(ConfigurationRecord bootstrap) {
    List<ConfigurationRecord> known = store.records();
    if (known.isEmpty() && bootstrap != null) {
      store.append(bootstrap, Optional.empty());
      known = List.of(bootstrap);
    }
    records.addAll(known);
    if (migration != null) {
      migration.start();
    }
    if (known.isEmpty()) {
      LOG.info("node {}: waiting to be added to a configuration", pid);
      return;
    }
    ConfigurationRecord latest = known.get(known.size() - 1);
    if (continues) {
      for (ConfigurationRecord r : known.subList(0, known.size() - 1)) {
        store.discard(r.configurationId());
      }
    }
    // A first configuration has a start state only when the application seeded it (e.g. from a
    // backup).
    Optional<byte[]> startState = store.startState(latest.configurationId());
    S state = startState.isPresent() && codec != null ? codec.decode(startState.get()) : null;
    if (startState.isPresent() && migration != null && codec != null && known.size() > 1) {
      ConfigurationRecord previous = known.get(known.size() - 2);
      StateImage image =
          StateImage.of(
              previous.config(),
              new StopSign(latest.config(), latest.metadata()),
              latest.startPosition(),
              startState.get(),
              base.migrationChunkSize());
      migration.execute(() -> migration.offer(image));
    }
    if (latest.config().contains(pid)) {
      transitions.startInstance(latest, state, ElectionStart.PEER);
    } else {
      LOG.info("node {}: not a member of its latest configuration, {}", pid, latest);
    }
  }

  /** On the migration thread: the state of a configuration's start was fetched and verified. */
  private void migrated(StateImage image) {
    transitions.migrated(image);
  }

  // ---- access for OmniPaxosNode ----

  /** The latest running configuration this node is a member of, or null. */
  Instance<T, S> current() {
    return current;
  }

  /** The loop that takes this node's requests now. */
  NodeLoop<T, S> loop() {
    Instance<T, S> c = current;
    if (c == null) {
      throw new NotAMemberException(absence());
    }
    return c.loop;
  }

  /**
   * The configuration that takes this node's requests: the running one, or, while the node switches
   * to a configuration it is a member of, the next one once it runs (a node that is not a member,
   * or still fetches the state, fails with {@link NotAMemberException} saying so).
   */
  CompletableFuture<Instance<T, S>> awaitCurrent() {
    CompletableFuture<Void> wait;
    synchronized (this) {
      Instance<T, S> c = current;
      if (c != null) {
        return CompletableFuture.completedFuture(c);
      }
      if (closed) {
        return CompletableFuture.failedFuture(closedException());
      }
      Membership.State state = membership().state();
      if (state != Membership.State.SWITCHING) {
        return CompletableFuture.failedFuture(new NotAMemberException(absence()));
      }
      wait = changed;
    }
    return wait.thenCompose(v -> awaitCurrent());
  }

  /** Every running configuration, oldest first. */
  List<Instance<T, S>> instances() {
    return instances;
  }

  /** The latest running configuration, member or not (a removed node's sealed one), or null. */
  Instance<T, S> latestRunning() {
    List<Instance<T, S>> all = instances;
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  boolean continues() {
    return continues;
  }

  /** Whether states can be moved to new members (snapshots on, a codec given). */
  boolean migrates() {
    return continues && codec != null && snapshotter.enabled();
  }

  void addListener(Consumer<Membership> listener) {
    listeners.add(listener);
  }

  synchronized Membership membership() {
    ConfigurationRecord latest = records.isEmpty() ? null : records.get(records.size() - 1);
    Membership.State state;
    Optional<omnipaxos.core.migration.MigrationSink.Progress> progress =
        migration == null ? Optional.empty() : migration.progress();
    if (progress.isPresent()) {
      state = Membership.State.CATCHING_UP;
    } else if (switchingTo != 0 || (latest != null && latest.config().contains(pid)
        && (current == null || current.id() != latest.configurationId()))) {
      state = Membership.State.SWITCHING;
    } else if (latest == null) {
      state = Membership.State.WAITING;
    } else if (!latest.config().contains(pid)) {
      state = Membership.State.REMOVED;
    } else {
      state = Membership.State.MEMBER;
    }
    return new Membership(
        state,
        Optional.ofNullable(latest).map(ConfigurationRecord::config),
        records,
        progress,
        migration == null ? 0 : migration.bytesServed());
  }

  /** Why no configuration takes requests here, in words. */
  String absence() {
    Membership m = membership();
    return switch (m.state()) {
      case CATCHING_UP ->
          "node "
              + pid
              + " is fetching the state of configuration "
              + m.migration().map(p -> p.chunksDone() + "/" + p.chunks() + " chunks").orElse("?")
              + " before it takes part";
      case REMOVED ->
          "node "
              + pid
              + " is not a member of configuration "
              + m.configuration().map(ClusterConfig::configurationId).orElse(0)
              + " "
              + m.configuration().map(ClusterConfig::nodes).orElse(List.of())
              + ": it was removed from the cluster";
      case WAITING ->
          "node " + pid + " belongs to no configuration yet: add it to the cluster first";
      default ->
          closed ? "node " + pid + " is closed" : "node " + pid + " is between configurations";
    };
  }

  // ---- routing ----

  /**
   * A message of configuration {@code id}, which no loop here runs, came from {@code from}: if it
   * is newer than every configuration this node knows, this node was added to it or fell behind, so
   * it fetches the state at its start. Messages of older configurations are dropped.
   */
  void unknownConfiguration(int id, long from) {
    if (!migrates() || closed || id <= fetchRequested) {
      return;
    }
    synchronized (this) {
      int known = records.isEmpty() ? 0 : records.get(records.size() - 1).configurationId();
      if (id <= known || id <= switchingTo || id <= fetchRequested) {
        return;
      }
      fetchRequested = id;
      TreeSet<Long> sources = new TreeSet<>();
      sources.add(from);
      if (!records.isEmpty()) {
        sources.addAll(records.get(records.size() - 1).config().nodes());
      }
      sources.remove(pid);
      LOG.info(
          "node {}: heard of configuration {} from {}; fetching the state at its start",
          pid,
          id,
          from);
      migration.execute(() -> {
        migration.fetch(id, sources);
        notifyListeners();
      });
    }
  }

  /** The id of the latest configuration recorded, 0 if none. Guarded by this. */
  int lastRecordedId() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).configurationId();
  }

  void signalChanged() {
    CompletableFuture<Void> c = changed;
    changed = new CompletableFuture<>();
    c.complete(null);
  }

  /**
   * Tells the listeners the membership now. Before a configuration's loop starts they hear of it,
   * so that they can make its members reachable first.
   */
  void notifyListeners() {
    if (listeners.isEmpty()) {
      return;
    }
    Membership m = membership();
    for (Consumer<Membership> l : listeners) {
      try {
        l.accept(m);
      } catch (RuntimeException e) {
        LOG.error("node {}: a membership listener failed", pid, e);
      }
    }
  }

  void fail(String what, RuntimeException e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    LOG.error("node {}: {} failed; stopping the node", pid, what, cause);
    synchronized (this) {
      failure = cause;
    }
    close();
  }

  // ---- the decided log across configurations ----

  @Override
  public CompletableFuture<List<DecidedEvent<T, S>>> nextDecided(long from, int max) {
    CompletableFuture<Void> wait;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(closedException());
      }
      Instance<T, S> at = null;
      for (Instance<T, S> i : instances) {
        if (i.start() <= from) {
          at = i;
        }
      }
      if (at != null && (at.end < 0 || from < at.end)) {
        Instance<T, S> inst = at;
        return inst.loop
            .nextDecided(from, max)
            .handle(
                (events, e) -> {
                  if (e == null) {
                    return CompletableFuture.completedFuture(events);
                  }
                  // The loop stopped because the node moved on (not because it closed): look again.
                  return closed
                      ? CompletableFuture.<List<DecidedEvent<T, S>>>failedFuture(e)
                      : nextDecided(from, max);
                })
            .thenCompose(f -> f);
      }
      Instance<T, S> first = instances.isEmpty() ? null : instances.get(0);
      if (at == null && first != null && from < first.start()) {
        DecidedEvent<T, S> start =
            first.base != null
                ? new DecidedEvent.Snapshot<>(first.start(), first.base)
                : new DecidedEvent.Trimmed<>(first.start());
        return CompletableFuture.completedFuture(List.of(start));
      }
      wait = changed;
    }
    return wait.thenCompose(v -> nextDecided(from, max));
  }

  @Override
  public boolean continuesAfter(StopSign stopSign) {
    return continues && stopSign.nextConfig().contains(pid);
  }

  // ---- lifecycle ----

  boolean isClosed() {
    return closed;
  }

  CompletableFuture<Void> terminated() {
    return terminated;
  }

  private NodeClosedException closedException() {
    Throwable f;
    synchronized (this) {
      f = failure;
    }
    return new NodeClosedException(
        f == null ? "node " + pid + " is closed" : "node " + pid + " stopped: " + f, f);
  }

  /** Stops every loop; what waits fails with {@link NodeClosedException}. Idempotent. */
  void close() {
    List<Instance<T, S>> all;
    List<LoopWiring.Carried<T>> orphans;
    CompletableFuture<Void> c;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = instances;
      orphans = List.copyOf(carried);
      carried.clear();
      c = changed;
    }
    for (Instance<T, S> i : all) {
      i.loop.close();
    }
    if (migration != null) {
      migration.close();
    }
    NodeClosedException e = closedException();
    for (LoopWiring.Carried<T> o : orphans) {
      o.future().completeExceptionally(e);
    }
    c.complete(null);
    paxosOut.close();
    bleOut.close();
    migrationOut.close();
    CompletableFuture.allOf(
            all.stream().map(i -> i.loop.terminated()).toArray(CompletableFuture[]::new))
        .whenComplete((v, t) -> terminated.complete(null));
  }
}
