package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Describe;
import omnipaxos.core.Message;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.ServerConfig;

/**
 * What a {@link Simulator} records: the ring of recent {@link TraceEvent}s that a failure report
 * shows, and, when {@link SimOptions.Builder#specTrace} is on, the {@link SpecTrace} of the first
 * configuration (events are noted per node as they happen and written as lines, with the messages
 * sent and the state after them, when the node drains). Builds every {@link SimulationFailure},
 * since a failure carries the trace.
 */
final class SimTraceRecorder<T, S> {

  /** Prints a message with {@link Describe} only when the trace is printed. */
  private record Described(String prefix, Message<?, ?> message) {
    @Override
    public String toString() {
      return prefix + Describe.message(message);
    }
  }

  private final SimOptions<T, S> options;
  private final SimLoop<T, S> clock;
  private final Trace trace;
  /** Null unless a spec trace is recorded. */
  private final SpecTrace specTrace;
  private final SpecTraceFormat<T> specFormat;

  SimTraceRecorder(SimOptions<T, S> options, SimLoop<T, S> clock) {
    this.options = options;
    this.clock = clock;
    this.trace = new Trace(options.traceCapacity);
    this.specTrace = options.specTrace ? new SpecTrace() : null;
    this.specFormat = new SpecTraceFormat<>(options.codec);
  }

  Trace trace() {
    return trace;
  }

  Optional<SpecTrace> specTrace() {
    return Optional.ofNullable(specTrace);
  }

  /** Whether a spec trace is recorded. */
  boolean recordsSpec() {
    return specTrace != null;
  }

  void trace(TraceEvent.Kind kind, long node, Object detail) {
    trace.add(new TraceEvent(clock.steps(), clock.now(), kind, node, detail));
  }

  /** Traces {@code m}, described after {@code prefix} when the trace is printed. */
  void trace(TraceEvent.Kind kind, long node, String prefix, Message<?, ?> m) {
    trace(kind, node, new Described(prefix, m));
  }

  /** A failure at the current step, with the seed and the trace. */
  SimulationFailure failure(String violation, Throwable cause) {
    return new SimulationFailure(
        options.seed, clock.steps(), clock.now(), violation, trace.format(), cause);
  }

  /** Refuses a fault that the spec trace cannot record, if one is recorded. */
  void refuseInSpecTrace(String fault) {
    if (specTrace != null) {
      throw new IllegalStateException(
          "the spec trace cannot record a " + fault + " (writes are flushed after every event)");
    }
  }

  /**
   * The spec-trace events of a tick: the ballot BLE handed Sequence Paxos if a heartbeat round
   * ended ({@code roundsBefore}: the rounds BLE had completed before the tick), and the resend
   * timeout.
   */
  void timeouts(SimNode<T, S> n, SimNode.Instance<T, S> inst, long roundsBefore) {
    if (specTrace == null) {
      return;
    }
    ServerConfig sc = inst.core.config().server();
    roundEnd(n, inst, roundsBefore);
    if (inst.ticks % sc.resendMessageTickTimeout() == 0) {
      specEvent(n, inst, "ResendTimeout", "");
    }
  }

  /** If a heartbeat round ended since BLE had completed {@code roundsBefore}: its ballot. */
  void roundEnd(SimNode<T, S> n, SimNode.Instance<T, S> inst, long roundsBefore) {
    if (specTrace == null) {
      return;
    }
    NodeStatus st = inst.core.status();
    if (st.heartbeatRounds() != roundsBefore
        && st.happy()
        && st.bleLeader().equals(st.bleBallot())) {
      specEvent(n, inst, "BecomeLeader", "r |-> " + st.bleBallot().n());
    }
  }

  /** Notes that {@code inst} received {@code m}, if it is a Sequence Paxos message. */
  void received(SimNode<T, S> n, SimNode.Instance<T, S> inst, Message<T, S> m) {
    if (specTrace != null && m instanceof Message.Paxos<T, S> p) {
      specEvent(n, inst, "Receive", "msg |-> " + specFormat.message(p.message()));
    }
  }

  /**
   * Notes a spec-trace event of {@code inst} if a spec trace is recorded and it is of the first
   * configuration.
   */
  void specEvent(SimNode<T, S> n, SimNode.Instance<T, S> inst, String action, String args) {
    if (specTrace != null && inst.configId() == options.initialConfig().configurationId()) {
      n.specEvents.add(new String[] {action, args});
    }
  }

  /**
   * When {@code inst} drained {@code out}: makes its writes durable (the spec's durable state is
   * what the node wrote, the decided index too, which the core leaves unflushed until the next
   * flush; a storage may sync on its own, as this one does here) and writes the node's noted
   * events, if a spec trace is recorded.
   */
  void drained(SimNode<T, S> n, SimNode.Instance<T, S> inst, List<Message<T, S>> out) {
    if (specTrace == null) {
      return;
    }
    inst.storage.flush();
    if (inst.configId() == options.initialConfig().configurationId()) {
      recordSpecEvents(n, inst, out);
    }
  }

  private void recordSpecEvents(
      SimNode<T, S> n, SimNode.Instance<T, S> inst, List<Message<T, S>> out) {
    List<String> sent = new ArrayList<>();
    for (Message<T, S> m : out) {
      if (m instanceof Message.Paxos<T, S> p) {
        sent.add(specFormat.message(p.message()));
      }
    }
    if (n.specEvents.isEmpty()) {
      if (!sent.isEmpty()) {
        throw failure(
            "node " + n.pid + " sent Sequence Paxos messages after an untraced event: " + sent,
            null);
      }
      return;
    }
    String state = specFormat.state(inst.storage, inst.core.status());
    for (int i = 0; i < n.specEvents.size(); i++) {
      String[] e = n.specEvents.get(i);
      specTrace.add(
          SpecTraceFormat.line(n.pid, e[0], e[1], sent, i == n.specEvents.size() - 1, state));
    }
    n.specEvents.clear();
  }
}
