package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.core.Ballot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The partial-connectivity scenarios of the OmniPaxos paper (EuroSys'23), as defined in protocol.md
 * section 3.3. The network allows a quorum throughout, so recovery is measured from the fault until a
 * probe entry is decided on every node that can reach the new leader. The paper reports recovery within
 * at most four election timeouts; the bound here allows one more for the nodes' clock phase offsets
 * (BLE rounds end at different instants on different nodes) and the probe's replication. Each runs
 * without and with leader leases; with leases a takeover first waits for the followers' hold to run out,
 * which the bound allows one more election timeout for.
 */
class PaperScenariosTest {

  static final int BOUND = 3;

  /** The chained scenario has no leader change, only the probe to replicate. */
  static final int CHAINED_BOUND = 1;

  private static int bound(boolean leases) {
    return BOUND;
  }

  private static String name(String scenario, boolean leases) {
    return leases ? scenario + " leases" : scenario;
  }

  /** One follower C stays connected to everyone; all others, the leader included, lose their links to each other. */
  @ParameterizedTest(name = "leases {0}")
  @ValueSource(booleans = {false, true})
  void quorumLoss(boolean leases) {
    ScenarioSupport.measure(name("quorum-loss (5 nodes)", leases), bound(leases), seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5, leases);
      Simulator<Long, List<Long>> sim = run.sim();
      long c = run.others(run.leader()).get((int) (seed % 4));
      List<Long> rest = run.others(c);
      for (long a : rest) {
        for (long b : rest) {
          if (a < b) {
            sim.cutBoth(a, b);
          }
        }
      }
      Simulator.Recovery r = run.recover(sim.pids(), bound(leases));
      assertThat(r.leader()).isEqualTo(c);
      run.finish();
      return r;
    });
  }

  /**
   * A follower L is cut off from the leader while entries are decided (its log falls behind); then the
   * leader is isolated and the other followers keep links only to L. Only L is quorum-connected.
   */
  @ParameterizedTest(name = "leases {0}")
  @ValueSource(booleans = {false, true})
  void constrainedElection(boolean leases) {
    ScenarioSupport.measure(name("constrained election (5 nodes)", leases), bound(leases), seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5, leases);
      Simulator<Long, List<Long>> sim = run.sim();
      long old = run.leader();
      long l = run.others(old).get((int) (seed % 4));
      sim.cutBoth(old, l);
      long before = sim.node(old).decidedIdx();
      assertThat(sim.runUntil(() -> sim.node(old).decidedIdx() >= before + 5, 20 * run.et())).isTrue();
      assertThat(sim.node(l).decidedIdx()).as("L's log is behind").isLessThan(sim.node(old).decidedIdx());
      sim.isolate(old);
      List<Long> followers = run.others(old, l);
      for (long a : followers) {
        for (long b : followers) {
          if (a < b) {
            sim.cutBoth(a, b);
          }
        }
      }
      Simulator.Recovery r = run.recover(run.others(old), bound(leases));
      assertThat(r.leader()).isEqualTo(l);
      run.finish();
      return r;
    });
  }

  /**
   * Three nodes: the leader and one follower B lose their link; the third is connected to both. The
   * leader keeps its quorum through the middle node and B never takes over: no leader change at all.
   */
  @ParameterizedTest(name = "leases {0}")
  @ValueSource(booleans = {false, true})
  void chained(boolean leases) {
    ScenarioSupport.measure(name("chained (3 nodes)", leases), CHAINED_BOUND, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 3, leases);
      Simulator<Long, List<Long>> sim = run.sim();
      long leader = run.leader();
      Ballot ballot = sim.node(leader).promise();
      int ballotsBefore = sim.invariants().ballotsLed();
      long b = run.others(leader).get((int) (seed % 2));
      long middle = run.others(leader, b).get(0);
      sim.cutBoth(leader, b);
      Simulator.Recovery r = run.recover(List.of(leader, middle), CHAINED_BOUND);
      sim.run(20 * run.et());
      assertThat(r.leader()).isEqualTo(leader);
      assertThat(sim.node(leader).promise()).isEqualTo(ballot);
      assertThat(sim.node(b).promise()).as("B never takes over").isEqualTo(ballot);
      assertThat(sim.invariants().ballotsLed()).isEqualTo(ballotsBefore);
      run.finish();
      return r;
    });
  }
}
