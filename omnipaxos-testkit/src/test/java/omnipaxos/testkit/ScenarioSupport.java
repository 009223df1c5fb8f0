package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;

/** Runs a named scenario over several seeds and reports its recovery times in election timeouts. */
final class ScenarioSupport {

  /** Seeds each scenario runs with. */
  static final int SEEDS = 10;

  /** How long a recovered leader must stay, in election timeouts. */
  static final int STABLE = 5;

  private ScenarioSupport() {}

  /** The follower hold of the lease variants, in ticks (election timeout 10): a leader lease of 6 ticks. */
  static final int HOLD_TICKS = 8;

  /** A cluster of nodes 1..n on default links, with key-value clients running. */
  static Run start(long seed, int n) {
    return start(seed, n, false);
  }

  /** As {@link #start(long, int)}, with leader leases on if {@code leases}. */
  static Run start(long seed, int n, boolean leases) {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(n)
        .server(b -> leases ? b.leaseTicks(HOLD_TICKS) : b).build());
    KvClients<Long, List<Long>> clients = KvClients.start(sim, KvWorkload.defaults(10 * sim.electionTimeoutMs()));
    long leader = sim.awaitStableProgress(20 * sim.electionTimeoutMs(), STABLE * sim.electionTimeoutMs()).leader();
    return new Run(sim, clients, leader);
  }

  /** One scenario run: the simulator, its clients and the first leader. */
  record Run(Simulator<Long, List<Long>> sim, KvClients<Long, List<Long>> clients, long leader) {

    long et() {
      return sim.electionTimeoutMs();
    }

    /** Waits until {@code members} have a stable leader with progress, within {@code bound} election timeouts. */
    Simulator.Recovery recover(List<Long> members, int bound) {
      return sim.awaitStableProgress(members, bound * et(), STABLE * et());
    }

    /** Waits until every node has a stable leader with progress, within {@code bound} election timeouts. */
    Simulator.Recovery recover(int bound) {
      return sim.awaitStableProgress(bound * et(), STABLE * et());
    }

    /** Stops the clients, lets running operations end and checks the history. */
    void finish() {
      clients.stop();
      sim.run(12 * et());
      CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
          LinearizabilityChecker.DEFAULT_BUDGET);
      if (!r.linearizable()) {
        throw sim.failure("history not linearizable: " + r.report(), null);
      }
    }

    /** The nodes other than {@code excluded}. */
    List<Long> others(long... excluded) {
      List<Long> rest = new ArrayList<>(sim.pids());
      for (long e : excluded) {
        rest.remove(e);
      }
      return rest;
    }
  }

  /**
   * Runs {@code scenario} for seeds 1..{@link #SEEDS}; each returns its recovery. Prints and returns the
   * slowest recovery in election timeouts, after checking it is within {@code bound}.
   */
  static double measure(String name, int bound, LongFunction<Simulator.Recovery> scenario) {
    double max = 0;
    double sum = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      double et = scenario.apply(seed).electionTimeouts();
      max = Math.max(max, et);
      sum += et;
    }
    System.out.printf("scenario %-32s recovery: mean %.2f, max %.2f election timeouts (bound %d, %d seeds)%n",
        name, sum / SEEDS, max, bound, SEEDS);
    assertThat(max).isLessThanOrEqualTo(bound);
    return max;
  }
}
