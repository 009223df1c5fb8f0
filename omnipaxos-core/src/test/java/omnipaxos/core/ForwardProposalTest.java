package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port of upstream {@code forward_proposal_test}: a proposal made at a follower is decided there. */
class ForwardProposalTest {

  /** Upstream waits 5 s, 25 election timeouts. */
  private static final int WAIT = 250;

  @Test
  void proposalAtANonLeaderIsForwardedAndDecidedAtThatNode() {
    TestCluster c = TestCluster.of(7);
    long leader = c.awaitLeader(WAIT);
    // Upstream picks one random non-leader; every non-leader in turn covers each choice deterministically.
    List<Long> expected = new ArrayList<>();
    for (long p : c.pids()) {
      if (p == leader) {
        continue;
      }
      long value = 100 + p;
      c.node(p).append(value);
      expected.add(value);
      c.tickUntil(() -> c.decidedValues(p).equals(expected), WAIT);
    }
    // Each forwarded value was decided exactly once, in proposal order, on every node.
    c.tick(ServerConfig.DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT);
    for (long p : c.pids()) {
      assertThat(c.decidedValues(p)).isEqualTo(expected);
    }
  }
}
