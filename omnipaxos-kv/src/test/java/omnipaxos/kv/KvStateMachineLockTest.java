package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.runtime.DecidedEvent;
import org.junit.jupiter.api.Test;

/**
 * What the node's thread calls on the state machine never waits for a snapshot: while the state
 * lock is held (as {@link KvStateMachine#image} holds it for the whole encoding), a write's result,
 * a read of an applied position and the key count are answered at once, a read is answered as soon
 * as the lock is released, and a snapshot's position is the state's own.
 */
class KvStateMachineLockTest {

  private static final Duration AT_ONCE = Duration.ofSeconds(2);

  private static DecidedEvent<KvEntry, KvSnapshot> entry(long idx, String... args) {
    return new DecidedEvent.Entry<>(idx, KvEntry.Invoke.of(0, args));
  }

  @Test
  void theNodeThreadsCallsDoNotWaitWhileASnapshotHoldsTheState() throws Exception {
    KvStateMachine m = new KvStateMachine();
    m.apply(entry(0, "SET", "a", "1"));
    m.apply(entry(1, "SET", "b", "2"));
    assertThat(m.keys()).isEqualTo(2);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread snapshot = new Thread(() -> m.holdStateWhile(() -> {
      held.countDown();
      await(release);
    }));
    snapshot.start();
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Reply> result = call(() -> m.resultAt(1));
    assertThat(result).isCompletedWithValue(Reply.OK);
    CompletableFuture<Reply> read = call(() -> m.readAtLeast(2, KvEntry.Invoke.of(0, "GET", "a")));
    assertThat(read).isNotDone();
    CompletableFuture<Reply> later = call(() -> m.readAtLeast(3, KvEntry.Invoke.of(0, "GET", "c")));
    assertThat(call(() -> CompletableFuture.completedFuture(m.keys())).join()).isEqualTo(2);

    release.countDown();
    snapshot.join();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(Reply.bulk("1"));
    assertThat(later).isNotDone();
    m.apply(entry(2, "SET", "c", "3"));
    assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo(Reply.bulk("3"));
    KvStateMachine.Image image = m.image();
    assertThat(image.position()).isEqualTo(3);
    assertThat(image.keys()).isEqualTo(3);
  }

  /** Runs {@code f} on this thread and fails if it does not return within {@link #AT_ONCE}. */
  private static <V> CompletableFuture<V> call(java.util.function.Supplier<CompletableFuture<V>> f)
      throws Exception {
    CompletableFuture<CompletableFuture<V>> outer = CompletableFuture.supplyAsync(f);
    return outer.get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
