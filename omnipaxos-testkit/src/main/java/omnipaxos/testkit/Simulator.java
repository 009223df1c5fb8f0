package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.CompactionException;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.Message;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.StopSign;
import omnipaxos.core.migration.MigrationOptions;

/**
 * A deterministic discrete-event simulation of an OmniPaxos cluster: N cores on a virtual clock
 * (milliseconds; each node ticks every {@code tickMs}) and a seeded random network (per-link
 * delays, loss, duplication, reordering, cuts). Nodes crash and restart on their {@link
 * SimStorage}, which keeps only what was flushed (and possibly a prefix of the rest). After every
 * event at a node the node sends at once what {@link OmniPaxos#messagesBeforeFlush()} releases (a
 * leader's replication, unless {@code sendBeforeFlush} is off), then flushes and sends the rest
 * within {@code maxFlushDelayMs}, through {@link OmniPaxos#outgoingMessages()}; a crash in between
 * loses the leader's unflushed entries that its followers may already hold.
 *
 * <p>All randomness comes from the seed, and events at the same instant run in the order they were
 * scheduled, so one seed replays one run exactly. After every step the touched node is checked by
 * {@link LogInvariants}; any violation, unexpected exception or missed liveness bound throws a
 * {@link SimulationFailure} naming the seed and showing the last events. A decided stop sign starts
 * the next configuration's instance on each of its nodes (new nodes are created), as a runtime
 * would.
 *
 * <p>Drive it from a test: schedule faults and client operations, {@link #run} virtual time, and
 * assert with {@link #awaitStableProgress}. Not thread-safe.
 *
 * <p>This class is the facade and keeps the nodes, their configurations, node faults and client
 * operations; the driving loop ({@link SimLoop}), the network and its faults ({@link
 * SimNetworkFaults}) and the trace and spec-trace recording ({@link SimTraceRecorder}) are
 * package-private collaborators.
 */
public final class Simulator<T, S> {

  /**
   * How long the cluster took to recover.
   *
   * @param elapsedMs virtual time from the call until the leader that then stayed made progress
   * @param leader that leader
   * @param configId the configuration it leads
   * @param electionTimeouts {@code elapsedMs} in election timeouts
   * @param supersededLeaders leaders that made progress but were replaced within the stability
   *     window
   */
  public record Recovery(
      long elapsedMs, long leader, int configId, double electionTimeouts, int supersededLeaders) {}

  final SimOptions<T, S> options;
  final SplittableRandom nodeRandom;
  private final SplittableRandom userRandom;
  final TreeMap<Long, SimNode<T, S>> nodes = new TreeMap<>();
  private final TreeMap<Integer, ClusterConfig> configs = new TreeMap<>();
  final SimLoop<T, S> loop;
  final SimTraceRecorder<T, S> recorder;
  final SimNetworkFaults<T, S> faults;
  final LogInvariants<T, S> invariants;
  final SimStats stats = new SimStats();
  private final List<LogInvariants.Listener> decisionListeners = new ArrayList<>();
  private final List<LongConsumer> crashListeners = new ArrayList<>();
  final long electionTicks;
  private long nextEntryId = 1;
  /** Null unless migrations are on. */
  final SimMigrations<T, S> migrations;

  public Simulator(SimOptions<T, S> options) {
    this.options = options;
    SplittableRandom root = new SplittableRandom(options.seed);
    SplittableRandom netRandom = root.split();
    this.nodeRandom = root.split();
    this.userRandom = root.split();
    this.loop = new SimLoop<>(this);
    this.recorder = new SimTraceRecorder<>(options, loop);
    this.faults = new SimNetworkFaults<>(this, new SimNetwork(options.link), netRandom);
    this.invariants = new LogInvariants<>(options.snapshotter, options.codec, this::onDecided);
    this.electionTicks = options.serverConfig(options.pids.get(0)).electionTickTimeout();
    this.migrations =
        options.migrationChunkSize == 0
            ? null
            : new SimMigrations<>(
                options.codec,
                options.migrationChunkSize,
                new MigrationOptions(4, 4 * (int) electionTicks, (int) electionTicks),
                new MigrationHost());
    ClusterConfig initial = options.initialConfig();
    configs.put(initial.configurationId(), initial);
    for (long pid : initial.nodes()) {
      startInstance(pid, initial, ElectionStart.PEER);
    }
    loop.runDeferred();
  }

