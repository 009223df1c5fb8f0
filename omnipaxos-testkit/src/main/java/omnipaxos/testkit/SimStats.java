package omnipaxos.testkit;

import java.util.EnumMap;
import java.util.Map;

/** Counters of one simulation, or of many added together. Not thread-safe. */
public final class SimStats {

  private final EnumMap<Stat, Long> stats = new EnumMap<>(Stat.class);
  private final EnumMap<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);

  /** Adds one to {@code s}. */
  public void count(Stat s) {
    stats.merge(s, 1L, Long::sum);
  }

  /** Adds {@code n} to {@code s}. */
  public void count(Stat s, long n) {
    if (n != 0) {
      stats.merge(s, n, Long::sum);
    }
  }

  /** Adds one to fault kind {@code f}. */
  public void fault(FaultKind f) {
    faults.merge(f, 1L, Long::sum);
  }

  public long get(Stat s) {
    return stats.getOrDefault(s, 0L);
  }

  public long get(FaultKind f) {
    return faults.getOrDefault(f, 0L);
  }

  /** Every non-zero counter. */
  public Map<Stat, Long> stats() {
    return new EnumMap<>(stats);
  }

  /** Every injected fault kind with its count. */
  public Map<FaultKind, Long> faults() {
    return new EnumMap<>(faults);
  }

  /** Adds every counter of {@code other} to this. */
  public void add(SimStats other) {
    other.stats.forEach((k, v) -> stats.merge(k, v, Long::sum));
    other.faults.forEach((k, v) -> faults.merge(k, v, Long::sum));
  }

  @Override
  public String toString() {
    return "stats " + stats + ", faults " + faults;
  }
}
