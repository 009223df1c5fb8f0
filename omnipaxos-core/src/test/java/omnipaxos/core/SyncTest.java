package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code sync_test}: a leader is cut off with a log of its own, a new leader builds
 * a different log (decided and undecided parts, local snapshots, stop signs), and once the old leader
 * reconnects its decided log must become exactly the new leader's log, stop sign last.
 */
class SyncTest {

  /** Upstream waits 8 s with 200 ms election timeouts. */
  private static final int SYNC_TICKS = 400;
  private static final int WAIT_TICKS = 150;
  private static final StopSign STOP_SIGN = new StopSign(ClusterConfig.of(2, List.of(1L, 2L, 3L)), Optional.empty());

  /**
   * How the two logs are built.
   *
   * @param followerDecided decided by every node under the first leader (the later "follower")
   * @param followerSnapshot the first leader's local snapshot index once cut off, if any
   * @param followerUndecided appended by the first leader while cut off (never decided)
   * @param leaderDecided decided by the new leader and the third node
   * @param decidedStopSign whether the new leader also decides a stop sign
   * @param leaderSnapshot the new leader's local snapshot index once the third node stopped, if any
   * @param leaderUndecided appended by the new leader once the third node stopped
   * @param undecidedStopSign whether the new leader then proposes a stop sign it cannot decide alone
   */
  record Scenario(List<Long> followerDecided, OptionalLong followerSnapshot, List<Long> followerUndecided,
      List<Long> leaderDecided, boolean decidedStopSign, OptionalLong leaderSnapshot, List<Long> leaderUndecided,
      boolean undecidedStopSign) {

    /** The new leader's whole log, as {@link #flatten} shows it, the stop sign last. */
    List<Object> expectedLog() {
      List<Object> out = new ArrayList<>(followerDecided);
      out.addAll(leaderDecided);
      out.addAll(leaderUndecided);
      if (decidedStopSign || undecidedStopSign) {
        out.add(STOP_SIGN);
      }
      return out;
    }
  }

  /** A log read as a flat list: snapshots expanded to their values, a stop sign as itself. */
  private static List<Object> flatten(List<LogEntry<Long, List<Long>>> entries) {
    List<Object> out = new ArrayList<>();
    for (LogEntry<Long, List<Long>> e : entries) {
      if (e instanceof LogEntry.Decided<Long, List<Long>> d) {
        out.add(d.entry());
      } else if (e instanceof LogEntry.Undecided<Long, List<Long>> u) {
        out.add(u.entry());
      } else if (e instanceof LogEntry.Snapshotted<Long, List<Long>> s) {
        out.addAll(s.snapshot());
      } else if (e instanceof LogEntry.StopSignEntry<Long, List<Long>> ss) {
        out.add(ss.stopSign());
      } else {
        throw new AssertionError("unexpected trimmed prefix " + e);
      }
    }
    return out;
  }

