package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code flexible_quorum_test}: 8 nodes with read quorum 6 and write quorum 3. A new
 * leader needs a read quorum; a leader already in its Accept phase keeps deciding with a write quorum.
 */
class FlexibleQuorumTest {

  private static final int ELECTION = ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT;
  /** Upstream waits 8 s. */
  private static final int WAIT = 400;
  private static final List<Long> FIRST = TestCluster.range(0, 50);
  private static final List<Long> ALL = TestCluster.range(0, 100);

  private static TestCluster cluster() {
    return TestCluster.builder(8).flexibleQuorum(6, 3).build();
  }

  @Test
  void preparePhaseWithOnlyAReadQuorumAlive() {
    TestCluster c = cluster();
    c.proposeAndDecide(2, FIRST, WAIT);
    long leader = c.awaitLeader(WAIT);
    // Write quorum 3 tolerates 2 failures: one follower and the leader. Six nodes, a read quorum, remain.
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.crash(follower);
    c.crash(leader);
    assertThat(c.alivePids()).hasSize(6);
    c.tick(8 * ELECTION);

    long proposer = c.alivePids().get(0);
    c.proposeAndDecide(proposer, ALL.subList(50, 100), WAIT);
    assertThat(c.decidedValues(proposer)).isEqualTo(ALL);
    assertThat(c.agreedLeader()).isPresent();
    assertThat(c.agreedLeader().getAsLong()).isNotEqualTo(leader);
    for (long p : c.alivePids()) {
      c.tickUntil(() -> c.decidedValues(p).equals(ALL), WAIT);
    }
  }

  @Test
  void acceptPhaseWithOnlyAWriteQuorumAlive() {
    TestCluster c = cluster();
    c.proposeAndDecide(2, FIRST, WAIT);
    long leader = c.awaitLeader(WAIT);
    Ballot ballot = c.node(leader).promise();
    // Kill 8 - 3 = 5 followers: the leader and two followers, a write quorum but no read quorum, remain.
    c.pids().stream().filter(p -> p != leader).limit(5).toList().forEach(c::crash);
    assertThat(c.alivePids()).hasSize(3);
    c.tick(8 * ELECTION);

    c.proposeAndDecide(leader, ALL.subList(50, 100), WAIT);
    assertThat(c.decidedValues(leader)).isEqualTo(ALL);
    // The same leader, in the same ballot, kept leading all along.
    assertThat(c.node(leader).isLeader()).isTrue();
    assertThat(c.node(leader).promise()).isEqualTo(ballot);
    for (long p : c.alivePids()) {
      c.tickUntil(() -> c.decidedValues(p).equals(ALL), WAIT);
    }
  }
}
