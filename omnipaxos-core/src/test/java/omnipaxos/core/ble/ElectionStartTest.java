package omnipaxos.core.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * How Ballot Leader Election starts in a new configuration: a designated leader leads after one round
 * trip, ordinary peers wait out their first round unless they hear a ballot above round 1, and a joiner
 * follows the leader it hears instead of taking over.
 */
class ElectionStartTest {

  private static final ClusterConfig CONFIG = ClusterConfig.of(2, List.of(1L, 2L, 3L));

  private final Map<Long, BallotLeaderElection> nodes = new TreeMap<>();

  private BallotLeaderElection start(long pid, ElectionStart how) {
    ServerConfig s = ServerConfig.builder().pid(pid).electionStart(how).build();
    BallotLeaderElection ble = new BallotLeaderElection(CONFIG, s, Optional.empty());
    nodes.put(pid, ble);
    return ble;
  }

  /** Delivers every queued message between running nodes until none is left. */
  private void deliverAll() {
    boolean more = true;
    while (more) {
      more = false;
      for (BallotLeaderElection n : List.copyOf(nodes.values())) {
        List<BleMessage> out = new ArrayList<>();
        n.takeOutgoing(out);
        for (BleMessage m : out) {
          BallotLeaderElection to = nodes.get(m.to());
          if (to != null) {
            to.handle(m);
            more = true;
          }
        }
      }
    }
  }

  @Test
  void aDesignatedLeaderLeadsAfterOneRoundTripAndItsPeersFollowAtOnce() {
    BallotLeaderElection one = start(1, ElectionStart.DESIGNATED_LEADER);
    BallotLeaderElection two = start(2, ElectionStart.PEER);
    deliverAll();
    assertThat(one.firstRoundSettled()).isTrue();
    assertThat(two.firstRoundSettled()).as("a peer that heard a ballot above round 1").isTrue();
    Optional<Ballot> led = one.hbTimeout(false, Ballot.NONE);
    assertThat(led).hasValueSatisfying(b -> assertThat(b.n()).isEqualTo(2));
    assertThat(two.hbTimeout(false, Ballot.NONE)).isEmpty();
    assertThat(two.leader()).isEqualTo(led.get());
  }

  @Test
  void ordinaryPeersWaitOutTheirFirstRound() {
    BallotLeaderElection one = start(1, ElectionStart.PEER);
    BallotLeaderElection three = start(3, ElectionStart.PEER);
    deliverAll();
    assertThat(one.firstRoundSettled()).isFalse();
    assertThat(three.firstRoundSettled()).isFalse();
  }

  @Test
  void aPeerThatStartsLaterIsAskedAgainSoTheDesignatedLeaderNeedNotWaitForItsTimeout() {
    BallotLeaderElection one = start(1, ElectionStart.DESIGNATED_LEADER);
    List<BleMessage> lost = new ArrayList<>();
    one.takeOutgoing(lost);
    assertThat(lost).hasSize(2);
    start(2, ElectionStart.PEER);
    deliverAll();
    assertThat(one.firstRoundSettled()).isTrue();
  }

  @Test
  void aJoinerFollowsTheRunningLeaderInsteadOfTakingOver() {
    BallotLeaderElection one = start(1, ElectionStart.DESIGNATED_LEADER);
    BallotLeaderElection two = start(2, ElectionStart.PEER);
    deliverAll();
    Ballot leader = one.hbTimeout(false, Ballot.NONE).orElseThrow();
    two.hbTimeout(false, Ballot.NONE);
    BallotLeaderElection joiner = start(3, ElectionStart.JOINER);
    assertThat(joiner.currentBallot().n()).isZero();
    deliverAll();
    assertThat(joiner.firstRoundSettled()).isTrue();
    assertThat(joiner.hbTimeout(false, Ballot.NONE)).isEmpty();
    assertThat(joiner.leader()).isEqualTo(leader);
    assertThat(joiner.isHappy()).isTrue();
  }
}
