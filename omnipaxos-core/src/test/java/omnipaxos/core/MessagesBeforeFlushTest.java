package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OmniPaxos#messagesBeforeFlush()}: a leader's AcceptDecide may leave before its own log write
 * is durable, and the leader then counts itself towards a write quorum only once
 * {@link OmniPaxos#outgoingMessages()} has flushed.
 */
class MessagesBeforeFlushTest {

  private TestCluster c;
  private long leader;
  private List<Long> followers;

  @BeforeEach
  void establishLeader() {
    c = TestCluster.of(3);
    leader = c.awaitLeader(200);
    c.proposeAndDecide(leader, List.of(1L), 100);
    followers = c.pids().stream().filter(p -> p != leader).toList();
  }

  private static List<Class<?>> kinds(List<Message<Long, List<Long>>> ms) {
    List<Class<?>> out = new ArrayList<>();
    for (Message<Long, List<Long>> m : ms) {
      out.add(((Message.Paxos<Long, List<Long>>) m).message().getClass());
    }
    return out;
  }

  /** Hands {@code ms} to their receivers and returns what they send back (after their own flush). */
  private List<Message<Long, List<Long>>> deliverAndAnswer(List<Message<Long, List<Long>>> ms, long... receivers) {
    c.deliver(ms.stream().filter(m -> contains(receivers, m.to())).toList());
    List<Message<Long, List<Long>>> answers = new ArrayList<>();
    for (long r : receivers) {
      answers.addAll(c.node(r).outgoingMessages());
    }
    return answers;
  }

  private static boolean contains(long[] xs, long x) {
    for (long v : xs) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theLeaderCountsItselfOnlyAfterItsFlush() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    long decided = l.decidedIdx();
    l.append(2L);
    List<Message<Long, List<Long>>> early = l.messagesBeforeFlush();
    assertThat(kinds(early)).containsOnly(PaxosMessage.AcceptDecide.class).hasSize(2);
    c.deliver(deliverAndAnswer(early, followers.get(0)));
    assertThat(l.decidedIdx()).as("one follower and a leader whose write is not durable are no quorum")
        .isEqualTo(decided);
    List<Message<Long, List<Long>>> afterFlush = l.outgoingMessages();
    assertThat(l.decidedIdx()).as("the flush makes the leader count itself").isEqualTo(decided + 1);
    assertThat(kinds(afterFlush)).contains(PaxosMessage.Decide.class).doesNotContain(PaxosMessage.AcceptDecide.class);
    c.deliver(afterFlush);
    c.deliverAll();
    c.checkSafety();
    assertThat(c.decidedValues(followers.get(1))).containsExactly(1L, 2L);
  }

  @Test
  void twoFollowersDecideWithoutTheLeadersFlush() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    long decided = l.decidedIdx();
    l.append(2L);
    c.deliver(deliverAndAnswer(l.messagesBeforeFlush(), followers.get(0), followers.get(1)));
    assertThat(l.decidedIdx()).isEqualTo(decided + 1);
    c.deliverAll();
    c.checkSafety();
  }

  @Test
  void aFollowerWithAnEarlierMessageQueuedGetsNothingBeforeTheFlush() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    long resyncing = followers.get(1);
    // The follower asks to be prepared again and promises; its AcceptSync is queued but not sent.
    l.handle(new Message.Paxos<>(new PaxosMessage.PrepareReq<>(resyncing, leader, l.promise())));
    c.deliver(deliverAndAnswer(l.outgoingMessages(), resyncing));
    l.append(2L);
    List<Message<Long, List<Long>>> early = l.messagesBeforeFlush();
    assertThat(early).extracting(Message::to).containsExactly(followers.get(0));
    List<Message<Long, List<Long>>> rest = l.outgoingMessages();
    assertThat(kinds(rest.stream().filter(m -> m.to() == resyncing).toList()))
        .containsExactly(PaxosMessage.AcceptSync.class, PaxosMessage.AcceptDecide.class);
    c.deliver(early);
    c.deliver(rest);
    c.deliverAll();
    c.checkSafety();
    assertThat(c.decidedValues(resyncing)).containsExactly(1L, 2L);
  }

  @Test
  void aFollowerSendsNothingBeforeItsFlush() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    l.append(2L);
    c.deliver(l.messagesBeforeFlush());
    for (long f : followers) {
      assertThat(c.node(f).messagesBeforeFlush()).isEmpty();
    }
    c.deliverAll();
    c.checkSafety();
  }

  @Test
  void aDecideAndEntriesAppendedInTheSameBatchLeaveAsOneAcceptDecide() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    long decided = l.decidedIdx();
    l.append(2L);
    List<Message<Long, List<Long>>> answers = deliverAndAnswer(l.outgoingMessages(), followers.get(0),
        followers.get(1));
    // One batch of events: the Accepteds decide entry 2, then entry 3 is appended.
    c.deliver(answers);
    assertThat(l.decidedIdx()).isEqualTo(decided + 1);
    l.append(3L);
    List<Message<Long, List<Long>>> out = l.messagesBeforeFlush();
    assertThat(kinds(out)).as("the decided index rides with the new entry: no separate Decide")
        .containsExactly(PaxosMessage.AcceptDecide.class, PaxosMessage.AcceptDecide.class);
    for (Message<Long, List<Long>> m : out) {
      PaxosMessage.AcceptDecide<Long, List<Long>> ad =
          (PaxosMessage.AcceptDecide<Long, List<Long>>) ((Message.Paxos<Long, List<Long>>) m).message();
      assertThat(ad.entries()).containsExactly(3L);
      assertThat(ad.decidedIdx()).isEqualTo(decided + 1);
    }
    c.deliver(out);
    assertThat(c.node(followers.get(0)).decidedIdx()).isEqualTo(decided + 1);
    c.deliverAll();
    c.checkSafety();
    for (long f : followers) {
      assertThat(c.decidedValues(f)).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void aDecideWithoutNewEntriesStillLeavesAsADecide() {
    OmniPaxos<Long, List<Long>> l = c.node(leader);
    l.append(2L);
    c.deliver(deliverAndAnswer(l.outgoingMessages(), followers.get(0), followers.get(1)));
    assertThat(kinds(l.messagesBeforeFlush()))
        .containsExactly(PaxosMessage.Decide.class, PaxosMessage.Decide.class);
  }
}
