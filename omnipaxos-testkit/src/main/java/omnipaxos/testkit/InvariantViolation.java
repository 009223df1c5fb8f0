package omnipaxos.testkit;

/** A safety invariant of the replicated log does not hold; the message says which and where. */
public final class InvariantViolation extends RuntimeException {
  public InvariantViolation(String message) {
    super(message);
  }
}
