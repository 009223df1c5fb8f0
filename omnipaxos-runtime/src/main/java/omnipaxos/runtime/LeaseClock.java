package omnipaxos.runtime;

import omnipaxos.core.NodeStatus;
import omnipaxos.core.OmniPaxos;

/**
 * The real-time side of a leader lease. The core counts its lease in ticks, but the loop skips
 * ticks it missed (after a pause), so the tick count alone could overstate the lease: this clock
 * remembers when recent ticks ran ({@code System.nanoTime()}, indexed by tick count modulo a
 * window just longer than the lease) and checks the elapsed real time too. Loop thread only.
 */
final class LeaseClock {

  private final long tickNanos;
  private final long[] tickCounts;
  private final long[] tickTimes;

  /** A clock for leases of {@code leaderLeaseTicks} ticks of {@code tickNanos} each. */
  LeaseClock(int leaderLeaseTicks, long tickNanos) {
    int window = leaderLeaseTicks + 2;
    this.tickNanos = tickNanos;
    this.tickCounts = new long[window];
    this.tickTimes = new long[window];
  }

  /** Notes that the core's tick number {@code count} ran at {@code nanos}. */
  void recordTick(long count, long nanos) {
    int slot = (int) (count % tickCounts.length);
    tickCounts[slot] = count;
    tickTimes[slot] = nanos;
  }

  /**
   * Whether {@code core} leads with a lease that holds: by its tick count and by elapsed real
   * time, measured from when the lease's start tick ran, with one tick of margin for the time a
   * follower's loop may take between receiving a message and its next tick.
   */
  boolean holds(OmniPaxos<?, ?> core) {
    NodeStatus s = core.status();
    if (!s.leaseHeld()) {
      return false;
    }
    long start = s.leaseStartTick().orElseThrow();
    int slot = (int) (start % tickCounts.length);
    if (tickCounts[slot] != start) {
      return false;
    }
    return System.nanoTime() - tickTimes[slot] < (s.leaderLeaseTicks() - 1) * tickNanos;
  }
}
