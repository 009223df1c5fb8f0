package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The three partial-connectivity scenarios of the OmniPaxos paper (EuroSys'23): after the fault a single
 * stable leader must emerge and decide new entries within four election timeouts.
 */
class PartialConnectivityTest {

  private static final int ELECTION_TIMEOUT = ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT;
  private static final int BOUND = 4 * ELECTION_TIMEOUT;

  /**
   * Quorum-loss: every node keeps only its links to one follower C. The old leader is alive but cannot
   * reach a quorum; only C is quorum-connected, so C must take over.
   */
  @Test
  void quorumLoss() {
    TestCluster c = TestCluster.of(5);
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 10), 50);
    long hub = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    keepOnlyLinksTo(c, hub);

    int ticks = awaitStableLeaderWithProgress(c, hub, c.pids(), 100);
    report("quorum-loss", ticks);
    assertThat(ticks).as("ticks to a new leader that decides").isLessThanOrEqualTo(BOUND);
    assertStable(c, hub);
  }

  /**
   * Constrained election: follower L misses entries while cut off from the leader; then the leader is
   * isolated and the other followers keep links only to L. Only L is quorum-connected and its log is
   * stale, so a log-freshness election could not pick it; BLE must, and L's Prepare phase must recover
   * the newer entries from the others.
   */
  @Test
  void constrainedElection() {
    TestCluster c = TestCluster.of(5);
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 10), 50);
    long constrained = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.cutBoth(leader, constrained);
    c.proposeAndDecide(leader, TestCluster.range(10, 20), 50);
    assertThat(c.node(constrained).decidedIdx()).isLessThan(20);

    c.isolate(leader);
    keepOnlyLinksTo(c, constrained);
    c.isolate(leader);
    List<Long> connected = c.pids().stream().filter(p -> p != leader).toList();
    int ticks = awaitStableLeaderWithProgress(c, constrained, connected, 100);
    report("constrained election", ticks);
    assertThat(ticks).as("ticks to a new leader that decides").isLessThanOrEqualTo(BOUND);
    assertThat(c.decidedValues(constrained).subList(0, 20)).isEqualTo(TestCluster.range(0, 20));
    assertStable(c, constrained);
  }

  /**
   * Chained: the leader and one follower lose their mutual link; the third node still hears both. The
   * leader keeps a quorum through the middle node, so leadership must not change at all.
   */
  @Test
  void chainedHasNoLeaderChange() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    Ballot ballot = c.node(leader).promise();
    c.proposeAndDecide(leader, TestCluster.range(0, 5), 50);
    long cutOff = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.cutBoth(leader, cutOff);

    for (int i = 0; i < 20 * ELECTION_TIMEOUT; i++) {
      c.tick();
      for (long p : c.pids()) {
        assertThat(c.node(p).promise()).as("promise of node %d at tick %d", p, i).isEqualTo(ballot);
      }
    }
    c.proposeAndDecide(leader, TestCluster.range(5, 10), BOUND);
    long middle = c.pids().stream().filter(p -> p != leader && p != cutOff).findFirst().orElseThrow();
    c.tickUntil(() -> c.decidedValues(middle).equals(TestCluster.range(0, 10)), BOUND);
  }

  private static void report(String scenario, int ticks) {
    System.out.printf("%s: new leader deciding after %d ticks = %.1f election timeouts%n", scenario, ticks,
        ticks / (double) ELECTION_TIMEOUT);
  }

  private static void keepOnlyLinksTo(TestCluster c, long hub) {
    List<Long> pids = c.pids();
    for (long a : pids) {
      for (long b : pids) {
        if (a != b && a != hub && b != hub) {
          c.cut(a, b);
        }
      }
    }
  }

  /** Ticks until {@code expected} leads with the agreement of {@code among} and a new entry is decided. */
  private static int awaitStableLeaderWithProgress(TestCluster c, long expected, List<Long> among, int max) {
    int ticks = c.tickUntil(() -> c.agreedLeader(among).equals(OptionalLong.of(expected)), max);
    long marker = 1_000_000 + c.ticks();
    c.node(expected).append(marker);
    ticks += c.tickUntil(() -> c.decidedValues(expected).contains(marker), max);
    return ticks;
  }

  private static void assertStable(TestCluster c, long leader) {
    Ballot ballot = c.node(leader).promise();
    for (int i = 0; i < 20 * ELECTION_TIMEOUT; i++) {
      c.tick();
      assertThat(c.node(leader).promise()).as("leader's ballot at tick %d", i).isEqualTo(ballot);
      assertThat(c.node(leader).isLeader()).isTrue();
    }
  }
}
