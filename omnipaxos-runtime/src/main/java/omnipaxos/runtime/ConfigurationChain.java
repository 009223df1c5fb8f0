package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.LogEntry;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.ProposalRejectedException;
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
 * channels. Transitions run on the migration loop's thread, one at a time.
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
  private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  /** Running configurations, ascending; replaced, never changed in place. */
  private volatile List<Instance<T, S>> instances = List.of();
  /** The latest running configuration this node is a member of (possibly sealed), or null. */
  private volatile Instance<T, S> current;
  private volatile boolean closed;
  /** The highest configuration id a fetch was asked for. */
  private volatile int fetchRequested;
  // Guarded by this:
  private final List<ConfigurationRecord> records = new ArrayList<>();
  /** The id of the configuration being switched to after a seal, 0 if none. */
  private int switchingTo;
  /** Appends handed on by a sealed configuration while the next one does not run yet. */
  private final List<LoopWiring.Carried<T>> carried = new ArrayList<>();
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
      startInstance(latest, state, ElectionStart.PEER);
    } else {
      LOG.info("node {}: not a member of its latest configuration, {}", pid, latest);
    }
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
  private String absence() {
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

  // ---- switching configurations ----

  /** What follows one configuration's loop. */
  private final class Seal implements LoopWiring.Successor<T> {
    private Instance<T, S> instance;

    @Override
    public void sealed(StopSign stopSign, long position, List<LoopWiring.Carried<T>> waiting) {
      Instance<T, S> inst = instance;
      inst.end = position + 1;
      synchronized (ConfigurationChain.this) {
        if (lastRecordedId() >= stopSign.nextConfig().configurationId()) {
          // This node got to the next configuration first by fetching its state (it lagged behind
          // in this one): there is nothing to switch to, and the waiting appends go to it now.
          LOG.info(
              "node {}: configuration {} sealed after it entered {} with a fetched state",
              pid,
              inst.id(),
              lastRecordedId());
          ConfigurationChain.this.carry(waiting);
          return;
        }
        carried.addAll(waiting);
        switchingTo = Math.max(switchingTo, stopSign.nextConfig().configurationId());
      }
      migration.execute(() -> advance(inst, stopSign, position));
    }

    @Override
    public void carry(List<LoopWiring.Carried<T>> appends) {
      ConfigurationChain.this.carry(appends);
    }
  }

  private synchronized void carry(List<LoopWiring.Carried<T>> appends) {
    Instance<T, S> c = current;
    if (c != null && c.end < 0) {
      c.loop.carryIn(appends);
    } else if (switchingTo != 0 || fetchRequested > lastRecordedId() || startingLatest()) {
      carried.addAll(appends);
    } else {
      failCarried(appends, absence());
    }
  }

  /**
   * Whether this node is a member of its latest recorded configuration whose loop is not running
   * yet (recorded, about to start): appends wait for it like during the switch itself.
   */
  private boolean startingLatest() {
    if (records.isEmpty() || closed) {
      return false;
    }
    ConfigurationRecord latest = records.get(records.size() - 1);
    Instance<T, S> c = current;
    return latest.config().contains(pid) && (c == null || c.id() != latest.configurationId());
  }

  private int lastRecordedId() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).configurationId();
  }

  private static <T> void failCarried(List<LoopWiring.Carried<T>> appends, String why) {
    for (LoopWiring.Carried<T> c : appends) {
      c.future()
          .completeExceptionally(
              new ProposalRejectedException(
                  ProposalRejectedException.Reason.RECONFIGURED,
                  why + "; the entry was not decided"));
    }
  }

  /**
   * On the migration thread: carries the state at {@code sealed}'s stop sign (decided at {@code
   * position}) over into the next configuration.
   *
   * <p>The next configuration starts as soon as the state is built in memory, before the state is
   * encoded and stored, so that writes pause for as short as possible. That is safe: until the
   * record is durable, a restart runs the sealed configuration again, which decides the same stop
   * sign and comes back here; the next configuration's log, already on disk, is then opened as it
   * was.
   */
  private void advance(Instance<T, S> sealed, StopSign stopSign, long position) {
    ClusterConfig next = stopSign.nextConfig();
    try {
      synchronized (this) {
        if (lastRecordedId() >= next.configurationId()) {
          return;
        }
      }
      migration.preparing(
          next.configurationId(),
          "server " + pid + " is preparing the state at the end of configuration " + sealed.id());
      long t0 = System.nanoTime();
      ConfigurationRecord record = new ConfigurationRecord(next, position + 1, stopSign.metadata());
      S state = null;
      if (snapshotter.enabled()) {
        long local = position - sealed.start();
        state = sealed.loop.call(core -> stateAt(core, local, sealed.base)).join();
      }
      Ballot decidedUnder = sealed.loop.call(core -> core.promise()).join();
      long built = System.nanoTime();
      enter(
          record,
          state,
          sealed,
          ElectionStart.forContinuingMember(sealed.record.config(), next, decidedUnder, pid));
      long running = System.nanoTime();
      byte[] bytes = codec != null && state != null ? codec.encode(state) : null;
      store.append(record, Optional.ofNullable(bytes));
      if (bytes != null) {
        migration.offer(
            StateImage.of(
                sealed.record.config(),
                stopSign,
                record.startPosition(),
                bytes,
                base.migrationChunkSize()));
      }
      LOG.info(
          "node {}: configuration {} ended at position {}; next {}: state built in {} ms, running"
              + " after {} ms, recorded with {} bytes of state after {} ms",
          pid,
          sealed.id(),
          position,
          record,
          ms(built - t0),
          ms(running - t0),
          bytes == null ? 0 : bytes.length,
          ms(System.nanoTime() - t0));
    } catch (RuntimeException e) {
      fail("switching from configuration " + sealed.id() + " to " + next.configurationId(), e);
    }
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * The state after the sealed log's entries {@code [0, local)}, built with the snapshotter
   * (compacting the sealed log up to there); null if the entries were trimmed without a snapshot.
   */
  private S stateAt(OmniPaxos<Envelope<T>, S> core, long local, S startState) {
    if (local > core.compactedIdx()) {
      core.snapshot(OptionalLong.of(local), true);
    }
    if (core.compactedIdx() == 0) {
      return startState != null ? startState : snapshotter.create(List.of());
    }
    Optional<LogEntry<Envelope<T>, S>> e = core.read(0);
    if (e.isPresent() && e.get() instanceof LogEntry.Snapshotted<Envelope<T>, S> s) {
      return s.snapshot();
    }
    LOG.error(
        "node {}: the log was trimmed without a snapshot; the state at the stop sign cannot be"
            + " built",
        pid);
    return null;
  }

  /**
   * On the migration thread: the state of configuration {@code image}'s start was fetched and
   * verified.
   */
  private void migrated(StateImage image) {
    var m = image.manifest();
    try {
      synchronized (this) {
        if (lastRecordedId() >= m.configId()) {
          return;
        }
      }
      byte[] bytes = image.bytes();
      S state = codec.decode(bytes);
      ConfigurationRecord record =
          new ConfigurationRecord(m.config(), m.startPosition(), m.stopSign().metadata());
      store.append(record, Optional.of(bytes));
      migration.offer(image);
      LOG.info("node {}: starting {} from the migrated state", pid, record);
      enter(record, state, null, ElectionStart.JOINER);
    } catch (RuntimeException e) {
      fail("starting configuration " + m.configId() + " from the migrated state", e);
    }
  }

  /**
   * Records {@code record} and runs it if this node is a member. Loops of older configurations
   * stop, except {@code keep} (the one just sealed, which goes on answering members that missed its
   * decision).
   */
  private void enter(
      ConfigurationRecord record, S state, Instance<T, S> keep, ElectionStart start) {
    List<Instance<T, S>> stale = new ArrayList<>();
    synchronized (this) {
      records.add(record);
      switchingTo = 0;
      for (Instance<T, S> i : instances) {
        if (i != keep) {
          stale.add(i);
        }
      }
      List<Instance<T, S>> kept = new ArrayList<>(instances);
      kept.removeAll(stale);
      instances = List.copyOf(kept);
      if (current != null && stale.contains(current)) {
        current = null;
      }
    }
    for (Instance<T, S> i : stale) {
      LOG.info("node {}: stopping configuration {}", pid, i.id());
      i.retired = true;
      i.loop.close();
    }
    migration.cancelFetchUpTo(record.configurationId());
    if (record.config().contains(pid)) {
      startInstance(record, state, start);
    } else {
      List<LoopWiring.Carried<T>> orphans;
      synchronized (this) {
        current = null;
        orphans = List.copyOf(carried);
        carried.clear();
        signalChanged();
      }
      LOG.warn("node {}: removed from the cluster: {} does not include it", pid, record);
      failCarried(
          orphans,
          "node "
              + pid
              + " was removed from the cluster in configuration "
              + record.configurationId());
      notifyListeners();
    }
  }

  /** Starts the loop of {@code record} (this node is a member) with {@code state} at its start. */
  private void startInstance(ConfigurationRecord record, S state, ElectionStart start) {
    ClusterConfig config = record.config();
    NodeConfig.Builder b = base.toBuilder().electionStart(start)
        .configurationId(config.configurationId())
        .peers(config.nodes().stream().filter(p -> p != pid).toList());
    config
        .flexibleQuorum()
        .ifPresentOrElse(
            q -> b.flexibleQuorum(q.readQuorumSize(), q.writeQuorumSize()), b::majorityQuorums);
    NodeConfig nc = b.build();
    Seal seal = continues ? new Seal() : null;
    LoopWiring<T, S> wiring = new LoopWiring<>(paxosOut, bleOut, record.startPosition(), seal);
    Snapshotter<T, S> sn = state != null ? new BaseSnapshotter<>(snapshotter, state) : snapshotter;
    NodeLoop<T, S> loop = new NodeLoop<>(nc, store.log(config.configurationId()), sn, wiring);
    Instance<T, S> inst = new Instance<>(record, loop, state);
    if (seal != null) {
      seal.instance = inst;
    }
    notifyListeners();
    synchronized (this) {
      List<Instance<T, S>> all = new ArrayList<>(instances);
      all.add(inst);
      instances = List.copyOf(all);
      current = inst;
      if (!carried.isEmpty()) {
        loop.carryIn(List.copyOf(carried));
        carried.clear();
      }
      signalChanged();
    }
    loop.terminated()
        .whenComplete(
            (v, e) -> {
              if (!inst.retired && !closed) {
                // The loop stopped on its own: a fatal error (e.g. of its storage) stops the node.
                fail(
                    "configuration " + inst.id(),
                    new IllegalStateException("its event loop stopped after a fatal error"));
              }
            });
    loop.start();
    notifyListeners();
  }

  private void signalChanged() {
    CompletableFuture<Void> c = changed;
    changed = new CompletableFuture<>();
    c.complete(null);
  }

  /**
   * Tells the listeners the membership now. Before a configuration's loop starts they hear of it,
   * so that they can make its members reachable first.
   */
  private void notifyListeners() {
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

  private void fail(String what, RuntimeException e) {
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
