package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code snapshot_test} and {@code double_snapshot_test}: three nodes decide 2000
 * values, the leader snapshots the prefix on every node, and every node then reads the prefix as one
 * {@link LogEntry.Snapshotted} whose content is exactly the compacted values (upstream compared only
 * the latest value), and the rest as decided entries.
 */
class SnapshotTest {

  private static final int PROPOSALS = 2000;
  private static final int WAIT_TICKS = 150;

  private static void assertSnapshottedEverywhere(TestCluster c, long idx) {
    LogEntry<Long, List<Long>> snapshotted = new LogEntry.Snapshotted<>(idx, TestCluster.range(0, idx));
    for (long p : c.pids()) {
      OmniPaxos<Long, List<Long>> n = c.node(p);
      assertThat(n.compactedIdx()).as("node %d compacted index", p).isEqualTo(idx);
      for (long i = 0; i < PROPOSALS; i++) {
        LogEntry<Long, List<Long>> expected = i < idx ? snapshotted : new LogEntry.Decided<>(i);
        assertThat(n.read(i)).as("node %d read(%d)", p, i).contains(expected);
      }
      List<LogEntry<Long, List<Long>>> suffix = n.readDecidedSuffix(0);
      assertThat(suffix).hasSize(PROPOSALS - (int) idx + 1);
      assertThat(suffix.get(0)).isEqualTo(snapshotted);
      assertThat(c.decidedValues(p)).isEqualTo(TestCluster.range(0, PROPOSALS));
    }
  }

  @Test
  void snapshotCompactsThePrefixOnEveryNode() {
    TestCluster c = TrimTest.decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    c.node(leader).snapshot(OptionalLong.of(1000), false);
    c.tick(WAIT_TICKS);
    assertSnapshottedEverywhere(c, 1000);
  }

  @Test
  void secondSnapshotMergesOntoTheFirst() {
    TestCluster c = TrimTest.decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    c.node(leader).snapshot(OptionalLong.of(1000), false);
    c.tick(WAIT_TICKS);
    c.node(leader).snapshot(OptionalLong.of(1010), false);
    c.tick(WAIT_TICKS);
    assertSnapshottedEverywhere(c, 1010);
  }

  @Test
  void snapshotRequestedByAFollowerCompactsEveryNode() {
    TestCluster c = TrimTest.decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.node(follower).snapshot(OptionalLong.of(1000), false);
    c.tick(WAIT_TICKS);
    assertSnapshottedEverywhere(c, 1000);
  }

  @Test
  void snapshotWithoutSnapshotSupportIsRefused() {
    TestCluster c = TestCluster.builder(3).snapshots(Snapshotter.disabled()).build();
    long leader = c.awaitLeader(WAIT_TICKS);
    c.proposeAndDecide(leader, TestCluster.range(0, 100), WAIT_TICKS);
    assertThatThrownBy(() -> c.node(leader).snapshot(OptionalLong.of(50), false))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.SNAPSHOTS_DISABLED));
    assertThatThrownBy(() -> c.node(leader).snapshot(OptionalLong.empty(), true))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.SNAPSHOTS_DISABLED));
    c.tick(2);
    for (long p : c.pids()) {
      assertThat(c.node(p).compactedIdx()).isZero();
      assertThat(c.decidedValues(p)).isEqualTo(TestCluster.range(0, 100));
    }
    // Trimming is still available.
    c.node(leader).trim(OptionalLong.of(50));
    c.tick(2);
    for (long p : c.pids()) {
      assertThat(c.node(p).read(10)).contains(new LogEntry.Trimmed<>(50));
    }
  }

  @Test
  void snapshotOfUndecidedOrTrimmedPositionsIsRefused() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(WAIT_TICKS);
    c.proposeAndDecide(leader, TestCluster.range(0, 100), WAIT_TICKS);
    assertThatThrownBy(() -> c.node(leader).snapshot(OptionalLong.of(101), false))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.UNDECIDED_INDEX));
    c.node(leader).snapshot(OptionalLong.of(60), true);
    assertThatThrownBy(() -> c.node(leader).snapshot(OptionalLong.of(50), true))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.TRIMMED_INDEX));
    assertThat(c.node(leader).read(0)).contains(new LogEntry.Snapshotted<>(60, TestCluster.range(0, 60)));
  }

  @Test
  void installedSnapshotCompactsThisNodeOnlyWithoutReplay() {
    TestCluster c = TrimTest.decidedCluster();
    long leader = c.agreedLeader().getAsLong();
    // The application's own copy of its state at 1000, built elsewhere: the node stores it as given.
    List<Long> state = TestCluster.range(0, 1000);
    c.node(leader).installSnapshot(1000, state);
    c.tick(WAIT_TICKS);
    OmniPaxos<Long, List<Long>> n = c.node(leader);
    assertThat(n.compactedIdx()).isEqualTo(1000);
    assertThat(n.read(5)).contains(new LogEntry.Snapshotted<>(1000, state));
    assertThat(n.read(1000)).contains(new LogEntry.Decided<>(1000L));
    for (long p : c.pids()) {
      if (p != leader) {
        assertThat(c.node(p).compactedIdx()).as("node %d", p).isZero();
      }
    }
    // Already compacted that far: nothing happens; below it, or undecided: refused.
    n.installSnapshot(1000, List.of());
    assertThat(n.read(5)).contains(new LogEntry.Snapshotted<>(1000, state));
    assertThatThrownBy(() -> n.installSnapshot(999, state))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.TRIMMED_INDEX));
    assertThatThrownBy(() -> n.installSnapshot(PROPOSALS + 1, state))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.UNDECIDED_INDEX));
    // A later ordinary snapshot extends the installed one.
    n.snapshot(OptionalLong.of(1500), true);
    assertThat(n.read(5)).contains(new LogEntry.Snapshotted<>(1500, TestCluster.range(0, 1500)));
  }

  @Test
  void installWithoutSnapshotSupportIsRefused() {
    TestCluster c = TestCluster.builder(3).snapshots(Snapshotter.disabled()).build();
    long leader = c.awaitLeader(WAIT_TICKS);
    c.proposeAndDecide(leader, TestCluster.range(0, 10), WAIT_TICKS);
    assertThatThrownBy(() -> c.node(leader).installSnapshot(5, List.of()))
        .isInstanceOfSatisfying(CompactionException.class,
            e -> assertThat(e.reason()).isEqualTo(CompactionException.Reason.SNAPSHOTS_DISABLED));
  }
}
