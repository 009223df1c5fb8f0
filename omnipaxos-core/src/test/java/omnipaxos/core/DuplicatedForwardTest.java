package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * Regression for a bug found by the simulator: a ProposalForward the network delivered twice was
 * appended twice, so one proposal was decided at two positions.
 */
class DuplicatedForwardTest {

  @Test
  void aDuplicatedForwardIsTakenOnce() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.node(follower).append(42L);
    List<Message<Long, List<Long>>> out = c.collect();
    List<Message<Long, List<Long>>> doubled = new ArrayList<>(out);
    for (Message<Long, List<Long>> m : out) {
      if (m instanceof Message.Paxos<Long, List<Long>> p && p.message() instanceof PaxosMessage.ProposalForward) {
        doubled.add(m);
      }
    }
    assertThat(doubled).hasSizeGreaterThan(out.size());
    c.deliver(doubled);
    c.tick(10);
    assertThat(c.decidedValues(leader)).containsExactly(42L);
    assertThat(c.node(leader).droppedProposals()).isEqualTo(1);
  }
}
