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

/**
 * Whom a node hears: the peers whose answers to its heartbeats arrived within the election timeout
 * (the last {@link ServerConfig#heartbeatWindowRounds()} rounds) when its last round ended.
 */
class HeardPeersTest {

  private static final ClusterConfig CONFIG = ClusterConfig.of(1, List.of(1L, 2L, 3L));

  private static BallotLeaderElection node(long pid) {
    return node(pid, 1);
  }

  private static BallotLeaderElection node(long pid, int electionTicks) {
    ServerConfig server =
        ServerConfig.builder().pid(pid).electionTickTimeout(electionTicks).build();
    return new BallotLeaderElection(CONFIG, server, Optional.empty());
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

  @Test
  void aSilentPeerIsHeardUntilItHasBeenSilentForTheElectionTimeout() {
    List<BallotLeaderElection> all = List.of(node(1, 10), node(2, 10), node(3, 10));
    BallotLeaderElection one = all.get(0);
    int window = ServerConfig.builder().pid(1).electionTickTimeout(10).build()
        .heartbeatWindowRounds();
    assertThat(window).isEqualTo(10);
    roundTrip(one, all, Set.of(2L, 3L));
    one.hbTimeout(false, Ballot.NONE);
    assertThat(one.heardLastRound()).containsExactly(2L, 3L);
    for (int round = 1; round < window; round++) {
      roundTrip(one, all, Set.of(3L));
      one.hbTimeout(false, Ballot.NONE);
      assertThat(one.heardLastRound()).as("after %d silent rounds", round).containsExactly(2L, 3L);
    }
    roundTrip(one, all, Set.of(3L));
    one.hbTimeout(false, Ballot.NONE);
    assertThat(one.heardLastRound()).as("2 silent for the election timeout").containsExactly(3L);
  }
}
