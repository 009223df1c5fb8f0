package omnipaxos.core.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ServerConfig;
import org.junit.jupiter.api.Test;

/** Whom a node hears: the peers that answered its heartbeats in the last round that ended. */
class HeardPeersTest {

  private static final ClusterConfig CONFIG = ClusterConfig.of(1, List.of(1L, 2L, 3L));

  private static BallotLeaderElection node(long pid) {
    return new BallotLeaderElection(CONFIG, ServerConfig.builder().pid(pid).build(),
        Optional.empty());
  }

  /** One round trip from {@code from}'s requests, answered only by the nodes in {@code up}. */
  private static void roundTrip(BallotLeaderElection from, List<BallotLeaderElection> all,
      Set<Long> up) {
    List<BleMessage> requests = new ArrayList<>();
    from.takeOutgoing(requests);
    for (BleMessage m : requests) {
      if (!up.contains(m.to())) {
        continue;
      }
      BallotLeaderElection to = all.get((int) m.to() - 1);
      to.handle(m);
      List<BleMessage> replies = new ArrayList<>();
      to.takeOutgoing(replies);
      replies.stream().filter(r -> r.to() == from.currentBallot().pid()).forEach(from::handle);
    }
  }

  @Test
  void theHeardPeersAreThoseThatAnsweredTheLastEndedRound() {
    List<BallotLeaderElection> all = List.of(node(1), node(2), node(3));
    BallotLeaderElection one = all.get(0);
    assertThat(one.heardLastRound()).as("before any round ended").isEmpty();
    roundTrip(one, all, Set.of(3L, 2L));
    assertThat(one.heardLastRound()).as("the round has not ended yet").isEmpty();
    one.hbTimeout(false, Ballot.NONE);
    assertThat(one.heardLastRound()).containsExactly(2L, 3L);
    roundTrip(one, all, Set.of(3L));
    one.hbTimeout(false, Ballot.NONE);
    assertThat(one.heardLastRound()).as("2 no longer answers").containsExactly(3L);
  }
}
