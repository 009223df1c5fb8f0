package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import omnipaxos.core.StopSign;
import omnipaxos.testkit.linearizability.History;
import omnipaxos.testkit.linearizability.KvModel;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.Operation;

/**
 * Simulated key-value clients over a {@link Simulator}: every operation is proposed as one log entry,
 * and the key-value store is the decided log applied in order (configuration after configuration).
 * An operation is answered when the node it was sent to decides its entry; the answer is what the
 * store gives at the entry's position. Lost proposals, crashes of the contacted node and timeouts end
 * operations with an unknown outcome. The recorded {@link History} can then be checked for
 * linearizability.
 */
public final class KvClients<T, S> {

  private static final class Client {
    long clientId;
    long opId = -1;
    long entryId = -1;
    long pid;
    boolean awaiting;
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

  private KvClients(Simulator<T, S> sim, KvWorkload workload) {
    this.sim = sim;
    this.workload = workload;
    this.random = sim.random().split();
    this.applyConfig = sim.configs().get(0).configurationId();
  }

  /** Starts {@code workload} on {@code sim}. */
  public static <T, S> KvClients<T, S> start(Simulator<T, S> sim, KvWorkload workload) {
    KvClients<T, S> c = new KvClients<>(sim, workload);
    sim.onDecision(c::decided);
    sim.onCrash(c::crashed);
    for (int i = 0; i < workload.clients(); i++) {
      Client cl = new Client();
      cl.clientId = c.nextClientId++;
      c.clients.add(cl);
      c.scheduleTurn(cl);
    }
    return c;
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
   * The operations to check for linearizability: {@link History#operations()} without the operations of
   * unknown outcome whose entries were never applied. Those never took effect (the simulator knows), so
   * leaving them out is sound and keeps the search small; call this once the run is over.
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

  /** Operations invoked so far. */
  public int invoked() {
    return history.size();
  }

  private void scheduleTurn(Client c) {
    if (!stopped) {
      long think = 1 + (workload.maxThinkMs() == 0 ? 0 : random.nextLong(workload.maxThinkMs() + 1));
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
    long opId = history.invoke(c.clientId, op, sim.now());
    sim.stats().count(Stat.KV_OPERATIONS);
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
    sim.after(workload.timeoutMs(), "client timeout", () -> giveUp(c, opId, "timed out"));
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
    sim.traceClient(c.pid, "client " + c.clientId + " " + why + " on entry " + c.entryId + "; outcome unknown");
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
        store.put(op.key(), KvModel.INSTANCE.apply(current, op));
        Client c = waiting.get(id);
        if (c != null && c.awaiting) {
          answer(c);
        }
      }
      applyCursor++;
    }
  }
}