  /** A simulation of {@code Long} entries with list snapshots. */
  public static Simulator<Long, List<Long>> of(SimOptions<Long, List<Long>> options) {
    return new Simulator<>(options);
  }

  // ---------------------------------------------------------------------------------------------
  // Time
  // ---------------------------------------------------------------------------------------------

  /** Runs every event up to {@code ms} virtual milliseconds from now. */
  public void run(long ms) {
    loop.run(ms);
  }

  /**
   * Runs until {@code condition} holds (checked after every step) or {@code maxMs} passed.
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition, long maxMs) {
    return loop.runUntil(condition, maxMs);
  }

  /** Runs {@code action} {@code delayMs} from now, as one step of the simulation. */
  public void after(long delayMs, String label, Runnable action) {
    loop.after(delayMs, label, action);
  }

  /** Runs the next event. */
  void step() {
    loop.step();
  }

  // ---------------------------------------------------------------------------------------------
  // Configurations
  // ---------------------------------------------------------------------------------------------

  private void onDecided(long pid, int configId, long position, Object value, boolean first) {
    if (first) {
      stats.count(Stat.POSITIONS_DECIDED);
      trace(
          TraceEvent.Kind.DECIDE,
          pid,
          "config " + configId + " position " + position + " = " + value);
    }
    if (value instanceof StopSign ss) {
      onStopSignDecided(pid, configId, ss);
    }
    for (LogInvariants.Listener l : decisionListeners) {
      l.decided(pid, configId, position, value, first);
    }
  }

  private void onStopSignDecided(long pid, int configId, StopSign ss) {
    ClusterConfig next = ss.nextConfig();
    int nextId = next.configurationId();
    ClusterConfig old = configs.get(configId);
    if (!configs.containsKey(nextId)) {
      configs.put(nextId, next);
      stats.count(Stat.CONFIGURATIONS_STARTED);
      trace(TraceEvent.Kind.CONFIG, pid, "configuration " + configId + " sealed; starting " + next);
      for (long p : next.nodes()) {
        if (old == null || !old.contains(p)) {
          // A new member: it takes part once it holds the state at the stop sign.
          ElectionStart start = old == null ? ElectionStart.PEER : ElectionStart.JOINER;
          if (migrations == null || old == null) {
            loop.defer(() -> startInstance(p, next, start));
          } else {
            loop.defer(
                () -> {
                  ensureNode(p);
                  migrations.join(p, old, ss);
                });
          }
        }
      }
    }
    if (migrations != null && old != null) {
      loop.defer(() -> migrations.sealed(pid, old, ss));
    }
    if (next.contains(pid)) {
      ElectionStart start =
          old == null
              ? ElectionStart.PEER
              : ElectionStart.forContinuingMember(old, next, decidedUnder(pid, configId), pid);
      loop.defer(() -> startInstance(pid, next, start));
    }
  }

  /** What the migrations need of the simulator. */
  private final class MigrationHost implements SimMigrations.Host<T, S> {
    @Override
    public void send(Message<T, S> message) {
      faults.send(message);
    }

    @Override
    public void migrated(long pid, ClusterConfig config) {
      startInstance(pid, config, ElectionStart.JOINER);
    }

    @Override
    public List<Object> chosen(int configId) {
      return invariants.chosen(configId);
    }

    @Override
    public SimulationFailure failure(String violation) {
      return recorder.failure(violation, null);
    }

    @Override
    public void trace(long pid, Object detail) {
      recorder.trace(TraceEvent.Kind.CONFIG, pid, detail);
    }

    @Override
    public SimStats stats() {
      return stats;
    }
  }

