package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import omnipaxos.core.Ballot;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.QuorumRead;
import omnipaxos.core.StopSign;
import omnipaxos.testkit.linearizability.History;
import omnipaxos.testkit.linearizability.KvModel;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.Operation;

/**
 * Simulated key-value clients over a {@link Simulator}: every operation is proposed as one log
 * entry, and the key-value store is the decided log applied in order (configuration after
 * configuration). An operation is answered when the node it was sent to decides its entry; the
 * answer is what the store gives at the entry's position. Lost proposals, crashes of the contacted
 * node and timeouts end operations with an unknown outcome. The recorded {@link History} can then
 * be checked for linearizability.
 *
 * <p>With {@link #startWithLeaseReads lease reads}, a read sent to a node that leads with a leader
 * lease is served from that node's own decided log, as a lease-reading server would: once its
 * decided index reaches its accepted index at the time of the read, and only if the lease still
 * holds (same ballot) at that moment; otherwise it goes through the log like any operation. Reads
 * go to a node that believes it leads, when there is one. Lease reads are served in the first
 * configuration only.
 *
 * <p>With {@link #startWithQuorumReads quorum reads}, a read sent to a node that leads starts a
 * read-index round there and is served from that node's decided log once the round is confirmed
 * and the decided index reaches the read index, as a server in log mode would; if the node's
 * ballot changes first, it goes through the log. Also in the first configuration only.
 */
public final class KvClients<T, S> {

  private static final class Client {
    long clientId;
    long opId = -1;
    long entryId = -1;
    long pid;
    boolean awaiting;
    /** A quorum read waiting for its confirmation and read index, or null. */
    QuorumRead quorumRead;
    /** A lease read waiting for its node's decided index to reach {@code leaseIdx}, or null. */
    Ballot leaseBallot;
    long leaseIdx;
    KvOp op;
  }

  private final Simulator<T, S> sim;
  private final KvWorkload workload;
  private final SplittableRandom random;
  private final History history = new History();
  private final List<Client> clients = new ArrayList<>();
  private final Map<Long, KvOp> opsByEntry = new HashMap<>();
  private final Map<Long, KvResult> results = new HashMap<>();
  private final Map<Long, Client> waiting = new HashMap<>();
  private final Map<Long, Long> entryOfOperation = new HashMap<>();
  private final Map<String, Optional<String>> store = new HashMap<>();
  private final Map<String, String> lastWritten = new HashMap<>();
  private int applyConfig;
  private long applyCursor;
  private long nextClientId = 1;
  private long nextValue = 1;
  private boolean stopped;
  private final Reads reads;
  private final boolean writesAtFollowers;
  private final int firstConfig;
  /** Per key, the value after each position of the first configuration's log that wrote it. */
  private final Map<String, TreeMap<Long, Optional<String>>> versions = new HashMap<>();
  private long leaseReadsServed;
  private long leaseReadsFallenBack;
  private long quorumReadsServed;
  private long quorumReadsFallenBack;

  /** How reads are served: through the log, under a lease, or after a read-index round. */
  private enum Reads { LOG, LEASE, QUORUM }

  private KvClients(
      Simulator<T, S> sim, KvWorkload workload, Reads reads, boolean writesAtFollowers) {
    this.sim = sim;
    this.workload = workload;
    this.reads = reads;
    this.writesAtFollowers = writesAtFollowers;
    this.firstConfig = sim.configs().get(0).configurationId();
    this.random = sim.random().split();
    this.applyConfig = sim.configs().get(0).configurationId();
  }

  /** Starts {@code workload} on {@code sim}. */
  public static <T, S> KvClients<T, S> start(Simulator<T, S> sim, KvWorkload workload) {
    return new KvClients<>(sim, workload, Reads.LOG, false).begin();
  }

  /**
   * Starts {@code workload} on {@code sim}; reads go to a node that believes it leads and are
   * served under its leader lease where possible. With {@code writesAtFollowers} writes go to nodes
   * that do not believe they lead (so that an old leader's log holds no write of its own it could
   * wait for).
   */
  public static <T, S> KvClients<T, S> startWithLeaseReads(
      Simulator<T, S> sim, KvWorkload workload, boolean writesAtFollowers) {
    return new KvClients<>(sim, workload, Reads.LEASE, writesAtFollowers).begin();
  }

