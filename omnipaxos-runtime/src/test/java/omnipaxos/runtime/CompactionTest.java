package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import omnipaxos.core.CompactionException;
import omnipaxos.core.LogEntry;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Trim and snapshot through the runtime, and a lagging node catching up from a snapshot. */
@Timeout(120)
class CompactionTest {

  @Test
  void trimAtTheLeaderTrimsEveryNode() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      List<String> written = appendDecided(c, leader, "e", 30);
      c.awaitSameDecidedLog(30);

      Throwable refused = Await.failure(c.node(follower).trim(10));
      assertThat(refused).isInstanceOf(CompactionException.class);
      assertThat(((CompactionException) refused).reason()).isEqualTo(CompactionException.Reason.NOT_CURRENT_LEADER);

      Await.until("the leader to trim once it knows every node accepted 20 entries",
          () -> c.node(leader).trim(20).handle((v, e) -> e == null).join());
      for (long p : c.pids()) {
        Await.until("node " + p + " to trim", () -> Await.result(c.node(p).compactedIdx()) == 20);
        List<LogEntry<String, List<String>>> read = Await.result(c.node(p).readEntries(0));
        assertThat(read.get(0)).isEqualTo(new LogEntry.Trimmed<String, List<String>>(20));
        assertThat(read.subList(1, read.size())).extracting(e -> ((LogEntry.Decided<String, List<String>>) e).entry())
            .isEqualTo(written.subList(20, 30));
      }
    }
  }

  @Test
  void aLaggingNodeCatchesUpFromASnapshotAndItsSubscriberGetsTheSnapshot() {
    try (LocalCluster c = LocalCluster.of(3, conf -> conf.appendTimeoutMs(60_000))) {
      long leader = c.awaitLeader();
      long lagging = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      List<DecidedEvent<String, List<String>>> events = Collections.synchronizedList(new ArrayList<>());
      DecidedSubscription<String, List<String>> sub = c.node(lagging).subscribe(0, events::add);
      List<String> written = new ArrayList<>(appendDecided(c, leader, "a", 5));
      Await.until("the subscriber to see 5 entries", () -> events.size() == 5);

      c.network.isolate(lagging, c.pids());
      written.addAll(appendDecided(c, leader, "b", 20));
      List<Long> connected = c.pids().stream().filter(p -> p != lagging).toList();
      for (long p : connected) {
        Await.until("node " + p + " to decide 25", () -> Await.result(c.node(p).decidedIdx()) == 25);
      }
      Await.result(c.node(leader).snapshot(25, false));
      for (long p : connected) {
        Await.until("node " + p + " to snapshot", () -> Await.result(c.node(p).compactedIdx()) == 25);
        assertThat(Await.result(c.node(p).read(0)))
            .hasValue(new LogEntry.Snapshotted<String, List<String>>(25, written.subList(0, 25)));
      }
      long droppedForwards = c.network.droppedForwards();
      CompletableFuture<Long> forwardedIntoTheVoid = c.node(lagging).appendDecided("lost-in-partition");
      Await.until("the partition to drop the forwarded proposal", () -> c.network.droppedForwards() > droppedForwards);

      c.network.healAll();
      Await.until("the lagging node to install the snapshot",
          () -> Await.result(c.node(lagging).compactedIdx()) == 25);
      Throwable failure = Await.failure(forwardedIntoTheVoid);
      assertThat(failure).isInstanceOf(EntryNotDecidedException.class);
      assertThat(((EntryNotDecidedException) failure).reason()).isEqualTo(EntryNotDecidedException.Reason.UNTRACEABLE);
      assertThat(((EntryNotDecidedException) failure).definitelyNotDecided()).isFalse();

      written.addAll(appendDecided(c, leader, "c", 3));
      Await.until("the subscriber to reach position 28", () -> sub.position() == 28);
      List<DecidedEvent<String, List<String>>> expected = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        expected.add(new DecidedEvent.Entry<>(i, written.get(i)));
      }
      expected.add(new DecidedEvent.Snapshot<>(25, written.subList(0, 25)));
      for (int i = 25; i < 28; i++) {
        expected.add(new DecidedEvent.Entry<>(i, written.get(i)));
      }
      assertThat(new ArrayList<>(events)).isEqualTo(expected);
      sub.cancel();
      Await.result(sub.completion());
    }
  }

  @Test
  void snapshotOfAnUndecidedIndexIsRefused() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      appendDecided(c, leader, "x", 3);
      Throwable refused = Await.failure(c.node(leader).snapshot(OptionalLong.of(10), true));
      assertThat(refused).isInstanceOf(CompactionException.class);
      assertThat(((CompactionException) refused).reason()).isEqualTo(CompactionException.Reason.UNDECIDED_INDEX);
    }
  }

  /** Records which thread staged which snapshot, and which snapshot a write set. */
  private static final class StagingStorage extends MemoryStorage<String, List<String>> {
    final List<String> stagedOn = Collections.synchronizedList(new ArrayList<>());
    volatile List<String> staged;
    volatile List<String> set;

    @Override
    public void stageSnapshot(List<String> snapshot) {
      stagedOn.add(Thread.currentThread().getName());
      staged = snapshot;
    }

    @Override
    public void writeAtomically(List<StorageOp<String, List<String>>> ops) {
      for (StorageOp<String, List<String>> op : ops) {
        if (op instanceof StorageOp.SetSnapshot<String, List<String>> s && s.snapshot().isPresent()) {
          set = s.snapshot().get();
        }
      }
      super.writeAtomically(ops);
    }
  }

  @Test
  void anInstalledSnapshotIsStagedByTheCallerAndCompactsOnlyThisNode() {
    List<Long> pids = List.of(1L, 2L, 3L);
    StagingStorage storage = new StagingStorage();
    try (LocalCluster c = new LocalCluster(pids, 1, new TestNetwork<>(), UnaryOperator.identity())) {
      c.useStorage(2, storage);
      pids.forEach(c::start);
      long leader = c.awaitLeader();
      List<String> written = appendDecided(c, leader, "s", 12);
      Await.until("node 2 to decide 12", () -> Await.result(c.node(2).decidedIdx()) == 12);
      List<String> state = new ArrayList<>(written.subList(0, 10));
      Await.result(c.node(2).installSnapshot(10, state));
      // Staged on this (the application's) thread; the node's write set that very object.
      assertThat(storage.stagedOn).containsExactly(Thread.currentThread().getName());
      assertThat(storage.staged).isSameAs(state);
      assertThat(storage.set).isSameAs(state);
      assertThat(Await.result(c.node(2).compactedIdx())).isEqualTo(10);
      assertThat(Await.result(c.node(2).read(3)))
          .hasValue(new LogEntry.Snapshotted<String, List<String>>(10, written.subList(0, 10)));
      for (long p : List.of(1L, 3L)) {
        assertThat(Await.result(c.node(p).compactedIdx())).as("node %d", p).isZero();
      }
      Throwable refused = Await.failure(c.node(2).installSnapshot(40, List.of()));
      assertThat(((CompactionException) refused).reason()).isEqualTo(CompactionException.Reason.UNDECIDED_INDEX);
    }
  }

  /** Appends {@code count} values at {@code pid}, one after the other, each expected to be decided at the next index. */
  static List<String> appendDecided(LocalCluster c, long pid, String prefix, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String v = prefix + i;
      long idx = Await.result(c.node(pid).appendDecided(v));
      assertThat(Await.result(c.node(pid).read(idx))).hasValue(new LogEntry.Decided<String, List<String>>(v));
      values.add(v);
    }
    return values;
  }
}
