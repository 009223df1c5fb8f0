package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code reconfig_test}: a decided stop sign seals the log with the next configuration
 * and its metadata, and later proposals are refused. Plus the argument checks of {@code reconfigure}.
 */
class ReconfigTest {

  private static final int WAIT = 150;
  private static final ClusterConfig NEXT = ClusterConfig.of(2, List.of(5L, 6L, 7L));
  private static final byte[] METADATA = {(byte) 255};

  @Test
  void decidedStopSignSealsTheLog() {
    TestCluster c = TestCluster.of(5);
    List<Long> values = TestCluster.range(1, 2001);
    c.proposeAndDecide(1, values, WAIT);
    assertThat(c.decidedValues(1)).isEqualTo(values);

    StopSign ss = new StopSign(NEXT, Optional.of(METADATA));
    c.node(1).reconfigure(NEXT, Optional.of(METADATA));
    c.tickUntil(() -> c.node(1).decidedStopSign().isPresent(), WAIT);

    assertThat(c.node(1).decidedStopSign()).contains(ss);
    assertThat(c.node(1).decidedIdx()).isEqualTo(2001);
    List<LogEntry<Long, List<Long>>> log = c.node(1).readDecidedSuffix(0);
    assertThat(log).hasSize(2001);
    assertThat(log.get(2000)).isEqualTo(new LogEntry.StopSignEntry<Long, List<Long>>(ss, true));
    assertThat(((LogEntry.StopSignEntry<Long, List<Long>>) log.get(2000)).stopSign().metadata())
        .hasValueSatisfying(m -> assertThat(m).containsExactly((byte) 255));
    assertThat(c.decidedValues(1)).isEqualTo(values);

    List<Long> reconfigured = new ArrayList<>();
    for (long p : c.pids()) {
      Optional<StopSign> decided = c.node(p).decidedStopSign();
      if (decided.isPresent()) {
        assertThat(decided).contains(ss);
        reconfigured.add(p);
      }
    }
    assertThat(reconfigured).hasSizeGreaterThanOrEqualTo(3);
    for (long p : reconfigured) {
      assertRejected(() -> c.node(p).append(0L), ProposalRejectedException.Reason.RECONFIGURED);
    }

    // The other nodes learn the decision too and refuse proposals and further reconfigurations.
    c.tickUntil(() -> c.pids().stream().allMatch(p -> c.node(p).decidedStopSign().isPresent()), WAIT);
    for (long p : c.pids()) {
      assertThat(c.node(p).decidedStopSign()).contains(ss);
      assertThat(c.decidedValues(p)).isEqualTo(values);
      assertRejected(() -> c.node(p).append(0L), ProposalRejectedException.Reason.RECONFIGURED);
      assertRejected(() -> c.node(p).reconfigure(ClusterConfig.of(3, List.of(1L, 2L)), Optional.empty()),
          ProposalRejectedException.Reason.RECONFIGURED);
    }
  }

  @Test
  void reconfigureToANotLargerConfigurationIdIsInvalid() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(WAIT);
    assertThatThrownBy(() -> c.node(leader).reconfigure(ClusterConfig.of(1, List.of(1L, 2L, 3L)), Optional.empty()))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> c.node(leader).reconfigure(ClusterConfig.of(-1, List.of(1L, 2L)), Optional.empty()))
        .isInstanceOf(InvalidConfigException.class);
    c.tick(WAIT);
    for (long p : c.pids()) {
      assertThat(c.node(p).acceptedIdx()).isZero();
      assertThat(c.node(p).decidedStopSign()).isEmpty();
    }
  }

  @Test
  void secondReconfigureAtTheLeaderWhileOneIsPendingIsRejected() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(WAIT);
    // Cut the leader off so the first stop sign stays accepted but undecided.
    for (long p : c.pids()) {
      if (p != leader) {
        c.cut(leader, p);
      }
    }
    c.node(leader).reconfigure(NEXT, Optional.empty());
    assertRejected(() -> c.node(leader).reconfigure(ClusterConfig.of(3, List.of(1L, 2L)), Optional.empty()),
        ProposalRejectedException.Reason.RECONFIGURATION_PENDING);
    assertRejected(() -> c.node(leader).append(1L), ProposalRejectedException.Reason.RECONFIGURATION_PENDING);
    c.tick(20);
    assertThat(c.node(leader).decidedStopSign()).isEmpty();
    assertRejected(() -> c.node(leader).reconfigure(ClusterConfig.of(3, List.of(1L, 2L)), Optional.empty()),
        ProposalRejectedException.Reason.RECONFIGURATION_PENDING);
  }

  @Test
  void secondReconfigureWhileOneWaitsForALeaderIsRejected() {
    TestCluster c = TestCluster.of(3);
    // No tick yet: no leader is known, the first stop sign is buffered.
    c.node(1).reconfigure(NEXT, Optional.empty());
    assertRejected(() -> c.node(1).reconfigure(ClusterConfig.of(3, List.of(1L, 2L)), Optional.empty()),
        ProposalRejectedException.Reason.RECONFIGURATION_PENDING);

    // The buffered stop sign reaches the leader once there is one and is decided: the first one wins.
    c.tickUntil(() -> c.pids().stream().allMatch(p -> c.node(p).decidedStopSign().isPresent()), WAIT);
    for (long p : c.pids()) {
      assertThat(c.node(p).decidedStopSign()).contains(new StopSign(NEXT, Optional.empty()));
    }
  }

  private static void assertRejected(Runnable action, ProposalRejectedException.Reason reason) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(ProposalRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
