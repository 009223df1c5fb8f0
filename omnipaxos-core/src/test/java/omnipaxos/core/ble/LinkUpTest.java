package omnipaxos.core.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * A server that restarts before its links are up loses its first heartbeat requests; when a link
 * comes up it asks that peer again, so its first round still hears a quorum and ends early instead
 * of leaving it without a leader (and its health saying no quorum) for one or two rounds.
 */
class LinkUpTest {

  private static final ClusterConfig CONFIG = ClusterConfig.of(1, List.of(1L, 2L, 3L));

  private static List<BleMessage> drain(BallotLeaderElection n) {
    List<BleMessage> out = new ArrayList<>();
    n.takeOutgoing(out);
    return out;
  }

  @Test
  void aRestartedServerAsksAgainWhenItsLinksComeUpAndSettlesItsFirstRound() {
    Ballot leader = new Ballot(1, 7, 0, 2);
    BallotLeaderElection peer = new BallotLeaderElection(CONFIG,
        ServerConfig.builder().pid(2).build(), Optional.of(leader));
    BallotLeaderElection restarted = new BallotLeaderElection(CONFIG,
        ServerConfig.builder().pid(3).build(), Optional.of(new Ballot(1, 6, 0, 3)));
    drain(peer);
    assertThat(drain(restarted)).as("its first requests, lost: no link yet").hasSize(2);
    assertThat(restarted.firstRoundSettled()).isFalse();

    restarted.linkUp(2);
    List<BleMessage> again = drain(restarted);
    assertThat(again).singleElement().satisfies(m -> {
      assertThat(m).isInstanceOf(BleMessage.HeartbeatRequest.class);
      assertThat(m.to()).isEqualTo(2);
      assertThat(((BleMessage.HeartbeatRequest) m).round()).isEqualTo(1);
    });
    peer.handle(again.get(0));
    drain(peer).stream().filter(m -> m.to() == 3).forEach(restarted::handle);
    assertThat(restarted.firstRoundSettled()).as("a read quorum answered").isTrue();

    drain(restarted);
    restarted.linkUp(2);
    assertThat(drain(restarted)).as("2 answered this round already").isEmpty();
    restarted.linkUp(9);
    assertThat(drain(restarted)).as("not a member").isEmpty();
  }
}
