package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The leader faults of the read simulation tests: one of isolating the leader, partitioning it
 * away with a minority, cutting every link out of it, or crashing it, for one to five election
 * timeouts, then the repair.
 */
final class LeaderFaults {

  private LeaderFaults() {}

  /** Injects one fault drawn from {@code rnd} at {@code leader}, runs it, and repairs it. */
  static void inject(Simulator<Long, List<Long>> sim, SplittableRandom rnd, long leader, long et) {
    int fault = rnd.nextInt(4);
    long duration = et + rnd.nextLong(4 * et);
    if (fault == 0) {
      sim.note("isolate leader " + leader);
      sim.isolate(leader);
      sim.run(duration);
      sim.reconnect(leader);
    } else if (fault == 1) {
      List<Long> minority = new ArrayList<>(List.of(leader));
      List<Long> majority = new ArrayList<>(sim.pids());
      majority.remove(leader);
      if (sim.pids().size() == 5) {
        minority.add(majority.remove(rnd.nextInt(majority.size())));
      }
      sim.note("partition " + minority + " | " + majority);
      List<Link> cut = sim.partition(List.of(minority, majority));
      sim.run(duration);
      sim.restore(cut);
    } else if (fault == 2) {
      sim.note("cut every link out of leader " + leader);
      for (long p : sim.pids()) {
        if (p != leader) {
          sim.cut(leader, p);
        }
      }
      sim.run(duration);
      sim.heal();
    } else {
      sim.note("crash leader " + leader);
      sim.crash(leader);
      sim.run(duration);
      sim.restart(leader);
    }
  }
}
