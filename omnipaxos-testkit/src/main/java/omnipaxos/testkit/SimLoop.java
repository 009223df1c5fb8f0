package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import omnipaxos.core.CompactionException;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.Message;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.storage.StorageException;

/**
 * The driving loop of a {@link Simulator}: the virtual clock, the queue of scheduled steps (events
 * at the same instant run in the order they were scheduled) and what each step does at a node:
 * tick its instances, deliver a message, or flush and send what they produced. After every event
 * at a node it checks the node's {@link LogInvariants}, then sends at once what may leave before
 * the flush and schedules the flush, or crashes the node if a crash before the flush is armed.
 */
final class SimLoop<T, S> {

  private sealed interface Step permits Tick, Drain, Deliver, Action {}

  private record Tick(long pid, long incarnation) implements Step {}

  private record Drain(long pid, long incarnation) implements Step {}

  private record Deliver(Message<?, ?> message, long epoch) implements Step {}

  private record Action(String label, Runnable action) implements Step {}

  private record Scheduled(long time, long seq, Step step) {}

  private final Simulator<T, S> sim;
  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Scheduled::time).thenComparingLong(Scheduled::seq));
  /** Work that must wait until the current event is over (starting instances, migrations). */
  private final List<Runnable> deferred = new ArrayList<>();
  private long now;
  private long seq;
  private long steps;

  SimLoop(Simulator<T, S> sim) {
    this.sim = sim;
  }

  /** Virtual time in milliseconds. */
  long now() {
    return now;
  }

  long steps() {
    return steps;
  }

  // ---------------------------------------------------------------------------------------------
  // Time
  // ---------------------------------------------------------------------------------------------

  /** Runs every event up to {@code ms} virtual milliseconds from now. */
  void run(long ms) {
    long until = now + ms;
    while (!queue.isEmpty() && queue.peek().time() <= until) {
      step();
    }
    now = until;
  }

  /** Runs until {@code condition} holds or {@code maxMs} passed. @return whether it holds */
  boolean runUntil(BooleanSupplier condition, long maxMs) {
    long until = now + maxMs;
    while (!condition.getAsBoolean()) {
      if (queue.isEmpty() || queue.peek().time() > until) {
        now = until;
        return condition.getAsBoolean();
      }
      step();
    }
    return true;
  }

  /** Runs {@code action} {@code delayMs} from now, as one step of the simulation. */
  void after(long delayMs, String label, Runnable action) {
    schedule(now + delayMs, new Action(label, action));
  }

  /** Ticks node {@code pid}'s incarnation {@code incarnation} {@code delayMs} from now. */
  void scheduleTick(long delayMs, long pid, long incarnation) {
    schedule(now + delayMs, new Tick(pid, incarnation));
  }

  /** Delivers {@code m} {@code delayMs} from now if its link stays in epoch {@code epoch}. */
  void scheduleDelivery(long delayMs, Message<T, S> m, long epoch) {
    schedule(now + delayMs, new Deliver(m, epoch));
  }

  private void schedule(long time, Step step) {
    queue.add(new Scheduled(time, seq++, step));
  }

  /** Runs the next event. */
  void step() {
    if (queue.isEmpty()) {
      throw sim.recorder.failure("no events left: every node is down", null);
    }
    Scheduled s = queue.poll();
    now = s.time();
    steps++;
    sim.stats.count(Stat.STEPS);
    Step st = s.step();
    if (st instanceof Tick t) {
      onTick(t);
    } else if (st instanceof Drain d) {
      onDrain(d);
    } else if (st instanceof Deliver d) {
      onDeliver(d);
    } else if (st instanceof Action a) {
      a.action().run();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------------

  private SimNode<T, S> live(long pid, long incarnation) {
    SimNode<T, S> n = sim.nodes.get(pid);
    return n != null && n.up && n.incarnation == incarnation ? n : null;
  }

  private void onTick(Tick t) {
    SimNode<T, S> n = live(t.pid(), t.incarnation());
    if (n == null) {
      return;
    }
    n.ticks++;
    sim.stats.count(Stat.TICKS);
    if (sim.migrations != null) {
      sim.migrations.tick(n.pid);
    }
    for (SimNode.Instance<T, S> inst : List.copyOf(n.instances.values())) {
      if (n.up && inst.core != null) {
        inst.ticks++;
        long rounds = inst.core.status().heartbeatRounds();
        callCore(n, inst, inst.core::tick);
        if (n.up && inst.core != null) {
          sim.recorder.timeouts(n, inst, rounds);
        }
      }
    }
    if (n.ticks % sim.electionTicks == 0) {
      long round = n.ticks / sim.electionTicks;
      sim.recorder.trace(TraceEvent.Kind.TICK, n.pid, "election timeout " + round);
    }
    afterEvent(n);
    if (n.up && n.incarnation == t.incarnation()) {
      schedule(now + n.tickPeriodMs, t);
    }
  }

  private void onDrain(Drain d) {
    SimNode<T, S> n = live(d.pid(), d.incarnation());
    if (n == null) {
      return;
    }
    drain(n);
  }

  /** Flushes and sends what every instance of {@code n} produced. */
  private void drain(SimNode<T, S> n) {
    n.drainScheduled = false;
    for (SimNode.Instance<T, S> inst : List.copyOf(n.instances.values())) {
      if (!n.up || inst.core == null) {
        continue;
      }
      List<Message<T, S>> out = new ArrayList<>();
      if (!callCore(n, inst, () -> out.addAll(inst.core.outgoingMessages()))) {
        return;
      }
      sim.recorder.drained(n, inst, out);
      if (inst.storage.pendingRequiringFlush() != 0) {
        throw sim.recorder.failure(
            "node "
                + n.pid
                + " (config "
                + inst.configId()
                + "): outgoingMessages() returned "
                + inst.storage.pendingRequiringFlush()
                + " unflushed writes that messages may depend on",
            null);
      }
      // The flush may decide (a leader counts its own entries once they are durable).
      check(() -> sim.invariants.observe(n.pid, inst.configId(), inst.core));
      check(
          () ->
              sim.invariants.observeFlushed(
                  n.pid,
                  inst.configId(),
                  inst.storage.durableDecidedIdx(),
                  inst.storage.durablePromise()));
      for (Message<T, S> m : out) {
        sim.faults.send(m);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void onDeliver(Deliver d) {
    Message<T, S> m = (Message<T, S>) d.message();
    if (!sim.faults.arrives(m, d.epoch())) {
      return;
    }
    SimNode<T, S> n = sim.nodes.get(m.to());
    if (n == null || !n.up) {
      sim.stats.count(Stat.MESSAGES_DROPPED_NODE_DOWN);
      sim.recorder.trace(TraceEvent.Kind.DROP, m.to(), "node down: ", m);
      return;
    }
    if (m instanceof Message.Migration<T, S> mig) {
      sim.stats.count(Stat.MESSAGES_DELIVERED);
      sim.recorder.trace(TraceEvent.Kind.DELIVER, m.to(), "", m);
      if (sim.migrations != null) {
        sim.migrations.deliver(n.pid, mig.message());
      }
      runDeferred();
      return;
    }
    SimNode.Instance<T, S> inst = n.instances.get(configIdOf(m));
    if (inst == null) {
      sim.stats.count(Stat.MESSAGES_UNROUTABLE);
      sim.recorder.trace(
          TraceEvent.Kind.DROP, m.to(), "no instance of config " + configIdOf(m) + ": ", m);
      return;
    }
    sim.stats.count(Stat.MESSAGES_DELIVERED);
    sim.recorder.trace(TraceEvent.Kind.DELIVER, m.to(), "", m);
    sim.recorder.received(n, inst, m);
    long rounds = inst.core.status().heartbeatRounds();
    callCore(n, inst, () -> inst.core.handle(m));
    if (n.up && inst.core != null) {
      // A first heartbeat round may end on a reply, before its timeout.
      sim.recorder.roundEnd(n, inst, rounds);
    }
    afterEvent(n);
  }

  /**
   * Tells the ends of {@code a -> b} that they reconnected (a link came up), as a transport would.
   */
  void reconnected(long a, long b) {
    SimNode<T, S> na = sim.nodes.get(a);
    SimNode<T, S> nb = sim.nodes.get(b);
    if (na != null) {
      notifyReconnected(na, b);
    }
    if (nb != null) {
      notifyReconnected(nb, a);
    }
  }

  /** Tells {@code n} its connection to {@code peer} was re-established, if notifications are on. */
  void notifyReconnected(SimNode<T, S> n, long peer) {
    if (!sim.options.notifyReconnect || !n.up) {
      return;
    }
    boolean told = false;
    for (SimNode.Instance<T, S> inst : List.copyOf(n.instances.values())) {
      if (n.up && inst.core != null && inst.config.contains(peer)) {
        if (peer != n.pid) {
          sim.recorder.specEvent(n, inst, "Reconnected", "p |-> " + peer);
        }
        callCore(n, inst, () -> inst.core.reconnected(peer));
        told = true;
      }
    }
    if (told) {
      afterEvent(n);
    }
  }

  /** After an event at {@code n}: check it, then crash it or schedule its flush-and-send. */
  void afterEvent(SimNode<T, S> n) {
    if (n.up) {
      for (SimNode.Instance<T, S> inst : List.copyOf(n.instances.values())) {
        if (inst.core != null) {
          check(() -> sim.invariants.observe(n.pid, inst.configId(), inst.core));
        }
      }
    }
    runDeferred();
    if (!n.up) {
      return;
    }
    boolean spec = sim.recorder.recordsSpec();
    if (!spec && sim.options.sendBeforeFlush && !sendBeforeFlush(n)) {
      return;
    }
    if (n.crashBeforeFlush && hasUnflushedWrites(n)) {
      sim.crashNow(n, "crash before flush");
      return;
    }
    if (spec) {
      drain(n);
    } else if (!n.drainScheduled) {
      n.drainScheduled = true;
      int maxDelay = sim.options.maxFlushDelayMs;
      schedule(
          now + (maxDelay == 0 ? 0 : sim.nodeRandom.nextInt(maxDelay + 1)),
          new Drain(n.pid, n.incarnation));
    }
  }

  /**
   * Sends at once what may leave before the node's writes are durable; its flush (and a crash
   * before it) comes later. @return whether the node is still up
   */
  private boolean sendBeforeFlush(SimNode<T, S> n) {
    for (SimNode.Instance<T, S> inst : List.copyOf(n.instances.values())) {
      if (inst.core == null) {
        continue;
      }
      List<Message<T, S>> early = new ArrayList<>();
      if (!callCore(n, inst, () -> early.addAll(inst.core.messagesBeforeFlush()))) {
        return false;
      }
      for (Message<T, S> m : early) {
        sim.faults.send(m);
      }
    }
    return true;
  }

  private static boolean hasUnflushedWrites(SimNode<?, ?> n) {
    for (SimNode.Instance<?, ?> inst : n.instances.values()) {
      if (inst.storage.pendingTransactions() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code work} once the current event is over. */
  void defer(Runnable work) {
    deferred.add(work);
  }

  void runDeferred() {
    while (!deferred.isEmpty()) {
      List<Runnable> todo = List.copyOf(deferred);
      deferred.clear();
      todo.forEach(Runnable::run);
    }
  }

  /**
   * Calls the core. An injected storage failure stops the node, which restarts soon; any other
   * exception is a failure of the simulation. @return whether the node is still up
   */
  boolean callCore(SimNode<T, S> n, SimNode.Instance<T, S> inst, Runnable call) {
    boolean armed = inst.storage.writeFailureArmed();
    try {
      call.run();
      return true;
    } catch (StorageException e) {
      if (!armed || inst.storage.writeFailureArmed()) {
        throw sim.recorder.failure(
            "node "
                + n.pid
                + " (config "
                + inst.configId()
                + ") failed on storage: "
                + e.getMessage(),
            e);
      }
      sim.stats.count(Stat.STORAGE_FAILURES);
      sim.crashNow(n, "storage failure: " + e.getMessage());
      long pid = n.pid;
      after(
          sim.options.electionTimeoutMs(), "restart after storage failure", () -> sim.restart(pid));
      return false;
    } catch (ProposalRejectedException | CompactionException | InvalidConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw sim.recorder.failure(
          "node " + n.pid + " (config " + inst.configId() + ") threw " + e, e);
    }
  }

  /** Runs an invariant check; a violation is a failure of the simulation. */
  void check(Runnable invariantCheck) {
    try {
      invariantCheck.run();
    } catch (InvariantViolation e) {
      throw sim.recorder.failure(e.getMessage(), e);
    }
  }

  static int configIdOf(Message<?, ?> m) {
    if (m instanceof Message.Paxos<?, ?> p) {
      return p.message().configId();
    }
    if (m instanceof Message.Migration<?, ?> g) {
      return g.message().configId();
    }
    return ((Message.Ble<?, ?>) m).message().configId();
  }
}