  /** The node {@code pid}, created (ticking, with no instance yet) if it is new. */
  private SimNode<T, S> ensureNode(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null) {
      long period = options.tickMs;
      if (options.tickDriftMs > 0) {
        period += nodeRandom.nextInt(-options.tickDriftMs, options.tickDriftMs + 1);
      }
      period = options.tickPeriods.getOrDefault(pid, (int) period);
      n = new SimNode<>(pid, period);
      nodes.put(pid, n);
      loop.scheduleTick(1 + nodeRandom.nextLong(period), pid, n.incarnation);
    }
    return n;
  }

  /** The ballot node {@code pid} promised in configuration {@code configId} (decided under). */
  private Ballot decidedUnder(long pid, int configId) {
    SimNode.Instance<T, S> inst = nodes.get(pid).instances.get(configId);
    return inst == null || inst.core == null ? Ballot.NONE : inst.core.promise();
  }

  /**
   * Starts node {@code pid}'s instance of {@code config} on fresh storage (creating the node if
   * new).
   */
  private void startInstance(long pid, ClusterConfig config, ElectionStart start) {
    SimNode<T, S> n = ensureNode(pid);
    if (n.instances.containsKey(config.configurationId())) {
      return;
    }
    SimNode.Instance<T, S> inst = new SimNode.Instance<>(config, start);
    n.instances.put(config.configurationId(), inst);
    if (n.up) {
      inst.core = build(n, inst);
      inst.ticks = 0;
      trace(
          TraceEvent.Kind.CONFIG,
          pid,
          "started instance of configuration " + config.configurationId());
      SimNode<T, S> node = n;
      loop.check(() -> invariants.restarted(node.pid, inst.configId(), inst.core));
      loop.afterEvent(n);
    }
  }

  private OmniPaxos<T, S> build(SimNode<T, S> n, SimNode.Instance<T, S> inst) {
    try {
      OmniPaxosConfig c = options.config(inst.config, n.pid);
      ServerConfig server = c.server().toBuilder().electionStart(inst.electionStart).build();
      // Only the first start of an instance is special; a restart recovers as an ordinary peer.
      inst.electionStart = ElectionStart.PEER;
      return new OmniPaxosConfig(c.cluster(), server).build(inst.storage, options.snapshotter);
    } catch (RuntimeException e) {
      throw failure(
          "node "
              + n.pid
              + " (config "
              + inst.configId()
              + ") failed to start on its storage: "
              + e,
          e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Node faults
  // ---------------------------------------------------------------------------------------------

  /**
   * Crashes {@code pid} now: unflushed writes are lost (a prefix may survive), unsent messages too.
   */
  public void crash(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    if (n != null && n.up) {
      crashNow(n, "crash");
    }
  }

  /**
   * Crashes {@code pid} right after its next event that leaves unflushed writes, before it flushes
   * them or sends the event's messages.
   */
  public void crashBeforeFlush(long pid) {
    recorder.refuseInSpecTrace("crash before flush");
    SimNode<T, S> n = nodes.get(pid);
    if (n != null && n.up) {
      n.crashBeforeFlush = true;
      trace(TraceEvent.Kind.CRASH, pid, "will crash after its next write, before flushing");
    }
  }

  /**
   * Makes the next storage write of {@code pid}'s newest instance fail; the node stops and
   * restarts.
   */
  public void failNextWrite(long pid) {
    recorder.refuseInSpecTrace("storage write failure");
    SimNode<T, S> n = nodes.get(pid);
    if (n != null && n.up && n.active() != null) {
      n.active().storage.failNextWrite();
      trace(TraceEvent.Kind.FAULT, pid, "next storage write will fail");
    }
  }

  /** Cancels every armed crash-before-flush and storage write failure. */
  public void cancelPendingFaults() {
    for (SimNode<T, S> n : nodes.values()) {
      n.crashBeforeFlush = false;
      for (SimNode.Instance<T, S> inst : n.instances.values()) {
        inst.storage.cancelWriteFailure();
      }
    }
  }

  /** Crashes {@code n} now, for {@code why}. */
  void crashNow(SimNode<T, S> n, String why) {
    n.up = false;
    n.incarnation++;
    n.drainScheduled = false;
    n.crashBeforeFlush = false;
    long lost = 0;
    for (SimNode.Instance<T, S> inst : n.instances.values()) {
      int pending = inst.storage.pendingTransactions();
      int keep = options.tornCrashes && pending > 0 ? nodeRandom.nextInt(pending + 1) : 0;
      inst.storage.crash(keep);
      lost += pending - keep;
      inst.core = null;
    }
    if (migrations != null) {
      migrations.crashed(n.pid);
    }
    stats.count(Stat.CRASHES);
    stats.count(Stat.WRITES_LOST, lost);
    if (lost > 0) {
      stats.count(Stat.CRASHES_LOSING_WRITES);
    }
    trace(
        TraceEvent.Kind.CRASH,
        n.pid,
        why + (lost > 0 ? " (" + lost + " unflushed writes lost)" : ""));
    for (LongConsumer l : crashListeners) {
      l.accept(n.pid);
    }
  }

  /** Restarts a crashed node on its storage. */
  public void restart(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || n.up) {
      return;
    }
    n.up = true;
    stats.count(Stat.RESTARTS);
    trace(TraceEvent.Kind.RESTART, pid, "restart on storage");
    for (SimNode.Instance<T, S> inst : n.instances.values()) {
      inst.core = build(n, inst);
      inst.ticks = 0;
      recorder.specEvent(n, inst, "Restart", "");
      loop.check(() -> invariants.restarted(pid, inst.configId(), inst.core));
    }
    loop.scheduleTick(1 + nodeRandom.nextLong(n.tickPeriodMs), pid, n.incarnation);
    if (migrations != null) {
      migrations.restarted(pid);
    }
    loop.afterEvent(n);
    for (SimNode<T, S> peer : List.copyOf(nodes.values())) {
      if (peer.pid != pid) {
        loop.notifyReconnected(peer, pid);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Network faults
  // ---------------------------------------------------------------------------------------------

  /**
   * Cuts the link {@code from -> to}. Cuts are counted: the link is up again when every cut is
   * restored.
   */
  public void cut(long from, long to) {
    faults.cut(from, to);
  }

  /**
   * Removes one cut of {@code from -> to}; if the link comes up both ends are told they
   * reconnected.
   */
  public void restore(long from, long to) {
    faults.restore(from, to);
  }

  public void cutBoth(long a, long b) {
    faults.cutBoth(a, b);
  }

  public void restoreBoth(long a, long b) {
    faults.restoreBoth(a, b);
  }

  /** Cuts every link of {@code pid}, both ways. */
  public void isolate(long pid) {
    faults.isolate(pid);
  }

  /** Restores what {@link #isolate} cut. */
  public void reconnect(long pid) {
    faults.reconnect(pid);
  }

  /**
   * Cuts both ways every link between nodes of different groups. @return the links cut, to restore
   * later
   */
  public List<Link> partition(List<? extends Collection<Long>> groups) {
    return faults.partition(groups);
  }

  /** Restores each link of {@code links} once. */
  public void restore(Collection<Link> links) {
    faults.restore(links);
  }

  /**
   * Removes every cut and loss burst; the ends of every link that comes up are told they
   * reconnected.
   */
  public void heal() {
    faults.heal();
  }

  /** The links currently cut. */
  public List<Link> cutLinks() {
    return faults.cutLinks();
  }

  /** Whether {@code from -> to} is up. */
  public boolean linkUp(long from, long to) {
    return faults.linkUp(from, to);
  }

  /**
   * Holds back every message sent from now on that matches {@code rule} (instead of handing it to
   * the network) until {@link #release} delivers it; {@code m -> false} stops holding.
   */
  public void holdWhere(Predicate<Message<T, S>> rule) {
    faults.holdWhere(rule);
  }

  /** The messages held back so far and not released. */
  public List<Message<T, S>> held() {
    return faults.held();
  }

  /**
   * Delivers now, in the order they were held, the held messages that match {@code which}, if their
   * links are up. @return how many were released
   */
  public int release(Predicate<Message<T, S>> which) {
    return faults.release(which);
  }

  /**
   * Delivers twice every message sent from now on that matches {@code rule}; {@code m -> false}
   * stops.
   */
  public void duplicateWhere(Predicate<Message<T, S>> rule) {
    faults.duplicateWhere(rule);
  }

  /**
   * Tells {@code pid} that its connection to {@code peer} was re-established, as a transport would.
   */
  public void notifyReconnected(long pid, long peer) {
    SimNode<T, S> n = nodes.get(pid);
    if (n != null) {
      loop.notifyReconnected(n, peer);
    }
  }

  /** Sets the profile of the link {@code from -> to}. */
  public void setLink(long from, long to, LinkProfile profile) {
    faults.setLink(from, to, profile);
  }

  /** Sets the profile of every link; per-link profiles are dropped. */
  public void setAllLinks(LinkProfile profile) {
    faults.setAllLinks(profile);
  }

  /** Sets the loss probability of every link. */
  public void setLossEverywhere(double loss) {
    faults.setLossEverywhere(loss);
  }

  /** The profile of the link {@code from -> to}. */
  public LinkProfile link(long from, long to) {
    return faults.link(from, to);
  }

  /** Starts a loss burst (at least half the messages lost) on {@code from -> to}. */
  public void startLossBurst(long from, long to) {
    faults.startLossBurst(from, to);
  }

  /** Ends one loss burst on {@code from -> to}. */
  public void endLossBurst(long from, long to) {
    faults.endLossBurst(from, to);
  }

  // ---------------------------------------------------------------------------------------------
  // Client operations
  // ---------------------------------------------------------------------------------------------

  /**
   * Proposes a new unique entry at {@code pid}'s newest instance.
   *
   * @return the entry's id, or empty if the node is down or refused the proposal
   */
  public OptionalLong propose(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || !n.up || n.active() == null) {
      return OptionalLong.empty();
    }
    SimNode.Instance<T, S> inst = n.active();
    long id = nextEntryId++;
    T entry = options.codec.entry(id);
    invariants.proposed(id);
    try {
      loop.callCore(n, inst, () -> inst.core.append(entry));
    } catch (ProposalRejectedException e) {
      invariants.refused(id);
      stats.count(Stat.PROPOSALS_REJECTED);
      trace(TraceEvent.Kind.CLIENT, pid, "append " + entry + " refused: " + e.reason());
      return OptionalLong.empty();
    }
    stats.count(Stat.PROPOSALS);
    trace(TraceEvent.Kind.CLIENT, pid, "append " + entry + " (config " + inst.configId() + ")");
    recorder.specEvent(n, inst, "Propose", "v |-> " + id);
    loop.afterEvent(n);
    return OptionalLong.of(id);
  }

  /** Proposes {@code next} at {@code pid}'s newest instance. @return whether the node took it */
  public boolean reconfigure(long pid, ClusterConfig next) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || !n.up || n.active() == null) {
      return false;
    }
    SimNode.Instance<T, S> inst = n.active();
    invariants.proposedStopSign(new StopSign(next, Optional.empty()));
    try {
      loop.callCore(n, inst, () -> inst.core.reconfigure(next, Optional.empty()));
    } catch (ProposalRejectedException | InvalidConfigException e) {
      stats.count(Stat.RECONFIGURATIONS_REJECTED);
      trace(TraceEvent.Kind.CLIENT, pid, "reconfigure to " + next + " refused: " + e.getMessage());
      return false;
    }
    stats.count(Stat.RECONFIGURATIONS);
    trace(TraceEvent.Kind.CLIENT, pid, "reconfigure to " + next);
    recorder.specEvent(n, inst, "Reconfigure", "ss |-> -" + next.configurationId());
    loop.afterEvent(n);
    return true;
  }

  /** Asks {@code pid} to trim as far as every node accepted. @return whether it trimmed */
  public boolean trim(long pid) {
    return compact(pid, "trim", "Trim", inst -> inst.core.trim(OptionalLong.empty()), Stat.TRIMS);
  }

  /**
   * Asks {@code pid} to snapshot its decided log, locally or on every node. @return whether it did
   */
  public boolean snapshot(long pid, boolean localOnly) {
    if (localOnly) {
      recorder.refuseInSpecTrace("local-only snapshot");
    }
    return compact(pid, localOnly ? "local snapshot" : "snapshot", "Snapshot",
        inst -> inst.core.snapshot(OptionalLong.empty(), localOnly), Stat.SNAPSHOTS);
  }

  private interface InstanceCall<T, S> {
    void call(SimNode.Instance<T, S> inst);
  }

  private boolean compact(
      long pid, String what, String specAction, InstanceCall<T, S> op, Stat stat) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || !n.up || n.active() == null) {
      return false;
    }
    SimNode.Instance<T, S> inst = n.active();
    try {
      loop.callCore(n, inst, () -> op.call(inst));
    } catch (CompactionException e) {
      stats.count(Stat.COMPACTIONS_REFUSED);
      trace(TraceEvent.Kind.CLIENT, pid, what + " refused: " + e.getMessage());
      return false;
    }
    stats.count(stat);
    trace(TraceEvent.Kind.CLIENT, pid, what + " (config " + inst.configId() + ")");
    recorder.specEvent(n, inst, specAction, "");
    loop.afterEvent(n);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Liveness
  // ---------------------------------------------------------------------------------------------

  /**
   * Runs until every node of the newest configuration follows one accepting leader, an entry
   * proposed after this call (or after the last leader change) is decided on all of them, and that
   * leader then stays for {@code stableMs}. A leader superseded within the window (say by a
   * concurrent takeover with a higher priority) restarts the wait for progress. Follows
   * reconfigurations that complete meanwhile. Proposes a probe entry five times per election
   * timeout, at the members in turn.
   *
   * @throws SimulationFailure if no leader made progress and stayed within {@code maxMs}
   */
  public Recovery awaitStableProgress(long maxMs, long stableMs) {
    return new LivenessProbe<>(this, Optional.empty()).await(maxMs, stableMs);
  }

  /**
   * As {@link #awaitStableProgress(long, long)}, but only {@code members} must follow the leader
   * and decide.
   */
  public Recovery awaitStableProgress(Collection<Long> members, long maxMs, long stableMs) {
    return new LivenessProbe<>(this, Optional.of(List.copyOf(members))).await(maxMs, stableMs);
  }

  /**
   * The pid that all of {@code members} (in configuration {@code configId}) follow, if they agree,
   * it is one of them and it is an accepting leader.
   */
  public OptionalLong agreedLeader(Collection<Long> members, int configId) {
    long leader = -1;
    for (long m : members) {
      OmniPaxos<T, S> core = coreOf(m, configId);
      if (core == null) {
        return OptionalLong.empty();
      }
      OptionalLong l = core.currentLeader();
      if (l.isEmpty() || (leader != -1 && l.getAsLong() != leader)) {
        return OptionalLong.empty();
      }
      leader = l.getAsLong();
    }
    if (leader <= 0 || !members.contains(leader) || !coreOf(leader, configId).isLeader()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(leader);
  }

  /** The pid every up node of the newest configuration follows, if they agree and it leads. */
  public OptionalLong leader() {
    int cfg = configs.lastKey();
    List<Long> up = new ArrayList<>();
    for (long p : configs.get(cfg).nodes()) {
      if (isUp(p)) {
        up.add(p);
      }
    }
    return up.isEmpty() ? OptionalLong.empty() : agreedLeader(up, cfg);
  }

  /** The core of {@code pid}'s instance of {@code configId}, null if down or absent. */
  OmniPaxos<T, S> coreOf(long pid, int configId) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || !n.up) {
      return null;
    }
    SimNode.Instance<T, S> inst = n.instances.get(configId);
    return inst == null ? null : inst.core;
  }

  /**
   * One line per node: up or down, and per instance its leader, role, decided and accepted index.
   */
  public String describeNodes() {
    StringBuilder b = new StringBuilder("nodes:");
    for (SimNode<T, S> n : nodes.values()) {
      b.append("\n  n").append(n.pid).append(n.up ? " up" : " DOWN");
      for (SimNode.Instance<T, S> inst : n.instances.values()) {
        b.append(" | config ").append(inst.configId());
        if (inst.core != null) {
          OmniPaxos<T, S> c = inst.core;
          NodeStatus st = c.status();
          b.append(": promise ")
              .append(c.promise())
              .append(c.isLeader() ? " LEADER" : "")
              .append(" phase ")
              .append(st.phase())
              .append(", ble leader ")
              .append(st.bleLeader())
              .append(st.happy() ? " happy" : " unhappy")
              .append(", decided ")
              .append(c.decidedIdx())
              .append(", accepted ")
              .append(c.acceptedIdx())
              .append(", compacted ")
              .append(c.compactedIdx());
        }
      }
    }
    b.append("\n  cut links: ").append(faults.cutLinks());
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Observations
  // ---------------------------------------------------------------------------------------------

  public long seed() {
    return options.seed;
  }

  /** Virtual time in milliseconds. */
  public long now() {
    return loop.now();
  }

  public long steps() {
    return loop.steps();
  }

  public SimOptions<T, S> options() {
    return options;
  }

  public SimStats stats() {
    return stats;
  }

  /** The spec trace, if {@link SimOptions.Builder#specTrace} is on. */
  public Optional<SpecTrace> specTrace() {
    return recorder.specTrace();
  }

  public Trace trace() {
    return recorder.trace();
  }

  public LogInvariants<T, S> invariants() {
    return invariants;
  }

  /** A random stream for the test's own choices (faults, clients), derived from the seed. */
  public SplittableRandom random() {
    return userRandom;
  }

  /** The election timeout in virtual milliseconds. */
  public long electionTimeoutMs() {
    return electionTicks * options.tickMs;
  }

  /** Every node ever started, in pid order. */
  public List<Long> pids() {
    return List.copyOf(nodes.keySet());
  }

  /** The nodes that are up, in pid order. */
  public List<Long> upPids() {
    List<Long> up = new ArrayList<>();
    for (SimNode<T, S> n : nodes.values()) {
      if (n.up) {
        up.add(n.pid);
      }
    }
    return up;
  }

  public boolean isUp(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    return n != null && n.up;
  }

  /** The newest configuration started. */
  public ClusterConfig latestConfig() {
    return configs.lastEntry().getValue();
  }

  /** Every configuration started, by id. */
  public List<ClusterConfig> configs() {
    return List.copyOf(configs.values());
  }

  /**
   * The core of {@code pid}'s newest instance. @throws IllegalStateException if the node is down
   */
  public OmniPaxos<T, S> node(long pid) {
    SimNode<T, S> n = nodes.get(pid);
    if (n == null || !n.up) {
      throw new IllegalStateException("node " + pid + " is down");
    }
    if (n.active() == null) {
      throw new IllegalStateException(
          "node " + pid + " runs no configuration yet: it fetches the state");
    }
    return n.active().core;
  }

  /**
   * The core of {@code pid}'s instance of configuration {@code configId}, if the node is up and has
   * one.
   */
  public Optional<OmniPaxos<T, S>> node(long pid, int configId) {
    return Optional.ofNullable(coreOf(pid, configId));
  }

  /** The storage of {@code pid}'s instance of configuration {@code configId}. */
  public Optional<SimStorage<T, S>> storage(long pid, int configId) {
    SimNode<T, S> n = nodes.get(pid);
    SimNode.Instance<T, S> inst = n == null ? null : n.instances.get(configId);
    return inst == null ? Optional.empty() : Optional.of(inst.storage);
  }

  /** Registers a listener for every decided position as each node is first seen deciding it. */
  public void onDecision(LogInvariants.Listener listener) {
    decisionListeners.add(listener);
  }

  /** Registers a listener told the pid of every crashed node. */
  public void onCrash(LongConsumer listener) {
    crashListeners.add(listener);
  }

  /** Counts an injected fault of {@code kind} in {@link #stats()} and notes it in the trace. */
  public void fault(FaultKind kind) {
    stats.fault(kind);
    trace(TraceEvent.Kind.FAULT, 0, kind);
  }

  /** Adds a note to the trace. */
  public void note(String text) {
    trace(TraceEvent.Kind.NOTE, 0, text);
  }

  /** Records a client-level event in the trace. */
  public void traceClient(long pid, Object detail) {
    trace(TraceEvent.Kind.CLIENT, pid, detail);
  }

  void trace(TraceEvent.Kind kind, long node, Object detail) {
    recorder.trace(kind, node, detail);
  }

  /** A failure at the current step, with the seed and the trace. */
  public SimulationFailure failure(String violation, Throwable cause) {
    return recorder.failure(violation, cause);
  }

  /** The progress of {@code pid}'s fetch of the state at a stop sign, if one runs. */
  public Optional<omnipaxos.core.migration.MigrationSink.Progress> migrationProgress(long pid) {
    return migrations == null ? Optional.empty() : migrations.progress(pid);
  }

  /**
   * How {@code pid}'s last completed fetch of the state at a stop sign went, if it completed one.
   */
  public Optional<omnipaxos.core.migration.MigrationSink.Progress> lastMigration(long pid) {
    return migrations == null ? Optional.empty() : migrations.lastFetch(pid);
  }

  /**
   * Whether {@code pid} is still fetching the state at the start of configuration {@code configId}.
   */
  public boolean migrating(long pid, int configId) {
    return migrations != null && migrations.fetching(pid, configId);
  }
}
