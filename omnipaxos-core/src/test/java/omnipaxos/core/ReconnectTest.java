package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.AcceptStopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.SequenceNumber;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code reconnect_test}: 5 nodes; messages to or from one follower are lost over
 * one-way link cuts or while a node is paused, and the follower must still end up with the decided
 * log. One upstream second (5 election timeouts) is 50 ticks; the resend timeout is 20 ticks.
 */
class ReconnectTest {

  private static final int SECOND = 50;
  private static final int WAIT = 150;

  private static final List<Long> INITIAL = TestCluster.range(0, 5);
  private static final List<Long> DROPPED = TestCluster.range(5, 10);
  private static final List<Long> SECOND_BATCH = TestCluster.range(10, 15);

  @Test
  void acceptPhaseMessagesToAFollowerCarryIncreasingSequenceNumbers() {
    TestCluster c = TestCluster.of(5);
    List<PaxosMessage<Long, List<Long>>> seen = new ArrayList<>();
    c.dropWhere(m -> {
      if (m instanceof Message.Paxos<Long, List<Long>> p && seq(p.message()).isPresent()) {
        seen.add(p.message());
      }
      return false;
    });
    long leader = c.awaitLeader(WAIT);
    c.proposeAndDecide(1, INITIAL, WAIT);
    // Let one resend timeout pass after the decision, so that its Decide resend has happened.
    c.tick(ServerConfig.DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();

    List<PaxosMessage<Long, List<Long>>> toFollower = new ArrayList<>();
    for (PaxosMessage<Long, List<Long>> m : seen) {
      if (m.from() == leader && m.to() == follower) {
        toFollower.add(m);
      }
    }
    for (long v : DROPPED) {
      c.node(leader).append(v);
      for (Message<Long, List<Long>> m : c.collect()) {
        if (m instanceof Message.Paxos<Long, List<Long>> p && p.to() == follower && seq(p.message()).isPresent()) {
          toFollower.add(p.message());
        }
      }
    }

    // Our numbering, one session (the follower was prepared once) with the counter starting at 1:
    // 1 AcceptSync opening the session; 2 one AcceptDecide with the five forwarded entries 0..4 (they
    // reach the leader in one delivery round and are coalesced into one queued message); 3 the Decide
    // sent when a write quorum accepted them; 4 the Decide resent by the next resend timeout because
    // the decided index moved since the last resend; 5..9 one AcceptDecide per entry 5..9, each drained
    // before the next append and never delivered, so each carries the unchanged decided index 5.
    assertThat(toFollower).extracting(m -> seq(m).orElseThrow())
        .containsExactly(seqs(1, 9).toArray(new SequenceNumber[0]));
    assertThat(toFollower.get(0)).isInstanceOf(AcceptSync.class);
    assertThat(toFollower.get(1)).isInstanceOfSatisfying(AcceptDecide.class,
        a -> assertThat(a.entries()).isEqualTo(INITIAL));
    assertThat(toFollower.get(2)).isInstanceOfSatisfying(Decide.class, d -> assertThat(d.decidedIdx()).isEqualTo(5));
    assertThat(toFollower.get(3)).isInstanceOfSatisfying(Decide.class, d -> assertThat(d.decidedIdx()).isEqualTo(5));
    for (int i = 0; i < DROPPED.size(); i++) {
      long value = DROPPED.get(i);
      assertThat(toFollower.get(4 + i)).isInstanceOfSatisfying(AcceptDecide.class, a -> {
        assertThat(a.entries()).containsExactly(value);
        assertThat(a.decidedIdx()).isEqualTo(5);
      });
    }
  }

  @Test
  void reconnectAfterDroppedAccepts() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);

    c.cut(leader, follower);
    c.proposeAndDecide(leader, DROPPED, WAIT);
    c.restore(leader, follower);
    // The next AcceptDecide skips sequence numbers: the follower asks to be prepared and is resynced.
    c.proposeAndDecide(leader, SECOND_BATCH, WAIT);