  /**
   * Starts {@code workload} on {@code sim}; reads go to a node that believes it leads and are
   * served after a read-index round where possible (see {@link #startWithLeaseReads} for {@code
   * writesAtFollowers}).
   */
  public static <T, S> KvClients<T, S> startWithQuorumReads(
      Simulator<T, S> sim, KvWorkload workload, boolean writesAtFollowers) {
    return new KvClients<>(sim, workload, Reads.QUORUM, writesAtFollowers).begin();
  }

  private KvClients<T, S> begin() {
    sim.onDecision(this::decided);
    sim.onCrash(this::crashed);
    for (int i = 0; i < workload.clients(); i++) {
      Client cl = new Client();
      cl.clientId = nextClientId++;
      clients.add(cl);
      scheduleTurn(cl);
    }
    return this;
  }

  /** Stops invoking new operations; running ones still end. */
  public void stop() {
    stopped = true;
  }

  /** The history recorded so far. */
  public History history() {
    return history;
  }

  /**
   * The operations to check for linearizability: {@link History#operations()} without the
   * operations of unknown outcome whose entries were never applied. Those never took effect (the
   * simulator knows), so leaving them out is sound and keeps the search small; call this once the
   * run is over.
   */
  public List<Operation<KvOp, KvResult>> checkableOperations() {
    List<Operation<KvOp, KvResult>> ops = new ArrayList<>();
    for (Operation<KvOp, KvResult> op : history.operations()) {
      Long entry = entryOfOperation.get(op.id());
      if (!op.pending() || (entry != null && results.containsKey(entry))) {
        ops.add(op);
      }
    }
    return ops;
  }

  /** Reads answered under a leader lease. */
  public long leaseReadsServed() {
    return leaseReadsServed;
  }

  /**
   * Reads that started as lease reads but went through the log (the lease lapsed or the leader
   * changed).
   */
  public long leaseReadsFallenBack() {
    return leaseReadsFallenBack;
  }

  /** Reads answered after a read-index round. */
  public long quorumReadsServed() {
    return quorumReadsServed;
  }

  /** Reads that started as quorum reads but went through the log (the leader's ballot changed). */
  public long quorumReadsFallenBack() {
    return quorumReadsFallenBack;
  }

  /** Operations invoked so far. */
  public int invoked() {
    return history.size();
  }

  private void scheduleTurn(Client c) {
    if (!stopped) {
      long think =
          1 + (workload.maxThinkMs() == 0 ? 0 : random.nextLong(workload.maxThinkMs() + 1));
      sim.after(think, "client turn", () -> turn(c));
    }
  }

  private void turn(Client c) {
    if (stopped) {
      return;
    }
    List<Long> up = new ArrayList<>();
    for (long p : sim.latestConfig().nodes()) {
      if (sim.isUp(p)) {
        up.add(p);
      }
    }
    if (up.isEmpty()) {
      scheduleTurn(c);
      return;
    }
    long pid = up.get(random.nextInt(up.size()));
    KvOp op = randomOp();
    if (reads != Reads.LOG && (op instanceof KvOp.Get || writesAtFollowers)) {
      boolean wantLeader = op instanceof KvOp.Get;
      List<Long> fit = up.stream().filter(p -> sim.node(p).isLeader() == wantLeader).toList();
      if (!fit.isEmpty()) {
        pid = fit.get(random.nextInt(fit.size()));
      }
    }
    long opId = history.invoke(c.clientId, op, sim.now());
    sim.stats().count(Stat.KV_OPERATIONS);
    c.opId = opId;
    c.pid = pid;
    c.op = op;
    if (reads == Reads.LEASE && op instanceof KvOp.Get && startLeaseRead(c)) {
      sim.after(workload.timeoutMs(), "client timeout", () -> giveUp(c, opId, "timed out"));
      return;
    }
    if (reads == Reads.QUORUM && op instanceof KvOp.Get && startQuorumRead(c)) {
      sim.after(workload.timeoutMs(), "client timeout", () -> giveUp(c, opId, "timed out"));
      return;
    }
    proposeOp(c, pid, opId, op);
  }

