package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;

/**
 * Port of upstream {@code read_test} and {@code read_entries_test}: one node recovered from a
 * prefilled storage, with and without a decided stop sign, and every read view it offers. The node's
 * configuration names a second node that is never reached. Our ranges exclude their end.
 */
class ReadTest {

  private static final List<Long> LOG = List.of(1L, 3L, 2L, 7L, 5L, 10L, 29L, 100L, 8L, 12L);
  private static final Ballot ROUND = new Ballot(1, 2, 0, 2);
  private static final StopSign STOP_SIGN = new StopSign(ClusterConfig.of(2, List.of(1L, 2L, 3L)), Optional.empty());

  private static OmniPaxos<Long, List<Long>> node(boolean stopped) {
    MemoryStorage<Long, List<Long>> storage = new MemoryStorage<>();
    List<StorageOp<Long, List<Long>>> ops = new ArrayList<>();
    ops.add(new StorageOp.AppendEntries<>(LOG));
    ops.add(new StorageOp.SetPromise<>(ROUND));
    ops.add(new StorageOp.SetAcceptedRound<>(ROUND));
    if (stopped) {
      ops.add(new StorageOp.SetStopSign<>(Optional.of(STOP_SIGN)));
      ops.add(new StorageOp.SetDecidedIdx<>(11));
    } else {
      ops.add(new StorageOp.SetDecidedIdx<>(6));
    }
    storage.writeAtomically(ops);
    ClusterConfig cluster = ClusterConfig.of(1, List.of(1L, 2L));
    OmniPaxos<Long, List<Long>> n = new OmniPaxosConfig(cluster, ServerConfig.builder().pid(1).build())
        .build(storage, TestCluster.LIST_SNAPSHOTS);
    assertThat(n.promise()).isEqualTo(ROUND);
    assertThat(n.acceptedIdx()).isEqualTo(stopped ? 11 : 10);
    assertThat(n.decidedIdx()).isEqualTo(stopped ? 11 : 6);
    return n;
  }

  private static LogEntry<Long, List<Long>> decided(long v) {
    return new LogEntry.Decided<>(v);
  }

  private static LogEntry<Long, List<Long>> undecided(long v) {
    return new LogEntry.Undecided<>(v);
  }

  private static LogEntry<Long, List<Long>> snapshotted(int idx) {
    return new LogEntry.Snapshotted<>(idx, LOG.subList(0, idx));
  }

  private static LogEntry<Long, List<Long>> decidedStopSign() {
    return new LogEntry.StopSignEntry<>(STOP_SIGN, true);
  }

  private static List<LogEntry<Long, List<Long>>> decidedRange(int from, int to) {
    List<LogEntry<Long, List<Long>>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(decided(LOG.get(i)));
    }
    return out;
  }

  @Test
  void readAfterLocalSnapshot() {
    OmniPaxos<Long, List<Long>> n = node(false);
    assertThat(n.readDecidedSuffix(0)).isEqualTo(decidedRange(0, 6));

    n.snapshot(OptionalLong.of(4), true);
    assertThat(n.compactedIdx()).isEqualTo(4);
    assertThat(n.read(4)).contains(decided(5));
    assertThat(n.read(0)).contains(snapshotted(4));
    assertThat(n.read(3)).contains(snapshotted(4));
    assertThat(n.read(6)).contains(undecided(29));
    assertThat(n.read(9)).contains(undecided(12));
    assertThat(n.read(10)).isEmpty();
    assertThat(n.readDecidedSuffix(0)).containsExactly(snapshotted(4), decided(5), decided(10));
  }

  @Test
  void readWithDecidedStopSign() {
    OmniPaxos<Long, List<Long>> n = node(true);
    List<LogEntry<Long, List<Long>>> all = decidedRange(0, 10);
    all.add(decidedStopSign());
    assertThat(n.readDecidedSuffix(0)).isEqualTo(all);
    assertThat(n.decidedStopSign()).contains(STOP_SIGN);

    n.snapshot(OptionalLong.of(4), true);
    assertThat(n.read(10)).contains(decidedStopSign());
    assertThat(n.read(9)).contains(decided(12));
    assertThat(n.read(2)).contains(snapshotted(4));
    assertThat(n.read(11)).isEmpty();
  }

  @Test
  void readEntriesAfterLocalSnapshot() {
    OmniPaxos<Long, List<Long>> n = node(false);
    n.snapshot(OptionalLong.of(4), true);

    // upstream 5..=6
    assertThat(n.readEntries(5, 7)).containsExactly(decided(10), undecided(29));
    // upstream 0..4
    assertThat(n.readEntries(0, 4)).containsExactly(snapshotted(4));
    // upstream 3..6
    assertThat(n.readEntries(3, 6)).containsExactly(snapshotted(4), decided(5), decided(10));
    // upstream 0..=10: beyond the log
    assertThat(n.readEntries(0, 11)).isEmpty();
    // the whole log
    assertThat(n.readEntries(0)).containsExactly(snapshotted(4), decided(5), decided(10), undecided(29),
        undecided(100), undecided(8), undecided(12));
  }

  @Test
  void readEntriesWithDecidedStopSign() {
    OmniPaxos<Long, List<Long>> n = node(true);
    n.snapshot(OptionalLong.of(4), true);

    // upstream 10..=10
    assertThat(n.readEntries(10, 11)).containsExactly(decidedStopSign());
    // upstream 6..
    List<LogEntry<Long, List<Long>>> fromSix = decidedRange(6, 10);
    fromSix.add(decidedStopSign());
    assertThat(n.readEntries(6)).isEqualTo(fromSix);
    // upstream 0..
    List<LogEntry<Long, List<Long>>> fromZero = new ArrayList<>();
    fromZero.add(snapshotted(4));
    fromZero.addAll(decidedRange(4, 10));
    fromZero.add(decidedStopSign());
    assertThat(n.readEntries(0)).isEqualTo(fromZero);

    // A snapshot of every entry: the stop sign is never compacted.
    n.snapshot(OptionalLong.of(10), true);
    assertThat(n.compactedIdx()).isEqualTo(10);
    assertThat(n.readEntries(0)).containsExactly(snapshotted(10), decidedStopSign());
    assertThat(n.readDecidedSuffix(0)).containsExactly(snapshotted(10), decidedStopSign());
  }
}
