package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * Quorum reads (read-index rounds): confirmed by a write quorum that still promises the leader's
 * ballot, one round for every read started before the outbox is taken, never confirmed on a node
 * that is not the accepting leader, after a leader change, or with answers of an older round or
 * ballot, and asked again after lost messages.
 */
class QuorumReadTest {

  private static long otherThan(TestCluster c, long... not) {
    return c.pids().stream().filter(p -> java.util.Arrays.stream(not).noneMatch(n -> n == p))
        .findFirst().orElseThrow();
  }

  private static long readIndexReqs(List<Message<Long, List<Long>>> out) {
    return out.stream().filter(m -> m instanceof Message.Paxos<Long, List<Long>> p
        && p.message() instanceof PaxosMessage.ReadIndexReq).count();
  }

  @Test
  void aReadIsConfirmedByAWriteQuorumAtTheAcceptedIndexOfItsStart() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L, 2L, 3L), 100);
    OmniPaxos<Long, List<Long>> node = c.node(leader);
    QuorumRead read = node.startQuorumRead().orElseThrow();
    assertThat(read.readIdx()).isEqualTo(node.acceptedIdx());
    assertThat(read.ballot()).isEqualTo(node.promise());
    assertThat(node.quorumReadConfirmed(read)).isFalse();
    c.deliverAll();
    assertThat(node.quorumReadConfirmed(read)).isTrue();
  }

  @Test
  void readsStartedBeforeTheOutboxIsTakenShareOneRound() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    OmniPaxos<Long, List<Long>> node = c.node(leader);
    QuorumRead first = node.startQuorumRead().orElseThrow();
    QuorumRead second = node.startQuorumRead().orElseThrow();
    assertThat(second.round()).isEqualTo(first.round());
    assertThat(readIndexReqs(node.outgoingMessages())).isEqualTo(2);
    QuorumRead third = node.startQuorumRead().orElseThrow();
    assertThat(third.round()).isEqualTo(first.round() + 1);
  }

  @Test
  void followersAndNodesWithoutALeaderDoNotStartQuorumReads() {
    TestCluster c = TestCluster.of(3);
    assertThat(c.node(1).startQuorumRead()).isEmpty();
    long leader = c.awaitLeader(200);
    assertThat(c.node(otherThan(c, leader)).startQuorumRead()).isEmpty();
  }

  @Test
  void oneAnswerIsAQuorumOfThreeButNotOfFive() {
    TestCluster three = TestCluster.of(3);
    long l3 = three.awaitLeader(200);
    three.isolate(otherThan(three, l3));
    QuorumRead r3 = three.node(l3).startQuorumRead().orElseThrow();
    three.deliverAll();
    assertThat(three.node(l3).quorumReadConfirmed(r3)).isTrue();

    TestCluster five = TestCluster.of(5);
    long l5 = five.awaitLeader(300);
    long a = otherThan(five, l5);
    long b = otherThan(five, l5, a);
    long d = otherThan(five, l5, a, b);
    five.isolate(a);
    five.isolate(b);
    five.isolate(d);
    QuorumRead r5 = five.node(l5).startQuorumRead().orElseThrow();
    five.deliverAll();
    assertThat(five.node(l5).quorumReadConfirmed(r5)).isFalse();
    five.heal();
    assertThat(five.tickUntil(() -> five.node(l5).quorumReadConfirmed(r5), 100))
        .as("ticks until asked again after the heal").isLessThan(100);
  }

  @Test
  void aFollowerThatPromisedAHigherBallotDoesNotAnswer() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    long f1 = otherThan(c, leader);
    long f2 = otherThan(c, leader, f1);
    Ballot n = c.node(leader).promise();
    Ballot higher = new Ballot(n.configId(), n.n() + 1, 0, f2);
    c.node(f1).outgoingMessages();
    c.node(f1).handle(new PaxosMessage.Prepare<>(f2, f1, higher, 0, Ballot.NONE, 0));
    c.node(f1).outgoingMessages();
    c.node(f1).handle(new PaxosMessage.ReadIndexReq<>(leader, f1, n, 7));
    assertThat(c.node(f1).outgoingMessages()).isEmpty();
    c.node(f2).handle(new PaxosMessage.ReadIndexReq<>(leader, f2, n, 7));
    assertThat(c.node(f2).outgoingMessages())
        .containsExactly(Message.of(new PaxosMessage.ReadIndexAck<>(f2, leader, n, 7)));
  }

  @Test
  void answersOfAnOlderRoundOrBallotConfirmNothing() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    long f = otherThan(c, leader);
    OmniPaxos<Long, List<Long>> node = c.node(leader);
    Ballot n = node.promise();
    QuorumRead first = node.startQuorumRead().orElseThrow();
    node.outgoingMessages();
    QuorumRead second = node.startQuorumRead().orElseThrow();
    node.outgoingMessages();
    node.handle(new PaxosMessage.ReadIndexAck<>(f, leader, n, first.round()));
    assertThat(node.quorumReadConfirmed(first)).isTrue();
    assertThat(node.quorumReadConfirmed(second)).isFalse();
    Ballot older = new Ballot(n.configId(), n.n() - 1, 0, leader);
    node.handle(new PaxosMessage.ReadIndexAck<>(f, leader, older, second.round()));
    assertThat(node.quorumReadConfirmed(second)).isFalse();
    node.handle(new PaxosMessage.ReadIndexAck<>(f, leader, n, second.round() + 5));
    assertThat(node.quorumReadConfirmed(second)).as("a round never sent").isFalse();
  }

  @Test
  void aReadOfADeposedLeaderIsNeverConfirmed() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    long f1 = otherThan(c, leader);
    long f2 = otherThan(c, leader, f1);
    OmniPaxos<Long, List<Long>> node = c.node(leader);
    Ballot n = node.promise();
    QuorumRead read = node.startQuorumRead().orElseThrow();
    node.outgoingMessages();
    node.handle(new PaxosMessage.ReadIndexAck<>(f1, leader, n, read.round()));
    assertThat(node.quorumReadConfirmed(read)).isTrue();
    Ballot higher = new Ballot(n.configId(), n.n() + 1, 0, f2);
    node.handle(new PaxosMessage.Prepare<>(f2, leader, higher, 0, Ballot.NONE, 0));
    assertThat(node.quorumReadConfirmed(read)).isFalse();
    assertThat(node.startQuorumRead()).isEmpty();
  }

  @Test
  void aSealedConfigurationServesNoQuorumRead() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    c.node(leader).reconfigure(ClusterConfig.of(2, List.of(1L, 2L, 3L)), java.util.Optional.empty());
    assertThat(c.node(leader).startQuorumRead()).isEmpty();
  }
}