  private void proposeOp(Client c, long pid, long opId, KvOp op) {
    boolean timeoutScheduled = c.leaseBallot != null || c.quorumRead != null;
    c.leaseBallot = null;
    c.quorumRead = null;
    // Not running while proposing: a crash the proposal causes (a failing write) must not end it
    // twice.
    c.opId = -1;
    OptionalLong entry = sim.propose(pid);
    if (entry.isEmpty()) {
      history.fail(opId, sim.now());
      scheduleTurn(c);
      return;
    }
    long id = entry.getAsLong();
    opsByEntry.put(id, op);
    entryOfOperation.put(opId, id);
    c.opId = opId;
    c.entryId = id;
    c.pid = pid;
    c.awaiting = false;
    waiting.put(id, c);
    sim.traceClient(pid, "client " + c.clientId + " invokes " + op + " as entry " + id);
    if (!timeoutScheduled) {
      sim.after(workload.timeoutMs(), "client timeout", () -> giveUp(c, opId, "timed out"));
    }
  }

  /** Starts a lease read at {@code c.pid} if it leads with a lease in the first configuration. */
  private boolean startLeaseRead(Client c) {
    OmniPaxos<T, S> node = sim.node(c.pid);
    if (node.config().cluster().configurationId() != firstConfig
        || node.leaseReadIndex().isEmpty()) {
      return false;
    }
    c.leaseBallot = node.promise();
    c.leaseIdx = node.leaseReadIndex().getAsLong();
    sim.traceClient(
        c.pid, "client " + c.clientId + " lease-reads " + c.op + " at index " + c.leaseIdx);
    tryLeaseRead(c);
    return true;
  }

  /**
   * Answers a waiting lease read from its node's decided log once that covers the read index, if
   * the lease still holds in the same ballot; otherwise falls back to the log.
   */
  private void tryLeaseRead(Client c) {
    OmniPaxos<T, S> node = sim.node(c.pid);
    long decided =
        Math.min(node.decidedIdx(), firstConfig == applyConfig ? applyCursor : Long.MAX_VALUE);
    if (decided < c.leaseIdx) {
      return;
    }
    KvOp op = c.op;
    if (!node.status().leaseHeld() || !node.promise().equals(c.leaseBallot)) {
      leaseReadsFallenBack++;
      sim.traceClient(c.pid, "client " + c.clientId + " lease lapsed; reads through the log");
      proposeOp(c, c.pid, c.opId, op);
      return;
    }
    KvResult r = valueAt(op, decided);
    leaseReadsServed++;
    history.ok(c.opId, r, sim.now());
    sim.traceClient(
        c.pid, "client " + c.clientId + " lease-read " + r + " at decided index " + decided);
    c.leaseBallot = null;
    finish(c);
  }

  /** Starts a quorum read at {@code c.pid} if it leads in the first configuration. */
  private boolean startQuorumRead(Client c) {
    OmniPaxos<T, S> node = sim.node(c.pid);
    if (node.config().cluster().configurationId() != firstConfig) {
      return false;
    }
    Optional<QuorumRead> read = node.startQuorumRead();
    if (read.isEmpty()) {
      return false;
    }
    c.quorumRead = read.get();
    sim.traceClient(c.pid, "client " + c.clientId + " quorum-reads " + c.op + " in round "
        + read.get().round() + " at index " + read.get().readIdx());
    long opId = c.opId;
    sim.after(1, "quorum read check", () -> tryQuorumRead(c, opId));
    return true;
  }

  /**
   * Answers a waiting quorum read from its node's decided log once its round is confirmed and the
   * decided log covers its read index; falls back to the log if the node's ballot changed; else
   * looks again a millisecond later.
   */
  private void tryQuorumRead(Client c, long opId) {
    if (c.opId != opId || c.quorumRead == null) {
      return;
    }
    OmniPaxos<T, S> node = sim.node(c.pid);
    QuorumRead read = c.quorumRead;
    if (!node.promise().equals(read.ballot())) {
      quorumReadsFallenBack++;
      sim.traceClient(c.pid, "client " + c.clientId + " leader changed; reads through the log");
      proposeOp(c, c.pid, c.opId, c.op);
      return;
    }
    long decided =
        Math.min(node.decidedIdx(), firstConfig == applyConfig ? applyCursor : Long.MAX_VALUE);
    if (!node.quorumReadConfirmed(read) || decided < read.readIdx()) {
      sim.after(1, "quorum read check", () -> tryQuorumRead(c, opId));
      return;
    }
    KvResult r = valueAt(c.op, decided);
    quorumReadsServed++;
    history.ok(c.opId, r, sim.now());
    sim.traceClient(
        c.pid, "client " + c.clientId + " quorum-read " + r + " at decided index " + decided);
    finish(c);
  }