    awaitDecidedLog(c, follower, TestCluster.range(0, 15));
  }

  @Test
  void reconnectAfterDroppedPrepare() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);

    // The new leader's Prepare to the follower is lost; it is resent until the follower promises.
    newLeaderDecidesWhileOneWayCut(c, leader, follower, true);
    awaitDecidedLog(c, follower, TestCluster.range(0, 10));
  }

  @Test
  void reconnectAfterDroppedPromise() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);

    // The follower's Promise is lost; it resends it until the leader gets it.
    newLeaderDecidesWhileOneWayCut(c, leader, follower, false);
    awaitDecidedLog(c, follower, TestCluster.range(0, 10));
  }

  @Test
  void reconnectAfterDroppedPrepareReq() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);

    c.cut(leader, follower);
    c.proposeAndDecide(leader, DROPPED, WAIT);
    c.restore(leader, follower);
    c.cut(follower, leader);
    // The follower detects the gap, but its PrepareReq to the leader is lost.
    c.proposeAndDecide(leader, SECOND_BATCH, WAIT);
    c.restore(follower, leader);

    awaitDecidedLog(c, follower, TestCluster.range(0, 15));
  }

  @Test
  void resyncAfterDroppedAcceptStopSign() {
    TestCluster c = TestCluster.of(5);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);
    ClusterConfig next = ClusterConfig.of(2, List.of(1L, 2L));
    StopSign ss = new StopSign(next, Optional.empty());

    c.cut(leader, follower);
    c.node(leader).reconfigure(next, Optional.empty());
    c.tick(SECOND);
    assertThat(c.node(leader).decidedStopSign()).contains(ss);
    assertThat(c.node(follower).decidedStopSign()).isEmpty();

    c.forceLeader(follower, WAIT);
    c.tickUntil(() -> c.node(follower).decidedStopSign().isPresent(), WAIT);
    assertThat(c.awaitLeader(WAIT)).isEqualTo(follower);
    assertThat(c.node(follower).decidedStopSign()).contains(ss);
    assertThat(c.node(follower).readDecidedSuffix(0)).containsExactly(new LogEntry.StopSignEntry<>(ss, true));
  }

  @Test
  void reconnectAfterDroppedAcceptStopSign() {
    TestCluster c = TestCluster.of(5);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);
    for (long p : c.pids()) {
      if (p != leader && p != follower) {
        c.crash(p);
      }
    }
    ClusterConfig next = ClusterConfig.of(2, List.of(1L, 2L));
    StopSign ss = new StopSign(next, Optional.of(new byte[] {1, 2, 3}));

    // Two live nodes are below the write quorum of 3: the stop sign can be accepted but never decided.
    c.cut(leader, follower);
    c.node(leader).reconfigure(next, Optional.of(new byte[] {1, 2, 3}));
    c.tick(SECOND);
    assertThat(c.node(follower).readEntries(0, 1)).isEmpty();
    c.restore(leader, follower);
    c.tick(SECOND);

    assertThat(c.node(follower).readEntries(0, 1)).containsExactly(new LogEntry.StopSignEntry<>(ss, false));
    assertThat(c.node(leader).decidedStopSign()).isEmpty();
  }

  @Test
  void reconnectAfterDroppedDecideStopSign() {
    TestCluster c = TestCluster.of(5);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);
    ClusterConfig next = ClusterConfig.of(2, List.of(1L, 2L));
    StopSign ss = new StopSign(next, Optional.empty());

    for (long p : c.pids()) {
      if (p != follower) {
        c.cut(p, follower);
      }
    }
    c.node(leader).reconfigure(next, Optional.empty());
    c.tick(SECOND);
    assertThat(c.node(leader).decidedStopSign()).contains(ss);
    assertThat(c.node(follower).decidedStopSign()).isEmpty();

    c.restore(leader, follower);
    c.tick(SECOND);
    assertThat(c.node(follower).decidedStopSign()).contains(ss);
  }

  @Test
  void lostAcceptDecideOnAnIdleClusterIsRepaired() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);
    // Lose the AcceptDecide and the Decide that follows it: the follower sees no sequence gap.
    AtomicBoolean dropping = new AtomicBoolean(true);
    AtomicInteger lost = new AtomicInteger();
    c.dropWhere(m -> dropping.get() && m.to() == follower && m instanceof Message.Paxos<Long, List<Long>> p
        && (p.message() instanceof AcceptDecide || p.message() instanceof Decide) && lost.incrementAndGet() > 0);

    c.proposeAndDecide(leader, List.of(5L), WAIT);
    dropping.set(false);
    assertThat(lost).hasValue(2);
    assertThat(c.node(follower).acceptedIdx()).isEqualTo(5);
    // Nothing else is proposed: the leader notices the follower lagging without progress for a resend
    // period and prepares it again.
    awaitDecidedLog(c, follower, TestCluster.range(0, 6));
  }

  @Test
  void lostDecideOnAnIdleClusterIsRepaired() {
    TestCluster c = TestCluster.of(5);
    c.proposeAndDecide(2, INITIAL, WAIT);
    long leader = c.awaitLeader(WAIT);
    long follower = lowestOtherThan(c, leader);
    AtomicInteger lost = new AtomicInteger();
    c.dropWhere(m -> m.to() == follower && m instanceof Message.Paxos<Long, List<Long>> p
        && p.message() instanceof Decide && lost.getAndIncrement() == 0);

    c.proposeAndDecide(leader, List.of(5L), WAIT);
    assertThat(lost).hasValue(1);
    assertThat(c.node(follower).acceptedIdx()).isEqualTo(6);
    assertThat(c.decidedValues(follower)).isEqualTo(INITIAL);
    // The follower is caught up, so only the decided index is missing: the next resend timeout sends it.
    int ticks = c.tickUntil(() -> c.decidedValues(follower).equals(TestCluster.range(0, 6)), WAIT);
    assertThat(ticks).isLessThanOrEqualTo(ServerConfig.DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT);
  }

  // ---- helpers ----

  /** The sequence number of an accept-phase message from the leader, if it carries one. */
  private static Optional<SequenceNumber> seq(PaxosMessage<Long, List<Long>> m) {
    if (m instanceof AcceptSync<Long, List<Long>> a) {
      return Optional.of(a.seqNum());
    } else if (m instanceof AcceptDecide<Long, List<Long>> a) {
      return Optional.of(a.seqNum());
    } else if (m instanceof Decide<Long, List<Long>> d) {
      return Optional.of(d.seqNum());
    } else if (m instanceof AcceptStopSign<Long, List<Long>> a) {
      return Optional.of(a.seqNum());
    }
    return Optional.empty();
  }

  private static List<SequenceNumber> seqs(long fromCounter, long toCounter) {
    List<SequenceNumber> out = new ArrayList<>();
    for (long i = fromCounter; i <= toCounter; i++) {
      out.add(new SequenceNumber(1, i));
    }
    return out;
  }

  private static long lowestOtherThan(TestCluster c, long pid) {
    return c.pids().stream().filter(p -> p != pid).findFirst().orElseThrow();
  }

  private static List<Long> othersThan(TestCluster c, long pid) {
    return c.pids().stream().filter(p -> p != pid).toList();
  }

  /** Waits (at most one upstream second) until {@code pid}'s decided log is exactly {@code expected}. */
  private static void awaitDecidedLog(TestCluster c, long pid, List<Long> expected) {
    c.tickUntil(() -> c.decidedValues(pid).equals(expected), SECOND);
    assertThat(c.decidedValues(pid)).isEqualTo(expected);
    assertThat(c.node(pid).readDecidedSuffix(0)).allMatch(e -> e instanceof LogEntry.Decided);
  }

  /**
   * Cuts every link towards the follower ({@code towardsFollower}) or from it, makes another node
   * take over from the paused leader and decide {@code DROPPED}, then restores the links.
   */
  private static void newLeaderDecidesWhileOneWayCut(TestCluster c, long leader, long follower,
      boolean towardsFollower) {
    for (long p : othersThan(c, follower)) {
      if (towardsFollower) {
        c.cut(p, follower);
      } else {
        c.cut(follower, p);
      }
    }
    c.pause(leader);
    c.tick(SECOND);
    c.resume(leader);
    long newLeader = c.awaitLeader(othersThan(c, follower), WAIT);
    assertThat(newLeader).isNotEqualTo(leader);
    c.proposeAndDecide(newLeader, DROPPED, WAIT);
    for (long p : othersThan(c, follower)) {
      if (towardsFollower) {
        c.restore(p, follower);
      } else {
        c.restore(follower, p);
      }
    }
  }
}
