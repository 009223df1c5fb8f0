package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event loop proposes the {@code appendDecided} calls it takes in one pass together: one storage
 * write for all of them, in the order of the calls, also when other requests come in between.
 */
@Timeout(60)
class StagedAppendTest {

  /** Storage that can hold the event loop inside one log write, and records how many entries each write appends. */
  private static final class GatedStorage extends MemoryStorage<String, List<String>> {
    final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> appendSizes = new CopyOnWriteArrayList<>();

    @Override
    public void writeAtomically(List<StorageOp<String, List<String>>> ops) {
      for (StorageOp<String, List<String>> op : ops) {
        if (op instanceof StorageOp.AppendEntries<String, List<String>> a) {
          appendSizes.add(a.entries().size());
          if (armed.compareAndSet(true, false)) {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      }
      super.writeAtomically(ops);
    }
  }

  private static LocalCluster gatedCluster(List<GatedStorage> storages) {
    LocalCluster c = new LocalCluster(List.of(1L, 2L, 3L), 1, new TestNetwork<>(), UnaryOperator.identity());
    for (long p = 1; p <= 3; p++) {
      GatedStorage s = new GatedStorage();
      storages.add(s);
      c.useStorage(p, s);
      c.start(p);
    }
    return c;
  }

  /** The leader, its storage, and an append ("first") whose log write holds the leader's event loop. */
  private record Held(long leader, GatedStorage storage, CompletableFuture<Long> first) {}

  private static Held holdTheLeaderInAWrite(LocalCluster c, List<GatedStorage> storages) throws InterruptedException {
    long leader = c.awaitLeader();
    GatedStorage s = storages.get((int) leader - 1);
    s.armed.set(true);
    CompletableFuture<Long> first = c.node(leader).appendDecided("first");
    assertThat(s.entered.await(10, TimeUnit.SECONDS)).isTrue();
    return new Held(leader, s, first);
  }

  @Test
  void appendsTakenInOnePassAreWrittenTogetherInOrder() throws Exception {
    List<GatedStorage> storages = new ArrayList<>();
    try (LocalCluster c = gatedCluster(storages)) {
      Held held = holdTheLeaderInAWrite(c, storages);
      held.storage().appendSizes.clear();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(c.node(held.leader()).appendDecided("v" + i));
      }
      held.storage().release.countDown();
      long firstIdx = Await.result(held.first());
      for (int i = 0; i < 50; i++) {
        assertThat(Await.result(futures.get(i))).as("v%d", i).isEqualTo(firstIdx + 1 + i);
      }
      assertThat(held.storage().appendSizes).as("the 50 calls queued during one pass are one write").contains(50);
      List<String> log = c.awaitSameDecidedLog((int) firstIdx + 51);
      assertThat(log.get((int) firstIdx + 50)).isEqualTo("v49");
    }
  }

  @Test
  void anotherRequestInBetweenKeepsTheOrderOfTheCalls() throws Exception {
    List<GatedStorage> storages = new ArrayList<>();
    try (LocalCluster c = gatedCluster(storages)) {
      Held held = holdTheLeaderInAWrite(c, storages);
      OmniPaxosNode<String, List<String>> node = c.node(held.leader());
      CompletableFuture<Long> a = node.appendDecided("a");
      CompletableFuture<Void> b = node.append("b");
      CompletableFuture<Long> d = node.appendDecided("c");
      held.storage().release.countDown();
      long firstIdx = Await.result(held.first());
      Await.result(b);
      assertThat(Await.result(a)).isEqualTo(firstIdx + 1);
      assertThat(Await.result(d)).isEqualTo(firstIdx + 3);
      List<String> log = c.awaitSameDecidedLog((int) firstIdx + 4);
      assertThat(log.subList((int) firstIdx, (int) firstIdx + 4)).containsExactly("first", "a", "b", "c");
    }
  }
}