  /** What the read {@code op} answers on the decided prefix {@code decided}. */
  private KvResult valueAt(KvOp op, long decided) {
    TreeMap<Long, Optional<String>> v = versions.get(op.key());
    Map.Entry<Long, Optional<String>> at = v == null ? null : v.floorEntry(decided - 1);
    return KvModel.INSTANCE.answer(at == null ? Optional.empty() : at.getValue(), op);
  }

  private KvOp randomOp() {
    String key = "k" + random.nextInt(workload.keys());
    double r = random.nextDouble();
    if (r < workload.getRatio()) {
      return new KvOp.Get(key);
    }
    String value = "v" + nextValue++;
    if (r < workload.getRatio() + workload.casRatio()) {
      return new KvOp.Cas(key, lastWritten.getOrDefault(key, "v0"), value);
    }
    if (r < workload.getRatio() + workload.casRatio() + workload.deleteRatio()) {
      return new KvOp.Delete(key);
    }
    lastWritten.put(key, value);
    return new KvOp.Put(key, value);
  }

  private void decided(long pid, int configId, long position, Object value, boolean first) {
    if (first) {
      apply();
    }
    if (reads == Reads.LEASE) {
      for (Client lc : clients) {
        if (lc.leaseBallot != null && lc.pid == pid && lc.opId >= 0) {
          tryLeaseRead(lc);
        }
      }
    }
    if (value instanceof StopSign) {
      return;
    }
    @SuppressWarnings("unchecked")
    long id = sim.options().codec.id((T) value);
    Client c = waiting.get(id);
    if (c != null && c.pid == pid) {
      answer(c);
    }
  }

  private void answer(Client c) {
    KvResult r = results.get(c.entryId);
    if (r == null) {
      c.awaiting = true;
      return;
    }
    history.ok(c.opId, r, sim.now());
    sim.traceClient(c.pid, "client " + c.clientId + " gets " + r + " for entry " + c.entryId);
    finish(c);
  }

  private void finish(Client c) {
    c.leaseBallot = null;
    c.quorumRead = null;
    waiting.remove(c.entryId);
    c.opId = -1;
    c.entryId = -1;
    c.awaiting = false;
    scheduleTurn(c);
  }

  private void giveUp(Client c, long opId, String why) {
    if (c.opId != opId) {
      return;
    }
    history.info(opId, sim.now());
    sim.traceClient(
        c.pid, "client " + c.clientId + " " + why + " on entry " + c.entryId + "; outcome unknown");
    c.clientId = nextClientId++;
    finish(c);
  }

  private void crashed(long pid) {
    for (Client c : clients) {
      if (c.opId >= 0 && c.pid == pid) {
        giveUp(c, c.opId, "lost its node");
      }
    }
  }

  /** Applies the decided log, in order, as far as it is known. */
  private void apply() {
    while (true) {
      List<Object> log = sim.invariants().chosen(applyConfig);
      if (applyCursor >= log.size() || log.get((int) applyCursor) == null) {
        return;
      }
      Object v = log.get((int) applyCursor);
      if (v instanceof StopSign ss) {
        applyConfig = ss.nextConfig().configurationId();
        applyCursor = 0;
        continue;
      }
      @SuppressWarnings("unchecked")
      long id = sim.options().codec.id((T) v);
      KvOp op = opsByEntry.get(id);
      if (op != null) {
        Optional<String> current = store.getOrDefault(op.key(), Optional.empty());
        results.put(id, KvModel.INSTANCE.answer(current, op));
        Optional<String> after = KvModel.INSTANCE.apply(current, op);
        store.put(op.key(), after);
        if (applyConfig == firstConfig) {
          versions.computeIfAbsent(op.key(), k -> new TreeMap<>()).put(applyCursor, after);
        }
        Client c = waiting.get(id);
        if (c != null && c.awaiting) {
          answer(c);
        }
      }
      applyCursor++;
    }
  }
}
