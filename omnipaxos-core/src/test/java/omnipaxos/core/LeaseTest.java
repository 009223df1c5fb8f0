package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * Leader leases: the follower hold, the leader's lease and its expiry, no lease outside the Accept
 * phase, and that with leases off nothing of them shows. In {@link TestCluster} every node ticks at
 * the same rate and a tick is longer than any message delay.
 */
class LeaseTest {

  private static final int ELECTION = 10;
  private static final int HOLD = 10;

  private static TestCluster leased() {
    return TestCluster.builder(3)
        .server(b -> b.electionTickTimeout(ELECTION).leaseTicks(HOLD).maxClockDriftPercent(10))
        .build();
  }

  private static NodeStatus paxos(TestCluster c, long pid) {
    return c.node(pid).status();
  }

  @Test
  void leaderGetsALeaseAndServesFromItsAcceptedIndex() {
    TestCluster c = leased();
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L, 2L, 3L), 100);
    c.tick(2);
    assertThat(paxos(c, leader).leaseHeld()).isTrue();
    assertThat(c.node(leader).leaseReadIndex()).hasValue(c.node(leader).acceptedIdx());
    for (long p : c.pids()) {
      if (p != leader) {
        assertThat(paxos(c, p).leaseHeld()).isFalse();
        assertThat(c.node(p).leaseReadIndex()).isEmpty();
      }
    }
  }

  @Test
  void idleLeaderKeepsItsLease() {
    TestCluster c = leased();
    long leader = c.awaitLeader(200);
    for (int i = 0; i < 200; i++) {
      c.tick();
      assertThat(paxos(c, leader).leaseHeld()).as("tick %d", i).isTrue();
    }
  }

  @Test
  void followerRefusesToPromiseAnotherBallotWithinItsHold() {
    TestCluster c = leased();
    long leader = c.awaitLeader(200);
    c.tick(2);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    long other = c.pids().stream().filter(p -> p != leader && p != follower).findFirst().orElseThrow();
    Ballot promised = c.node(follower).promise();
    Ballot higher = new Ballot(1, promised.n() + 5, 0, other);
    PaxosMessage<Long, List<Long>> prepare = new PaxosMessage.Prepare<>(other, follower, higher, 0, Ballot.NONE, 0);

    c.node(follower).outgoingMessages();
    c.node(follower).handle(prepare);
    assertThat(promises(c.node(follower).outgoingMessages())).isEmpty();
    assertThat(c.node(follower).promise()).isEqualTo(promised);
    assertThat(paxos(c, follower).deferredPrepares()).isEqualTo(1);

    // Without news from its leader the hold runs out after HOLD ticks, then the Prepare is promised.
    long heard = paxos(c, follower).holdUntilTick() - HOLD;
    c.isolate(follower);
    int ticked = 0;
    while (paxos(c, follower).ticks() < paxos(c, follower).holdUntilTick()) {
      c.node(follower).handle(prepare);
      assertThat(promises(c.node(follower).outgoingMessages())).isEmpty();
      c.tick();
      ticked++;
    }
    assertThat(paxos(c, follower).ticks() - heard).isEqualTo(HOLD);
    assertThat(ticked).isLessThanOrEqualTo(HOLD);
    c.node(follower).handle(prepare);
    assertThat(promises(c.node(follower).outgoingMessages())).hasSize(1);
    assertThat(c.node(follower).promise()).isEqualTo(higher);
  }

  @Test
  void restartedNodeHoldsBeforePromising() {
    TestCluster c = leased();
    long leader = c.awaitLeader(200);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.crash(follower);
    c.restart(follower);
    Ballot promised = c.node(follower).promise();
    Ballot higher = new Ballot(1, promised.n() + 5, 0, leader);
    c.node(follower).handle(new PaxosMessage.Prepare<>(leader, follower, higher, 0, Ballot.NONE, 0));
    assertThat(promises(c.node(follower).outgoingMessages())).isEmpty();
    assertThat(paxos(c, follower).holdUntilTick()).isEqualTo(HOLD);
  }

  @Test
  void isolatedLeaderLosesItsLeaseBeforeAnotherLeaderDecides() {
    TestCluster c = leased();
    long old = c.awaitLeader(200);
    c.proposeAndDecide(old, List.of(1L, 2L), 100);
    c.tick(3);
    assertThat(paxos(c, old).leaseHeld()).isTrue();
    c.isolate(old);
    int leaseTicks = paxos(c, old).leaderLeaseTicks();
    int held = 0;
    long newLeader = -1;
    for (int i = 0; i < 400 && newLeader < 0; i++) {
      c.tick();
      if (paxos(c, old).leaseHeld()) {
        held++;
      }
      for (long p : c.pids()) {
        if (p != old && c.node(p).isLeader()) {
          assertThat(paxos(c, old).leaseHeld()).as("tick %d: %d leads while %d holds its lease", i, p, old)
              .isFalse();
          newLeader = p;
        }
      }
    }
    assertThat(newLeader).isPositive();
    assertThat(held).isLessThan(leaseTicks);
    assertThat(paxos(c, old).leaseHeld()).isFalse();
    // The old leader still believes it leads, but has no lease: it would read through the log.
    assertThat(c.node(old).isLeader()).isTrue();
    assertThat(c.node(old).leaseReadIndex()).isEmpty();
    c.proposeAndDecide(newLeader, List.of(3L), 200);
  }

  @Test
  void noLeaseInThePreparePhase() {
    TestCluster c = leased();
    c.dropWhere(m -> m instanceof Message.Paxos<Long, List<Long>> p && p.message() instanceof PaxosMessage.Promise);
    for (int i = 0; i < 200; i++) {
      c.tick();
      for (long p : c.pids()) {
        assertThat(paxos(c, p).phase()).isNotEqualTo(NodeStatus.Phase.ACCEPT);
        assertThat(paxos(c, p).leaseHeld()).isFalse();
        assertThat(c.node(p).leaseReadIndex()).isEmpty();
      }
    }
    assertThat(c.pids().stream().anyMatch(p -> paxos(c, p).role() == NodeStatus.Role.LEADER)).isTrue();
  }

  @Test
  void noLeaseWithoutAcknowledgementsFromAWriteQuorum() {
    TestCluster c = leased();
    long leader = c.awaitLeader(200);
    c.dropWhere(m -> m instanceof Message.Paxos<Long, List<Long>> p && p.message() instanceof PaxosMessage.LeaseAck);
    int leaseTicks = paxos(c, leader).leaderLeaseTicks();
    c.tick(leaseTicks);
    assertThat(paxos(c, leader).leaseHeld()).isFalse();
    assertThat(c.node(leader).isLeader()).isTrue();
  }

  @Test
  void leaderFailsOverOnceTheHoldRunsOut() {
    TestCluster c = leased();
    long old = c.awaitLeader(200);
    c.proposeAndDecide(old, List.of(1L), 100);
    c.crash(old);
    List<Long> rest = c.alivePids();
    long next = c.awaitLeader(rest, 300);
    c.proposeAndDecide(next, List.of(2L), 200);
    assertThat(c.decidedValues(next)).containsExactly(1L, 2L);
  }

  @Test
  void withLeasesOffNothingOfThemShows() {
    TestCluster c = TestCluster.of(3);
    List<Message<Long, List<Long>>> seen = new ArrayList<>();
    c.dropWhere(m -> {
      seen.add(m);
      return false;
    });
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L, 2L), 100);
    c.tick(100);
    assertThat(seen).noneMatch(m -> m instanceof Message.Paxos<Long, List<Long>> p
        && p.message() instanceof PaxosMessage.LeaseAck);
    for (long p : c.pids()) {
      assertThat(paxos(c, p).leaseHeld()).isFalse();
      assertThat(c.node(p).leaseReadIndex()).isEmpty();
      assertThat(paxos(c, p).leaseStartTick()).isEmpty();
    }
    // No hold: a follower promises a higher ballot at once.
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    Ballot higher = new Ballot(1, c.node(follower).promise().n() + 5, 0, leader);
    c.node(follower).outgoingMessages();
    c.node(follower).handle(new PaxosMessage.Prepare<>(leader, follower, higher, 0, Ballot.NONE, 0));
    assertThat(promises(c.node(follower).outgoingMessages())).hasSize(1);
  }

  @Test
  void leaseSettingsAreValidated() {
    ServerConfig.Builder b = ServerConfig.builder().pid(1).electionTickTimeout(10);
    assertThat(b.build().leasesEnabled()).isFalse();
    assertThat(b.leaseTicks(10).maxClockDriftPercent(10).build().leaderLeaseTicks()).isEqualTo(8);
    assertThatThrownBy(() -> b.leaseTicks(11).build().validate()).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("must not exceed electionTickTimeout");
    assertThatThrownBy(() -> b.leaseTicks(2).build().validate()).hasMessageContaining("need at least 2");
    assertThatThrownBy(() -> b.leaseTicks(-1).build().validate()).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> b.leaseTicks(5).maxClockDriftPercent(101).build().validate())
        .hasMessageContaining("maxClockDriftPercent");
    b.leaseTicks(5).maxClockDriftPercent(0).build().validate();
  }

  private static List<PaxosMessage<Long, List<Long>>> promises(List<Message<Long, List<Long>>> out) {
    List<PaxosMessage<Long, List<Long>>> r = new ArrayList<>();
    for (Message<Long, List<Long>> m : out) {
      if (m instanceof Message.Paxos<Long, List<Long>> p && p.message() instanceof PaxosMessage.Promise) {
        r.add(p.message());
      }
    }
    return r;
  }

  /**
   * Regression: node 3 starts a few ticks late, so node 2 leads first while leader election backs node
   * 3's higher ballot. Node 3 held for node 2, and node 2's messages renewed that hold for ever: leader
   * election and Sequence Paxos disagreed on the leader permanently (and a leader that cannot reach a
   * quorum could have kept a takeover out in the same way). Now node 3 stops renewing its hold and takes
   * over once it runs out.
   */
  @Test
  void nodeElectedWhileHoldingTakesOverOnceItsHoldRunsOut() {
    for (int late = 1; late <= 5; late++) {
      TestCluster c = TestCluster.builder(3)
          .server(b -> b.electionTickTimeout(20).resendMessageTickTimeout(10).leaseTicks(15))
          .build();
      c.pause(3);
      c.tick(late);
      c.resume(3);
      c.tick(200);
      for (long p : c.pids()) {
        assertThat(c.node(p).currentLeader()).as("late %d, node %d", late, p)
            .hasValue(c.node(p).status().bleLeader().pid());
      }
    }
  }
}
