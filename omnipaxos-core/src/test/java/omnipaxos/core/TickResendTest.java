package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * When the election round and the resend timeout end in the same tick, a node that starts a ballot
 * sends each peer one Prepare, not a second one from the resend.
 */
class TickResendTest {

  @Test
  void aNewBallotSendsOnePreparePerPeerWhenTimeoutsCoincide() {
    TestCluster c = TestCluster.builder(3)
        .server(s -> s.electionTickTimeout(10).resendMessageTickTimeout(10))
        .build();
    Map<String, Integer> prepares = new HashMap<>();
    c.dropWhere(m -> {
      if (m instanceof Message.Paxos<Long, ?> p && p.message() instanceof PaxosMessage.Prepare<Long, ?> prep) {
        prepares.merge(prep.n() + ">" + prep.to(), 1, Integer::sum);
      }
      return false;
    });
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, TestCluster.range(1, 4), 100);
    assertThat(prepares).isNotEmpty();
    assertThat(prepares.values()).as("Prepares per ballot and receiver: %s", prepares).containsOnly(1);
  }
}
