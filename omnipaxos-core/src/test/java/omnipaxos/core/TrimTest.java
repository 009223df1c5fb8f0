package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code trim_test}, {@code double_trim_test} and the trim sample of
 * {@code docs_integration}: three nodes decide 2000 values, the leader trims, and every node then
 * reads the trimmed prefix as one {@link LogEntry.Trimmed} and the rest as decided entries.
 */
class TrimTest {

  private static final int PROPOSALS = 2000;
  /** Upstream sleeps and waits 3 s with 200 ms election timeouts. */
  private static final int WAIT_TICKS = 150;

  /** Three nodes that decided {@code 0..PROPOSALS} everywhere. @return the cluster; its leader is agreed */
  static TestCluster decidedCluster() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(WAIT_TICKS);
    for (long v = 0; v < PROPOSALS; v++) {
      c.node(leader).append(v);
    }
    c.tickUntil(() -> c.pids().stream().allMatch(p -> c.node(p).decidedIdx() == PROPOSALS), WAIT_TICKS);
    c.tick(ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT);
    assertThat(c.agreedLeader()).hasValue(leader);
    for (long p : c.pids()) {
      assertThat(c.decidedValues(p)).isEqualTo(TestCluster.range(0, PROPOSALS));
    }
    return c;
  }

  private static void assertTrimmedEverywhere(TestCluster c, long trimIdx) {
    for (long p : c.pids()) {
      OmniPaxos<Long, List<Long>> n = c.node(p);
      assertThat(n.compactedIdx()).as("node %d compacted index", p).isEqualTo(trimIdx);
      for (long i = 0; i < PROPOSALS; i++) {
        LogEntry<Long, List<Long>> expected = i < trimIdx ? new LogEntry.Trimmed<>(trimIdx) : new LogEntry.Decided<>(i);
        assertThat(n.read(i)).as("node %d read(%d)", p, i).contains(expected);
      }
      assertThat(n.read(PROPOSALS)).isEmpty();
      List<LogEntry<Long, List<Long>>> suffix = n.readDecidedSuffix(0);
      assertThat(suffix).hasSize(PROPOSALS - (int) trimIdx + 1);
      assertThat(suffix.get(0)).isEqualTo(new LogEntry.Trimmed<>(trimIdx));
    }
  }

  @Test
  void trimCompactsThePrefixOnEveryNode() {
    TestCluster c = decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    c.node(leader).trim(OptionalLong.of(1000));
    c.tick(WAIT_TICKS);
    assertTrimmedEverywhere(c, 1000);
  }

  @Test
  void secondTrimExtendsTheFirst() {
    TestCluster c = decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    c.node(leader).trim(OptionalLong.of(1000));
    c.node(leader).trim(OptionalLong.of(1010));
    c.tick(WAIT_TICKS);
    assertTrimmedEverywhere(c, 1010);
  }

  @Test
  void trimAtAFollowerIsRefused() {
    TestCluster c = decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    assertThatThrownBy(() -> c.node(follower).trim(OptionalLong.of(100)))
        .isInstanceOfSatisfying(CompactionException.class, e -> {
          assertThat(e.reason()).isEqualTo(CompactionException.Reason.NOT_CURRENT_LEADER);
          assertThat(e.index()).isEqualTo(leader);
        });
    assertThat(c.node(follower).compactedIdx()).isZero();
    assertThat(c.node(follower).readDecidedSuffix(0)).hasSize(PROPOSALS);
  }

  @Test
  void trimAtAFreshNodeIsRefusedWithoutLeader() {
    TestCluster c = TestCluster.of(3);
    assertThatThrownBy(() -> c.node(1).trim(OptionalLong.of(100)))
        .isInstanceOfSatisfying(CompactionException.class, e -> {
          assertThat(e.reason()).isEqualTo(CompactionException.Reason.NOT_CURRENT_LEADER);
          assertThat(e.index()).isZero();
        });
  }

  @Test
  void trimBeyondWhatACrashedFollowerAcceptedIsRefused() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(WAIT_TICKS);
    c.proposeAndDecide(leader, TestCluster.range(0, 100), WAIT_TICKS);
    c.tick(2);
    long crashed = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    assertThat(c.node(crashed).acceptedIdx()).isEqualTo(100);
    c.crash(crashed);
    c.proposeAndDecide(leader, TestCluster.range(100, 200), WAIT_TICKS);
    assertThat(c.node(leader).decidedIdx()).isEqualTo(200);

    assertThatThrownBy(() -> c.node(leader).trim(OptionalLong.of(150)))
        .isInstanceOfSatisfying(CompactionException.class, e -> {
          assertThat(e.reason()).isEqualTo(CompactionException.Reason.NOT_ALL_DECIDED);
          assertThat(e.index()).isEqualTo(100);
        });
    assertThat(c.node(leader).compactedIdx()).isZero();

    // Without an index the leader trims up to what every node accepted; the crashed node catches up
    // after its restart from its own untrimmed prefix.
    c.node(leader).trim(OptionalLong.empty());
    c.tick(2);
    assertThat(c.node(leader).compactedIdx()).isEqualTo(100);
    c.restart(crashed);
    c.tickUntil(() -> c.node(crashed).decidedIdx() == 200, WAIT_TICKS);
    List<Long> values = c.decidedValues(crashed);
    assertThat(values.subList(100, 200)).isEqualTo(TestCluster.range(100, 200));
  }

  @Test
  void trimAfterASnapshotDropsTheStaleSnapshot() {
    TestCluster c = decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    c.node(leader).snapshot(OptionalLong.of(100), false);
    c.tick(2);
    c.node(leader).trim(OptionalLong.of(200));
    c.tick(2);
    for (long p : c.pids()) {
      assertThat(c.node(p).read(150)).as("node %d", p).contains(new LogEntry.Trimmed<>(200));
      assertThat(c.node(p).read(50)).as("node %d", p).contains(new LogEntry.Trimmed<>(200));
      assertThat(c.node(p).read(200)).as("node %d", p).contains(new LogEntry.Decided<>(200L));
    }
  }
}
