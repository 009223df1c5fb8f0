package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;

/** Feeds the checker real nodes recovered from hand-made storage contents, some of them inconsistent. */
class LogInvariantsTest {

  private static final ClusterConfig CLUSTER = ClusterConfig.of(1, List.of(1L, 2L, 3L));
  private static final Ballot B = new Ballot(1, 2, 0, 3);

  private final List<String> decisions = new ArrayList<>();
  private final LogInvariants<Long, List<Long>> inv = new LogInvariants<>(new ListSnapshotter<>(), EntryCodec.longs(),
      (pid, cfg, pos, value, first) -> decisions.add(pid + ":" + pos + "=" + value + (first ? "*" : "")));

  /** A node recovered from storage holding {@code log}, {@code decided} of it decided, compacted below {@code compacted}. */
  private static OmniPaxos<Long, List<Long>> node(long pid, List<Long> log, long decided, long compacted,
      Optional<List<Long>> snapshot, Optional<StopSign> stopSign) {
    SimStorage<Long, List<Long>> s = new SimStorage<>();
    List<StorageOp<Long, List<Long>>> ops = new ArrayList<>();
    ops.add(new StorageOp.SetPromise<>(B));
    ops.add(new StorageOp.SetAcceptedRound<>(B));
    ops.add(new StorageOp.AppendEntries<>(log));
    stopSign.ifPresent(ss -> ops.add(new StorageOp.SetStopSign<>(Optional.of(ss))));
    ops.add(new StorageOp.SetDecidedIdx<>(decided));
    if (compacted > 0) {
      ops.add(new StorageOp.Trim<>(compacted));
      ops.add(new StorageOp.SetSnapshot<>(snapshot));
    }
    s.writeAtomically(ops);
    s.flush();
    return new OmniPaxosConfig(CLUSTER, ServerConfig.builder().pid(pid).build()).build(s, new ListSnapshotter<>());
  }

  private static OmniPaxos<Long, List<Long>> node(long pid, List<Long> log, long decided) {
    return node(pid, log, decided, 0, Optional.empty(), Optional.empty());
  }

  private void proposed(long... ids) {
    for (long id : ids) {
      inv.proposed(id);
    }
  }

  @Test
  void consistentNodesPassAndDecisionsAreReported() {
    proposed(10, 11, 12);
    inv.observe(1, 1, node(1, List.of(10L, 11L, 12L), 2));
    inv.observe(2, 1, node(2, List.of(10L, 11L), 2));
    assertThat(decisions).containsExactly("1:0=10*", "1:1=11*", "2:0=10", "2:1=11");
    assertThat(inv.chosen(1)).containsExactly(10L, 11L);
    assertThat(inv.position(11)).contains(new LogInvariants.Position(1, 1));
  }

  @Test
  void divergentDecidedLogsBreakAgreement() {
    proposed(10, 11, 12);
    inv.observe(1, 1, node(1, List.of(10L, 11L), 2));
    assertThatThrownBy(() -> inv.observe(2, 1, node(2, List.of(10L, 12L), 2)))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("agreement violated in config 1 at position 1");
  }

  @Test
  void entriesMustBeProposedAndDecidedOnce() {
    proposed(10);
    assertThatThrownBy(() -> inv.observe(1, 1, node(1, List.of(10L, 10L), 2)))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("decided twice");
    LogInvariants<Long, List<Long>> fresh = new LogInvariants<>(new ListSnapshotter<>(), EntryCodec.longs(),
        (pid, cfg, pos, value, first) -> { });
    assertThatThrownBy(() -> fresh.observe(1, 1, node(1, List.of(99L), 1)))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("never proposed");
  }

  @Test
  void snapshotsMustEqualTheDecidedPrefix() {
    proposed(10, 11, 12);
    inv.observe(1, 1, node(1, List.of(10L, 11L, 12L), 3));
    inv.observe(2, 1, node(2, List.of(10L, 11L, 12L), 3, 2, Optional.of(List.of(10L, 11L)), Optional.empty()));
    assertThatThrownBy(() -> inv.observe(3, 1,
        node(3, List.of(10L, 11L, 12L), 3, 2, Optional.of(List.of(10L, 12L)), Optional.empty())))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("snapshot of [0, 2)");
  }

  @Test
  void aDecidedStopSignMustHaveBeenProposed() {
    proposed(10);
    StopSign ss = new StopSign(ClusterConfig.of(2, List.of(1L, 2L, 3L)), Optional.empty());
    assertThatThrownBy(() -> inv.observe(1, 1, node(1, List.of(10L), 2, 0, Optional.empty(), Optional.of(ss))))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("never proposed");
    inv.proposedStopSign(ss);
    inv.observe(2, 1, node(2, List.of(10L), 2, 0, Optional.empty(), Optional.of(ss)));
    assertThat(inv.chosen(1)).containsExactly(10L, ss);
  }

  @Test
  void aRestartedNodeMustRecoverWhatItFlushed() {
    proposed(10, 11);
    inv.observeFlushed(1, 1, 2, Optional.of(B));
    assertThatThrownBy(() -> inv.restarted(1, 1, node(1, List.of(10L, 11L), 1)))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("below the flushed 2");
    assertThatThrownBy(() -> inv.observeFlushed(1, 1, 1, Optional.of(B)))
        .isInstanceOf(InvariantViolation.class).hasMessageContaining("flushed decided index went back");
  }
}
