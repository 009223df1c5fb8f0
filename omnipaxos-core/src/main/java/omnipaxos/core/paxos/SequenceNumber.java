package omnipaxos.core.paxos;

/**
 * Numbers the leader's accept-phase messages to one follower so that the follower detects loss. A
 * new {@code session} starts with every AcceptSync; {@code counter} counts messages within it.
 */
public record SequenceNumber(long session, long counter) implements Comparable<SequenceNumber> {

  /** Before any message. */
  public static final SequenceNumber ZERO = new SequenceNumber(0, 0);

  @Override
  public int compareTo(SequenceNumber o) {
    int c = Long.compare(session, o.session);
    return c != 0 ? c : Long.compare(counter, o.counter);
  }
}
