package omnipaxos.testkit.linearizability;

import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a history: who invoked what when, and what it returned when. An operation whose
 * outcome is unknown (the client timed out or lost its connection) is <em>pending</em>: it has no
 * output and may take effect at any time after its invocation, or never.
 *
 * @param id unique within the history
 * @param clientId the client (process) that invoked it; a client runs one operation at a time
 * @param input what was asked
 * @param output what was answered, empty if pending
 * @param invokeTime when the client invoked it
 * @param returnTime when the answer arrived; {@link Long#MAX_VALUE} if pending
 */
public record Operation<I, O>(
    long id, long clientId, I input, Optional<O> output, long invokeTime, long returnTime) {

  public Operation {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    if (output.isEmpty() && returnTime != Long.MAX_VALUE) {
      throw new IllegalArgumentException("a pending operation has no return time");
    }
    if (returnTime < invokeTime) {
      throw new IllegalArgumentException(
          "operation "
              + id
              + " returns at "
              + returnTime
              + " before its invocation at "
              + invokeTime);
    }
  }

  /** A completed operation. */
  public static <I, O> Operation<I, O> completed(
      long id, long clientId, I input, O output, long invokeTime, long returnTime) {
    return new Operation<>(id, clientId, input, Optional.of(output), invokeTime, returnTime);
  }

  /** An operation whose outcome is unknown. */
  public static <I, O> Operation<I, O> pending(long id, long clientId, I input, long invokeTime) {
    return new Operation<>(id, clientId, input, Optional.empty(), invokeTime, Long.MAX_VALUE);
  }

  /** Whether the outcome is unknown. */
  public boolean pending() {
    return output.isEmpty();
  }

  @Override
  public String toString() {
    return "#"
        + id
        + " client "
        + clientId
        + ": "
        + input
        + " -> "
        + output.map(String::valueOf).orElse("?")
        + " ["
        + invokeTime
        + ", "
        + (pending() ? "pending" : String.valueOf(returnTime))
        + "]";
  }
}
