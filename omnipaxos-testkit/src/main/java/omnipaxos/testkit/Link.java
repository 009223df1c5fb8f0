package omnipaxos.testkit;

/** One direction of the link between two nodes. */
public record Link(long from, long to) implements Comparable<Link> {

  @Override
  public int compareTo(Link o) {
    int c = Long.compare(from, o.from);
    return c != 0 ? c : Long.compare(to, o.to);
  }

  /** The opposite direction. */
  public Link reverse() {
    return new Link(to, from);
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
