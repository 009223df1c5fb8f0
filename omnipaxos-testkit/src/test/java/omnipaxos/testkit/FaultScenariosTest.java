package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import omnipaxos.core.ClusterConfig;
import org.junit.jupiter.api.Test;

/**
 * Named fault scenarios on 5 nodes. Each checks safety after every step (the simulator does), the
 * clients' history for linearizability, and liveness: once the network allows a quorum again, a single
 * leader makes progress within the stated bound of election timeouts, measured from that moment.
 */
class FaultScenariosTest {

  /** The leader is cut off from everyone; the others elect a new leader; then it comes back as a follower. */
  @Test
  void leaderIsolated() {
    ScenarioSupport.measure("leader isolated", 5, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      long old = run.leader();
      sim.isolate(old);
      Simulator.Recovery r = run.recover(run.others(old), 5);
      assertThat(r.leader()).isNotEqualTo(old);
      sim.reconnect(old);
      Simulator.Recovery back = run.recover(5);
      assertThat(back.leader()).isEqualTo(r.leader());
      run.finish();
      return r;
    });
  }

  /** Every link is cut for a while (no quorum anywhere, nothing is decided), then the network heals. */
  @Test
  void fullPartitionAndHeal() {
    ScenarioSupport.measure("full partition and heal", 5, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      List<List<Long>> singletons = new ArrayList<>();
      for (long p : sim.pids()) {
        singletons.add(List.of(p));
      }
      sim.partition(singletons);
      sim.run(run.et());
      long decided = sim.stats().get(Stat.POSITIONS_DECIDED);
      sim.run(10 * run.et());
      assertThat(sim.stats().get(Stat.POSITIONS_DECIDED)).as("nothing decided without a quorum").isEqualTo(decided);
      sim.heal();
      Simulator.Recovery r = run.recover(5);
      run.finish();
      return r;
    });
  }

  /** The leader's links go down and up at random intervals shorter than an election timeout, then settle. */
  @Test
  void flappingLinks() {
    ScenarioSupport.measure("flapping links", 5, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      SplittableRandom random = new SplittableRandom(seed);
      long end = sim.now() + 30 * run.et();
      boolean down = false;
      while (sim.now() < end) {
        long leader = sim.leader().orElse(run.leader());
        for (long p : run.others(leader)) {
          if (random.nextBoolean()) {
            if (down) {
              sim.restoreBoth(leader, p);
            } else {
              sim.cutBoth(leader, p);
            }
          }
        }
        down = !down;
        sim.run(10 + random.nextLong(run.et()));
        if (!down) {
          sim.heal();
        }
      }
      sim.heal();
      Simulator.Recovery r = run.recover(5);
      run.finish();
      return r;
    });
  }

  /** Each node in turn crashes and restarts on its storage while clients keep writing. */
  @Test
  void rollingRestarts() {
    ScenarioSupport.measure("rolling restarts", 5, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      Simulator.Recovery slowest = null;
      for (long p : sim.pids()) {
        sim.crash(p);
        sim.run(3 * run.et());
        sim.restart(p);
        Simulator.Recovery r = run.recover(5);
        if (slowest == null || r.elapsedMs() > slowest.elapsedMs()) {
          slowest = r;
        }
      }
      run.finish();
      return slowest;
    });
  }

  /** Three of five nodes, the leader among them, crash; nothing is decided; they restart and recover. */
  @Test
  void crashOfAMajorityThenRecovery() {
    ScenarioSupport.measure("crash of a majority", 5, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      List<Long> victims = new ArrayList<>(List.of(run.leader()));
      victims.addAll(run.others(run.leader()).subList(0, 2));
      for (long p : victims) {
        sim.crashBeforeFlush(p);
      }
      sim.run(2 * run.et());
      for (long p : victims) {
        sim.crash(p);
      }
      long decided = sim.stats().get(Stat.POSITIONS_DECIDED);
      sim.run(10 * run.et());
      assertThat(sim.stats().get(Stat.POSITIONS_DECIDED)).as("nothing decided without a quorum").isEqualTo(decided);
      for (long p : victims) {
        sim.restart(p);
      }
      Simulator.Recovery r = run.recover(5);
      run.finish();
      return r;
    });
  }

  /**
   * Node 1 is replaced by a new node 6 while links lose messages and a follower crashes; the new
   * configuration must elect a leader and make progress once the crashed node is back.
   */
  @Test
  void reconfigurationUnderFaults() {
    ScenarioSupport.measure("reconfiguration under faults", 10, seed -> {
      ScenarioSupport.Run run = ScenarioSupport.start(seed, 5);
      Simulator<Long, List<Long>> sim = run.sim();
      sim.setLossEverywhere(0.05);
      long victim = run.others(run.leader(), 1).get(0);
      sim.crash(victim);
      ClusterConfig next = ClusterConfig.of(2, List.of(2L, 3L, 4L, 5L, 6L));
      // A forwarded stop sign is lost with its message, like any forwarded proposal: ask again until
      // one is decided.
      long proposer = run.others(victim).get((int) (seed % 4));
      for (int attempt = 0; sim.latestConfig().configurationId() != 2; attempt++) {
        assertThat(attempt).as("attempts to decide the stop sign").isLessThan(30);
        sim.reconfigure(proposer, next);
        sim.runUntil(() -> sim.latestConfig().configurationId() == 2, run.et());
      }
      sim.run(3 * run.et());
      sim.restart(victim);
      Simulator.Recovery r = run.recover(10);
      assertThat(r.configId()).isEqualTo(2);
      assertThat(next.nodes()).contains(r.leader());
      run.finish();
      return r;
    });
  }
}
