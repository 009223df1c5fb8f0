package omnipaxos.core;

/**
 * A leader ballot: the round number {@code n}, the proposer's {@code priority} and {@code pid},
 * tagged with the configuration it belongs to.
 *
 * <p>Ballots are totally ordered by {@code (n, priority, pid)}; the configuration id is not part of
 * the order. {@link #equals} compares all four fields, so {@code compareTo == 0} and {@code equals}
 * agree only for ballots of the same configuration. The protocol never compares ballots across
 * configurations: messages carrying a ballot of another configuration are dropped before any
 * comparison.
 */
public record Ballot(int configId, long n, int priority, long pid) implements Comparable<Ballot> {

  /** The ballot that means "nothing promised yet". */
  public static final Ballot NONE = new Ballot(0, 0, 0, 0);

  @Override
  public int compareTo(Ballot o) {
    int c = Long.compare(n, o.n);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(priority, o.priority);
    if (c != 0) {
      return c;
    }
    return Long.compare(pid, o.pid);
  }

  /** Whether this ballot orders strictly after {@code o}. */
  public boolean greaterThan(Ballot o) {
    return compareTo(o) > 0;
  }

  /** Whether this ballot orders strictly before {@code o}. */
  public boolean lessThan(Ballot o) {
    return compareTo(o) < 0;
  }

  /** This ballot with round number {@code newN}. */
  public Ballot withN(long newN) {
    return new Ballot(configId, newN, priority, pid);
  }

  @Override
  public String toString() {
    return "Ballot(c" + configId + ", n" + n + ", p" + priority + ", pid " + pid + ")";
  }
}
