package omnipaxos.testkit.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded key-value history: every invocation and every answer, with the client and a timestamp
 * from one clock. Record from the simulator or from real clients (methods are synchronized, so
 * clients on several threads may share one history; take the time from one monotonic clock such as
 * {@link System#nanoTime()}). A client (process) runs one operation at a time; a client whose
 * operation ended with {@link #info} must not be reused: give the next operation a fresh client id.
 *
 * <p>Three endings, as in Knossos: {@link #ok} (answered), {@link #fail} (certainly did not take
 * effect: it is left out of the check) and {@link #info} (unknown: it may have taken effect at any
 * time after its invocation, or never). An operation without an ending is treated as {@link #info}.
 */
public final class History {

  /** How an operation ended. */
  public enum Outcome { OK, FAIL, INFO }

  /** One event of the history. */
  public sealed interface Event {
    long opId();

    long clientId();

    long time();
  }

  /** A client invoked {@code op}. */
  public record Invoke(long opId, long clientId, KvOp op, long time) implements Event {
    public Invoke {
      Objects.requireNonNull(op, "op");
    }
  }

  /**
   * Operation {@code opId} ended; {@code result} is present exactly when the outcome is {@link
   * Outcome#OK}.
   */
  public record Return(
      long opId, long clientId, Outcome outcome, Optional<KvResult> result, long time)
      implements Event {
    public Return {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(result, "result");
      if (result.isPresent() != (outcome == Outcome.OK)) {
        throw new IllegalArgumentException("a result is given exactly for OK returns");
      }
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final Map<Long, Invoke> open = new HashMap<>();
  private final Map<Long, Long> busyClients = new HashMap<>();
  private long nextId = 1;

  /**
   * Records an invocation. @return the operation's id, to pass to {@link #ok}, {@link #fail} or
   * {@link #info}
   */
  public synchronized long invoke(long clientId, KvOp op, long time) {
    Long busy = busyClients.get(clientId);
    if (busy != null) {
      throw new IllegalStateException("client " + clientId + " still runs operation " + busy);
    }
    long id = nextId++;
    Invoke inv = new Invoke(id, clientId, op, time);
    events.add(inv);
    open.put(id, inv);
    busyClients.put(clientId, id);
    return id;
  }

  /** Records that operation {@code opId} answered {@code result}. */
  public synchronized void ok(long opId, KvResult result, long time) {
    end(opId, Outcome.OK, Optional.of(result), time);
  }

  /** Records that operation {@code opId} certainly did not take effect. */
  public synchronized void fail(long opId, long time) {
    end(opId, Outcome.FAIL, Optional.empty(), time);
  }

  /** Records that the outcome of operation {@code opId} is unknown. */
  public synchronized void info(long opId, long time) {
    end(opId, Outcome.INFO, Optional.empty(), time);
  }

  private void end(long opId, Outcome outcome, Optional<KvResult> result, long time) {
    Invoke inv = open.remove(opId);
    if (inv == null) {
      throw new IllegalStateException("operation " + opId + " is not running");
    }
    if (time < inv.time()) {
      throw new IllegalArgumentException(
          "operation " + opId + " ends at " + time + " before its invocation at " + inv.time());
    }
    busyClients.remove(inv.clientId());
    events.add(new Return(opId, inv.clientId(), outcome, result, time));
  }

  /** Whether operation {@code opId} has been invoked and has not ended. */
  public synchronized boolean running(long opId) {
    return open.containsKey(opId);
  }

  /** Every event so far, in the order recorded. */
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** A history made of {@code events} (for example read back from a file). */
  public static History of(List<? extends Event> events) {
    History h = new History();
    Map<Long, Long> ids = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Invoke inv) {
        ids.put(inv.opId(), h.invoke(inv.clientId(), inv.op(), inv.time()));
      } else if (e instanceof Return r) {
        Long id = ids.get(r.opId());
        if (id == null) {
          throw new IllegalArgumentException(
              "return of operation " + r.opId() + " before its invocation");
        }
        h.end(id, r.outcome(), r.result(), r.time());
      }
    }
    return h;
  }

  /**
   * The operations to check: answered ones and those whose outcome is unknown (ended with info or
   * not at all), in invocation order. Failed operations are left out.
   */
  public synchronized List<Operation<KvOp, KvResult>> operations() {
    Map<Long, Invoke> invokes = new LinkedHashMap<>();
    Map<Long, Return> returns = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Invoke inv) {
        invokes.put(inv.opId(), inv);
      } else if (e instanceof Return r) {
        returns.put(r.opId(), r);
      }
    }
    List<Operation<KvOp, KvResult>> ops = new ArrayList<>();
    for (Invoke inv : invokes.values()) {
      Return r = returns.get(inv.opId());
      if (r == null || r.outcome() == Outcome.INFO) {
        ops.add(Operation.pending(inv.opId(), inv.clientId(), inv.op(), inv.time()));
      } else if (r.outcome() == Outcome.OK) {
        ops.add(
            Operation.completed(
                inv.opId(),
                inv.clientId(),
                inv.op(),
                r.result().orElseThrow(),
                inv.time(),
                r.time()));
      }
    }
    return ops;
  }

  /** Number of operations invoked so far. */
  public synchronized int size() {
    return (int) (nextId - 1);
  }
}
