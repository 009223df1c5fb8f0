package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.Ballot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Servers of a new cluster rarely start together: a JVM comes up seconds after the others. Once
 * the servers that did start have agreed on a leader, the late ones must join as followers and
 * leave the leader in place, whatever their pid: a late server's first-round ballot is only a
 * candidacy, which servers that are happy with their leader do not follow. Before, the late
 * server's round-1 ballot outranked an elected leader with a lower pid, and the cluster changed
 * leader (a Prepare round, and writes in flight answered with a retry) every time one started.
 */
class StaggeredStartSimulationTest {

  private static final int SEEDS = 20;

  @ParameterizedTest(name = "{0} nodes, {1} late")
  @CsvSource({"3, 1", "5, 1", "5, 2"})
  void lateServersJoinAsFollowersWithoutALeaderChange(int n, int late) {
    lateStart(n, late, false);
  }

  /**
   * The same when a late server hears nobody in its whole first round (its links come up only
   * after it): its own candidacy, which nobody follows, must not turn into a leader claim.
   */
  @ParameterizedTest(name = "{0} nodes, {1} late")
  @CsvSource({"3, 1", "5, 2"})
  void aLateServerWhoseLinksComeUpAfterItsFirstRoundJoinsAsAFollower(int n, int late) {
    lateStart(n, late, true);
  }

  /**
   * Servers of a new cluster that start up to two election timeouts apart (the others down until
   * then) elect their first leader from round-1 ballots: nobody needs to mint a second ballot.
   */
  @ParameterizedTest(name = "{0} nodes")
  @CsvSource({"3", "5"})
  void serversStartingApartElectOneLeaderAtRoundOne(int n) {
    for (long seed = 1; seed <= 3 * SEEDS; seed++) {
      Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(n).build());
      long et = sim.electionTimeoutMs();
      List<Long> later = sim.pids().subList(1, n);
      later.forEach(sim::crash);
      for (long p : later) {
        sim.run(sim.random().nextLong(2 * et));
        sim.restart(p);
      }
      long leader = sim.awaitStableProgress(30 * et, 3 * et).leader();
      Ballot ballot = sim.node(leader).promise();
      assertThat(ballot.n()).as("seed %d: the first leader's ballot %s", seed, ballot).isEqualTo(1);
    }
  }

  private static void lateStart(int n, int late, boolean linksLate) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(n).build());
      long et = sim.electionTimeoutMs();
      List<Long> early = new ArrayList<>(sim.pids().subList(0, n - late));
      List<Long> lateOnes = sim.pids().subList(n - late, n);
      // The highest pids start last: their ballots would win every tie.
      lateOnes.forEach(sim::crash);
      long leader = sim.awaitStableProgress(early, 30 * et, 3 * et).leader();
      Ballot ballot = sim.node(leader).promise();
      int config = sim.latestConfig().configurationId();
      for (long p : lateOnes) {
        sim.run(sim.random().nextLong(et));
        if (linksLate) {
          sim.isolate(p);
        }
        sim.restart(p);
      }
      if (linksLate) {
        sim.run(et + et / 2);
        lateOnes.forEach(sim::reconnect);
      }
      boolean joined = sim.runUntil(() -> sim.agreedLeader(sim.pids(), config).isPresent(), 10 * et);
      assertThat(joined).as("seed %d: the late servers follow a leader", seed).isTrue();
      sim.run(5 * et);
      long s = seed;
      assertThat(sim.agreedLeader(sim.pids(), config)).as("seed %d: the leader", s).hasValue(leader);
      for (long p : sim.pids()) {
        assertThat(sim.node(p).promise()).as("seed %d: the promise of %d", s, p).isEqualTo(ballot);
      }
      sim.awaitStableProgress(30 * et, et);
      assertThat(sim.node(leader).promise()).as("seed %d: no leader change", s).isEqualTo(ballot);
    }
  }
}
