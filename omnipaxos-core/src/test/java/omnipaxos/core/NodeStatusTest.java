package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link OmniPaxos#status()}: its fields are the node's state, for leader and follower alike. */
class NodeStatusTest {

  @Test
  void statusOfALeaderAndItsFollowersAfterDecidingEntries() {
    TestCluster c = TestCluster.builder(3)
        .server(b -> b.leaseTicks(5).maxClockDriftPercent(10))
        .build();
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L, 2L, 3L), 100);
    c.tick(2);

    NodeStatus s = c.node(leader).status();
    assertThat(s.pid()).isEqualTo(leader);
    assertThat(s.configurationId()).isEqualTo(1);
    assertThat(s.role()).isEqualTo(NodeStatus.Role.LEADER);
    assertThat(s.phase()).isEqualTo(NodeStatus.Phase.ACCEPT);
    assertThat(s.acceptingLeader()).isTrue();
    assertThat(s.promise()).isEqualTo(c.node(leader).promise());
    assertThat(s.promise().pid()).isEqualTo(leader);
    assertThat(s.currentLeader()).hasValue(leader);
    assertThat(s.decidedIdx()).isEqualTo(3).isEqualTo(c.node(leader).decidedIdx());
    assertThat(s.acceptedIdx()).isEqualTo(3).isEqualTo(c.node(leader).acceptedIdx());
    assertThat(s.compactedIdx()).isZero();
    assertThat(s.decidedStopSign()).isEmpty();
    assertThat(s.bleLeader()).isEqualTo(s.promise());
    assertThat(s.bleBallot()).isEqualTo(s.promise());
    assertThat(s.happy()).isTrue();
    assertThat(s.heartbeatRounds()).isPositive();
    assertThat(s.heardPeers()).containsAll(c.pids().stream().filter(p -> p != leader).toList());
    assertThat(s.leaseHeld()).isTrue();
    assertThat(s.leaseStartTick()).isPresent();
    assertThat(s.leaderLeaseTicks()).isPositive().isLessThan(5);
    assertThat(s.ticks()).isEqualTo(c.node(leader).ticks()).isEqualTo(c.ticks());
    assertThat(s.droppedProposals()).isZero();
    assertThat(s.unsyncablePeers()).isZero();

    for (long p : c.pids()) {
      if (p == leader) {
        continue;
      }
      NodeStatus f = c.node(p).status();
      assertThat(f.role()).isEqualTo(NodeStatus.Role.FOLLOWER);
      assertThat(f.phase()).isEqualTo(NodeStatus.Phase.ACCEPT);
      assertThat(f.acceptingLeader()).isFalse();
      assertThat(f.promise()).isEqualTo(s.promise());
      assertThat(f.currentLeader()).hasValue(leader);
      assertThat(f.bleLeader()).isEqualTo(s.promise());
      assertThat(f.decidedIdx()).isEqualTo(3);
      assertThat(f.leaseHeld()).isFalse();
      assertThat(f.leaseStartTick()).isEmpty();
      assertThat(f.holdUntilTick()).isGreaterThan(0);
    }
  }

  @Test
  void statusOfANewNodeShowsNothingPromisedOrDecided() {
    TestCluster c = TestCluster.of(3);
    NodeStatus s = c.node(1).status();
    assertThat(s.promise()).isEqualTo(Ballot.NONE);
    assertThat(s.currentLeader()).isEqualTo(OptionalLong.empty());
    assertThat(s.decidedIdx()).isZero();
    assertThat(s.acceptedIdx()).isZero();
    assertThat(s.heartbeatRounds()).isZero();
    assertThat(s.heardPeers()).isEmpty();
    assertThat(s.leaseHeld()).isFalse();
    assertThat(s.leaderLeaseTicks()).isZero();
    assertThat(s.ticks()).isZero();
  }
}
