package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} events of a simulation, kept in a ring. */
public final class Trace {

  private final TraceEvent[] ring;
  private long count;

  public Trace(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("trace capacity must be positive, got " + capacity);
    }
    this.ring = new TraceEvent[capacity];
  }

  /** Records an event, replacing the oldest if full. */
  public void add(TraceEvent e) {
    ring[(int) (count % ring.length)] = e;
    count++;
  }

  /** Events recorded since the start, including those no longer kept. */
  public long total() {
    return count;
  }

  /** The kept events, oldest first. */
  public List<TraceEvent> events() {
    int kept = (int) Math.min(count, ring.length);
    List<TraceEvent> out = new ArrayList<>(kept);
    for (long i = count - kept; i < count; i++) {
      out.add(ring[(int) (i % ring.length)]);
    }
    return out;
  }

  /** The kept events, one per line. */
  public String format() {
    StringBuilder b = new StringBuilder();
    for (TraceEvent e : events()) {
      b.append(e.format()).append('\n');
    }
    return b.toString();
  }
}
