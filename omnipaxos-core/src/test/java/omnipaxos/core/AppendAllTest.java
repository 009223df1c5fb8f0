package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * {@link OmniPaxos#appendAll}: several entries proposed in order and replicated together, all or
 * nothing.
 */
class AppendAllTest {

  private static OmniPaxos<Long, List<Long>> leaderWithOneDecidedEntry(TestCluster c) {
    long leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L), 100);
    return c.node(leader);
  }

  /** Asserts that every node decides exactly {@code values}. */
  private static void everyNodeDecides(TestCluster c, List<Long> values) {
    for (long p : c.pids()) {
      c.tickUntil(() -> c.decidedValues(p).equals(values), 100);
      assertThat(c.decidedValues(p)).containsExactlyElementsOf(values);
    }
    c.checkSafety();
  }

  @Test
  void aLeaderWritesAndReplicatesTheEntriesTogether() {
    TestCluster c = TestCluster.of(3);
    OmniPaxos<Long, List<Long>> l = leaderWithOneDecidedEntry(c);
    l.appendAll(List.of(2L, 3L, 4L));
    List<Message<Long, List<Long>>> early = l.messagesBeforeFlush();
    assertThat(early).as("one AcceptDecide per follower").hasSize(2);
    for (Message<Long, List<Long>> m : early) {
      PaxosMessage<Long, List<Long>> pm = ((Message.Paxos<Long, List<Long>>) m).message();
      assertThat(pm).isInstanceOf(PaxosMessage.AcceptDecide.class);
      assertThat(((PaxosMessage.AcceptDecide<Long, List<Long>>) pm).entries()).containsExactly(2L, 3L, 4L);
    }
    c.deliver(early);
    c.deliverAll();
    everyNodeDecides(c, List.of(1L, 2L, 3L, 4L));
  }

  @Test
  void theCallersListIsNeitherChangedNorSharedWhenMoreEntriesFollowInTheSamePass() {
    TestCluster c = TestCluster.of(3);
    OmniPaxos<Long, List<Long>> l = leaderWithOneDecidedEntry(c);
    List<Long> first = new java.util.ArrayList<>(List.of(2L, 3L));
    l.appendAll(first);
    l.append(4L);
    l.appendAll(new java.util.ArrayList<>(List.of(5L)));
    assertThat(first).containsExactly(2L, 3L);
    List<Message<Long, List<Long>>> early = l.messagesBeforeFlush();
    assertThat(early).hasSize(2);
    for (Message<Long, List<Long>> m : early) {
      PaxosMessage.AcceptDecide<Long, List<Long>> ad =
          (PaxosMessage.AcceptDecide<Long, List<Long>>) ((Message.Paxos<Long, List<Long>>) m).message();
      assertThat(ad.entries()).containsExactly(2L, 3L, 4L, 5L);
    }
    c.deliver(early);
    everyNodeDecides(c, List.of(1L, 2L, 3L, 4L, 5L));
  }

  @Test
  void aFollowerForwardsTheEntriesInOrder() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.node(follower).appendAll(List.of(5L, 6L));
    c.node(follower).append(7L);
    c.node(follower).appendAll(List.of());
    everyNodeDecides(c, List.of(5L, 6L, 7L));
  }

  @Test
  void withoutALeaderTheBufferTakesAllOrNothing() {
    TestCluster c = TestCluster.builder(3).server(s -> s.bufferSize(3)).build();
    OmniPaxos<Long, List<Long>> n = c.node(1);
    n.appendAll(List.of(1L, 2L));
    assertThatThrownBy(() -> n.appendAll(List.of(3L, 4L)))
        .isInstanceOf(ProposalRejectedException.class)
        .extracting(e -> ((ProposalRejectedException) e).reason())
        .isEqualTo(ProposalRejectedException.Reason.BUFFER_FULL);
    n.append(3L);
    long leader = c.awaitLeader(200);
    for (long p : c.pids()) {
      c.tickUntil(() -> c.decidedValues(p).size() == 3, 100);
    }
    assertThat(c.decidedValues(leader)).as("none of the rejected pair was taken").containsExactly(1L, 2L, 3L);
    c.checkSafety();
  }

  @Test
  void rejectedOnceTheConfigurationIsSealed() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(200);
    c.node(leader).reconfigure(new ClusterConfig(2, List.of(1L, 2L, 3L), Optional.empty()), Optional.empty());
    c.tickUntil(() -> c.node(leader).decidedStopSign().isPresent(), 100);
    assertThatThrownBy(() -> c.node(leader).appendAll(List.of(9L)))
        .isInstanceOf(ProposalRejectedException.class);
    assertThatThrownBy(() -> c.node(leader).appendAll(java.util.Arrays.asList(1L, null)))
        .isInstanceOf(NullPointerException.class);
  }
}