  private static void run(Scenario s) {
    TestCluster c = TestCluster.of(3);
    long follower = c.awaitLeader(WAIT_TICKS);
    for (long v : s.followerDecided()) {
      c.node(follower).append(v);
    }
    c.tickUntil(() -> c.pids().stream().allMatch(p -> c.node(p).decidedIdx() == s.followerDecided().size()),
        WAIT_TICKS);

    // The first leader is cut off; it still leads in its own view and accepts entries alone.
    c.isolate(follower);
    s.followerSnapshot().ifPresent(idx -> c.node(follower).snapshot(OptionalLong.of(idx), true));
    for (long v : s.followerUndecided()) {
      c.node(follower).append(v);
    }
    long followerDecidedIdx = s.followerDecided().size();
    List<Object> followerLog = new ArrayList<>(s.followerDecided());
    followerLog.addAll(s.followerUndecided());
    assertThat(flatten(c.node(follower).readEntries(0))).isEqualTo(followerLog);
    assertThat(c.node(follower).compactedIdx()).isEqualTo(s.followerSnapshot().orElse(0));

    List<Long> others = c.pids().stream().filter(p -> p != follower).toList();
    c.tickUntil(() -> c.agreedLeader(others).isPresent() && others.contains(c.agreedLeader(others).getAsLong()),
        WAIT_TICKS);
    long leader = c.agreedLeader(others).getAsLong();
    long third = others.stream().filter(p -> p != leader).findFirst().orElseThrow();
    for (long v : s.leaderDecided()) {
      c.node(leader).append(v);
    }
    long leaderDecidedIdx = s.followerDecided().size() + s.leaderDecided().size();
    c.tickUntil(() -> c.node(leader).decidedIdx() == leaderDecidedIdx, WAIT_TICKS);
    if (s.decidedStopSign()) {
      c.node(leader).reconfigure(STOP_SIGN.nextConfig(), Optional.empty());
      c.tickUntil(() -> c.node(leader).decidedStopSign().isPresent(), WAIT_TICKS);
    }

    // The third node stops: what the leader accepts from now on stays undecided.
    c.pause(third);
    s.leaderSnapshot().ifPresent(idx -> c.node(leader).snapshot(OptionalLong.of(idx), true));
    for (long v : s.leaderUndecided()) {
      c.node(leader).append(v);
    }
    if (s.undecidedStopSign()) {
      c.node(leader).reconfigure(STOP_SIGN.nextConfig(), Optional.empty());
    }
    c.tick(WAIT_TICKS);
    assertThat(c.node(leader).compactedIdx()).isEqualTo(s.leaderSnapshot().orElse(0));
    long decidedBeforeReconnect = c.node(leader).decidedIdx();
    assertThat(decidedBeforeReconnect).isEqualTo(leaderDecidedIdx + (s.decidedStopSign() ? 1 : 0));
    assertThat(c.node(follower).decidedIdx()).isEqualTo(followerDecidedIdx);
    List<Object> expected = s.expectedLog();
    assertThat(flatten(c.node(leader).readEntries(0))).isEqualTo(expected);

    c.reconnect(follower);
    c.tickUntil(() -> c.node(follower).decidedIdx() == expected.size()
        && c.node(leader).decidedIdx() == expected.size(), SYNC_TICKS);

    assertThat(c.node(follower).acceptedIdx()).isEqualTo(expected.size());
    assertThat(flatten(c.node(follower).readDecidedSuffix(0))).isEqualTo(expected);
    assertThat(flatten(c.node(leader).readDecidedSuffix(0))).isEqualTo(expected);
    assertThat(c.node(follower).readEntries(0)).noneMatch(e -> e instanceof LogEntry.Undecided);
    if (s.decidedStopSign() || s.undecidedStopSign()) {
      assertThat(c.node(follower).decidedStopSign()).contains(STOP_SIGN);
      assertThat(c.node(leader).decidedStopSign()).contains(STOP_SIGN);
    } else {
      assertThat(c.node(follower).decidedStopSign()).isEmpty();
    }
  }

  private static List<Long> ids(long... ids) {
    List<Long> out = new ArrayList<>();
    for (long id : ids) {
      out.add(id);
    }
    return out;
  }

  @Test
  void syncFull() {
    // leader [1,2,3,4,5,10,11,12] decided 5, compacted 2, undecided stop sign; follower [1,2,3,6,7,8,9] decided 3
    run(new Scenario(ids(1, 2, 3), OptionalLong.empty(), ids(6, 7, 8, 9),
        ids(4, 5), false, OptionalLong.of(2), ids(10, 11, 12), true));
  }

  @Test
  void syncDecidedStopSign() {
    // leader [1..5] and a decided stop sign; follower [1,2,3,6,7] decided 3
    run(new Scenario(ids(1, 2, 3), OptionalLong.empty(), ids(6, 7),
        ids(4, 5), true, OptionalLong.empty(), ids(), false));
  }

  @Test
  void syncOnlyStopSign() {
    // leader: empty log and a decided stop sign; follower empty
    run(new Scenario(ids(), OptionalLong.empty(), ids(),
        ids(), true, OptionalLong.empty(), ids(), false));
  }

  @Test
  void syncOnlySnapshot() {
    // leader [1,2,3] decided and compacted into a snapshot; follower empty
    run(new Scenario(ids(), OptionalLong.empty(), ids(),
        ids(1, 2, 3), false, OptionalLong.of(3), ids(), false));
  }

  @Test
  void syncFollowerSnapshot() {
    // leader [1..5] decided 5; follower [1,2,3,4] decided 4 with a local snapshot at 3
    run(new Scenario(ids(1, 2, 3, 4), OptionalLong.of(3), ids(),
        ids(5), false, OptionalLong.empty(), ids(), false));
  }

  @Test
  void syncBothSnapshotted() {
    // not upstream: leader [1..7] decided 6 and compacted at 6; follower [1,2,3,4] decided 4 with a local snapshot at 3
    run(new Scenario(ids(1, 2, 3, 4), OptionalLong.of(3), ids(),
        ids(5, 6), false, OptionalLong.of(6), ids(7), false));
  }
}
