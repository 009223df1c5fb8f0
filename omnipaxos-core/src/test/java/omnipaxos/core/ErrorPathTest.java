package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/** User operations that must be refused, each with a typed error. */
class ErrorPathTest {

  @Test
  void compactionOfUndecidedOrTrimmedIndexIsRefused() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 10), 50);
    c.tick(5);
    assertCompaction(() -> c.node(leader).snapshot(OptionalLong.of(11), true), CompactionException.Reason.UNDECIDED_INDEX, 10);
    assertCompaction(() -> c.node(leader).trim(OptionalLong.of(11)), CompactionException.Reason.NOT_ALL_DECIDED, 10);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    assertCompaction(() -> c.node(follower).trim(OptionalLong.of(5)), CompactionException.Reason.NOT_CURRENT_LEADER, leader);
    c.node(leader).trim(OptionalLong.of(5));
    assertCompaction(() -> c.node(leader).snapshot(OptionalLong.of(3), true), CompactionException.Reason.TRIMMED_INDEX, 5);
    // A prefix trimmed without a snapshot cannot be snapshotted any more.
    assertCompaction(() -> c.node(leader).snapshot(OptionalLong.of(8), true), CompactionException.Reason.TRIMMED_INDEX, 5);
  }

  @Test
  void snapshotWithoutSnapshotSupportIsRefused() {
    TestCluster c = TestCluster.builder(3).snapshots(Snapshotter.disabled()).build();
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 3), 50);
    assertCompaction(() -> c.node(leader).snapshot(OptionalLong.empty(), false), CompactionException.Reason.SNAPSHOTS_DISABLED, 0);
  }

  @Test
  void trimWhileAFollowerIsDownIsLimitedToWhatEveryNodeAccepted() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 10), 50);
    c.tick(5);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.crash(follower);
    c.proposeAndDecide(leader, TestCluster.range(10, 20), 50);
    assertCompaction(() -> c.node(leader).trim(OptionalLong.of(15)), CompactionException.Reason.NOT_ALL_DECIDED, 10);
    c.node(leader).trim(OptionalLong.empty());
    assertThat(c.node(leader).compactedIdx()).isEqualTo(10);
  }

  @Test
  void appendAfterTheStopSignIsRefused() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    c.proposeAndDecide(leader, TestCluster.range(0, 3), 50);
    ClusterConfig next = ClusterConfig.of(2, List.of(1L, 2L, 4L));
    c.node(leader).reconfigure(next, Optional.of(new byte[] {1}));
    assertThatThrownBy(() -> c.node(leader).append(99L))
        .isInstanceOfSatisfying(ProposalRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProposalRejectedException.Reason.RECONFIGURATION_PENDING));
    assertThatThrownBy(() -> c.node(leader).reconfigure(ClusterConfig.of(3, List.of(1L, 2L)), Optional.empty()))
        .isInstanceOf(ProposalRejectedException.class);
    c.tickUntil(() -> c.pids().stream().allMatch(p -> c.node(p).decidedStopSign().isPresent()), 50);
    for (long p : c.pids()) {
      assertThat(c.node(p).decidedStopSign().orElseThrow().nextConfig()).isEqualTo(next);
      assertThatThrownBy(() -> c.node(p).append(99L))
          .isInstanceOfSatisfying(ProposalRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(ProposalRejectedException.Reason.RECONFIGURED));
      assertThat(c.node(p).read(3).orElseThrow()).isEqualTo(new LogEntry.StopSignEntry<>(
          new StopSign(next, Optional.of(new byte[] {1})), true));
    }
  }

  @Test
  void fullProposalBufferIsRefused() {
    OmniPaxos<Long, Void> node = new OmniPaxosConfig(ClusterConfig.of(1, List.of(1L, 2L, 3L)),
        ServerConfig.builder().pid(1).bufferSize(3).build()).build(new MemoryStorage<>());
    node.append(1L);
    node.append(2L);
    node.append(3L);
    assertThatThrownBy(() -> node.append(4L))
        .isInstanceOfSatisfying(ProposalRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProposalRejectedException.Reason.BUFFER_FULL));
  }

  private static void assertCompaction(Runnable r, CompactionException.Reason reason, long index) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(CompactionException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.index()).isEqualTo(index);
    });
  }
}
