package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code recovery_test} (ignored upstream; ours must pass): 3 nodes, one crashes and
 * is re-created on its storage after an upstream second (50 ticks); proposals continue and every node,
 * the recovered one included, ends with the decided log 1..100.
 */
class RecoveryTest {

  private static final int SECOND = 50;
  /** Upstream waits 7 s for the recovered node to see the last proposals decided. */
  private static final int RECOVERY_WAIT = 7 * SECOND;
  private static final int WAIT = 150;
  private static final List<Long> ALL = TestCluster.range(1, 101);

  private enum Crashed { LEADER, FOLLOWER }

  private enum Proposer { RECOVERED, OTHER }

  @Test
  void leaderFailFollowerPropose() {
    run(Crashed.LEADER, Proposer.OTHER);
  }

  @Test
  void leaderFailLeaderPropose() {
    run(Crashed.LEADER, Proposer.RECOVERED);
  }

  @Test
  void followerFailLeaderPropose() {
    run(Crashed.FOLLOWER, Proposer.OTHER);
  }

  @Test
  void followerFailFollowerPropose() {
    run(Crashed.FOLLOWER, Proposer.RECOVERED);
  }

  /**
   * Node 1 proposes 1..50; the leader or a follower crashes and restarts on its storage; then the
   * recovered node, or for a crashed leader a follower, for a crashed follower the leader, proposes 51..100.
   */
  private static void run(Crashed crashed, Proposer proposer) {
    TestCluster c = TestCluster.of(3);
    c.proposeAndDecide(1, ALL.subList(0, 50), WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    long victim = crashed == Crashed.LEADER ? leader : follower;
    long other = crashed == Crashed.LEADER ? follower : leader;

    c.crash(victim);
    c.tick(SECOND);
    c.restart(victim);
    assertThat(c.decidedValues(victim)).isEqualTo(ALL.subList(0, 50));

    long from = proposer == Proposer.RECOVERED ? victim : other;
    for (long v : ALL.subList(50, 100)) {
      c.node(from).append(v);
    }
    c.tickUntil(() -> c.decidedValues(victim).equals(ALL), RECOVERY_WAIT);
    c.tick(SECOND);

    for (long p : c.pids()) {
      assertThat(c.decidedValues(p)).as("decided log of node %d", p).isEqualTo(ALL);
      assertThat(c.node(p).readDecidedSuffix(0)).allMatch(e -> e instanceof LogEntry.Decided);
    }
  }
}
