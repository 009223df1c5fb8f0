package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.OmniPaxos;

/**
 * Drives a {@link Simulator} until a leader makes progress and stays (see {@link
 * Simulator#awaitStableProgress(long, long)}): proposes probe entries at the members in turn and
 * watches for one decided on all of them under an agreed, accepting leader.
 */
final class LivenessProbe<T, S> {

  /** How often a probe entry is proposed. */
  static final int PROBES_PER_ELECTION_TIMEOUT = 5;

  private final Simulator<T, S> sim;
  private final Optional<List<Long>> fixed;

  /**
   * @param fixed the members that must follow the leader, or empty for the newest configuration's
   *     nodes
   */
  LivenessProbe(Simulator<T, S> sim, Optional<List<Long>> fixed) {
    this.sim = sim;
    this.fixed = fixed;
  }

  /** Runs the simulation until recovery; see {@link Simulator#awaitStableProgress(long, long)}. */
  Simulator.Recovery await(long maxMs, long stableMs) {
    long start = sim.now();
    long deadline = start + maxMs;
    int cfg = -1;
    List<Long> members = List.of();
    List<Long> probes = new ArrayList<>();
    long nextProbe = sim.now();
    int turn = 0;
    long recoveredAt = -1;
    long leader = 0;
    int superseded = 0;
    while (true) {
      if (sim.latestConfig().configurationId() != cfg) {
        cfg = sim.latestConfig().configurationId();
        members = fixed.orElse(sim.latestConfig().nodes());
        probes.clear();
        recoveredAt = -1;
        nextProbe = sim.now();
      }
      OptionalLong l = sim.agreedLeader(members, cfg);
      if (recoveredAt < 0) {
        if (l.isPresent() && probeDecided(probes, members, cfg)) {
          recoveredAt = sim.now();
          leader = l.getAsLong();
          sim.trace(TraceEvent.Kind.NOTE, leader, "recovered after " + (sim.now() - start)
              + "ms: stable leader with progress");
        } else {
          if (sim.now() >= deadline) {
            throw sim.failure("liveness: no stable leader with progress among " + members
                + " of config " + cfg + " within " + maxMs + "ms ("
                + maxMs / (double) sim.electionTimeoutMs() + " election timeouts, " + superseded
                + " leaders superseded); " + sim.describeNodes(), null);
          }
          if (sim.now() >= nextProbe) {
            long p = members.get(turn++ % members.size());
            sim.propose(p).ifPresent(probes::add);
            nextProbe =
                sim.now() + Math.max(1, sim.electionTimeoutMs() / PROBES_PER_ELECTION_TIMEOUT);
          }
        }
      } else if (l.isEmpty() || l.getAsLong() != leader) {
        sim.trace(TraceEvent.Kind.NOTE, leader, "leader " + leader + " superseded "
            + (sim.now() - recoveredAt) + "ms after it made progress");
        superseded++;
        recoveredAt = -1;
        probes.clear();
        nextProbe = sim.now();
        continue;
      } else if (sim.now() - recoveredAt >= stableMs) {
        long elapsed = recoveredAt - start;
        return new Simulator.Recovery(
            elapsed, leader, cfg, elapsed / (double) sim.electionTimeoutMs(), superseded);
      }
      sim.step();
    }
  }

  private boolean probeDecided(List<Long> probes, List<Long> members, int cfg) {
    for (long id : probes) {
      Optional<LogInvariants.Position> pos = sim.invariants().position(id);
      if (pos.isEmpty() || pos.get().configId() != cfg) {
        continue;
      }
      boolean all = true;
      for (long m : members) {
        OmniPaxos<T, S> core = sim.coreOf(m, cfg);
        if (core == null || core.decidedIdx() <= pos.get().index()) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
