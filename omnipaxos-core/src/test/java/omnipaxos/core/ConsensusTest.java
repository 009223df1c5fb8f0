package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code consensus_test}: five nodes, 2000 proposals made at one node before any
 * leader exists, then the classic consensus properties on every node's decided log.
 */
class ConsensusTest {

  private static final int NODES = 5;
  private static final int PROPOSALS = 2000;
  /** Upstream waits 3 s with 200 ms election timeouts: 15 election rounds of 10 ticks. */
  private static final int WAIT_TICKS = 150;

  @Test
  void proposalsMadeBeforeAnyLeaderAreDecidedWithQuorumValidityAndPrefixAgreement() {
    TestCluster c = TestCluster.of(NODES);
    List<Long> proposed = TestCluster.range(0, PROPOSALS);
    for (long v : proposed) {
      c.node(1).append(v);
    }
    assertThat(c.node(1).currentLeader()).isEmpty();

    c.tickUntil(() -> c.decidedValues(1).size() == PROPOSALS, WAIT_TICKS);
    // The proposer's own log holds every proposal exactly once, in proposal order.
    assertThat(c.decidedValues(1)).isEqualTo(proposed);

    c.tick(2 * ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT);
    Map<Long, List<Long>> logs = new HashMap<>();
    for (long p : c.pids()) {
      logs.put(p, c.decidedValues(p));
    }
    int quorum = NODES / 2 + 1;
    Set<Long> proposedSet = new HashSet<>(proposed);
    List<Long> longest = logs.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
    for (Map.Entry<Long, List<Long>> e : logs.entrySet()) {
      List<Long> log = e.getValue();
      // Validity: only proposed values, none twice.
      assertThat(proposedSet).as("node %d decided only proposed values", e.getKey()).containsAll(log);
      assertThat(log).as("node %d decided no value twice", e.getKey()).doesNotHaveDuplicates();
      // Prefix agreement: every decided log is a prefix of the longest one.
      assertThat(longest.subList(0, log.size())).as("node %d's log is a prefix", e.getKey()).isEqualTo(log);
      // Quorum: every value decided here is decided, at the same position, on at least a majority.
      for (int i = 0; i < log.size(); i++) {
        int pos = i;
        long holders = logs.values().stream().filter(l -> l.size() > pos && l.get(pos).equals(log.get(pos))).count();
        assertThat(holders).as("value at position %d decided on a quorum", pos).isGreaterThanOrEqualTo(quorum);
      }
    }
  }
}
