package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.runtime.EntryId;
import omnipaxos.runtime.EntryNotDecidedException;
import omnipaxos.runtime.EntryNotDecidedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Log-mode reads share fences, and a read never uses a fence appended before it arrived. */
class ReadBatcherTest {

  /** Fences appended (completed by the test) and reads answered with their position. */
  private static final class FakeLog implements ReadBatcher.Log {
    final List<CompletableFuture<Long>> fences = new ArrayList<>();
    final List<Long> readPositions = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Long> appendFence() {
      CompletableFuture<Long> f = new CompletableFuture<>();
      fences.add(f);
      return f;
    }

    @Override
    public synchronized CompletableFuture<Reply> readAtLeast(long position, KvEntry.Invoke c) {
      readPositions.add(position);
      return CompletableFuture.completedFuture(new Reply.Bulk(("at " + position).getBytes()));
    }

    @Override
    public boolean repeatable(Throwable cause) {
      return cause instanceof EntryNotDecidedException n && n.reason() == Reason.LOST;
    }

    @Override
    public Reply failedReply(Throwable cause) {
      return cause instanceof EntryNotDecidedException n && n.reason() == Reason.TIMED_OUT
          ? new Reply.Error("TIMEOUT") : null;
    }

    synchronized CompletableFuture<Long> fence(int i) {
      return fences.get(i);
    }

    synchronized int fenceCount() {
      return fences.size();
    }
  }

  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final FakeLog log = new FakeLog();
  private final ReadBatcher batcher = new ReadBatcher(log);
  private static final KvEntry.Invoke GET = KvEntry.Invoke.of(0, "GET", "k");

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private long later() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
  }

  private List<CompletableFuture<Reply>> readsOnLoop(int n) throws Exception {
    return loop.submit(() -> {
      List<CompletableFuture<Reply>> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(batcher.read(GET, 3, later()));
      }
      return out;
    }).get(10, TimeUnit.SECONDS);
  }

  private void drainLoop() throws Exception {
    loop.submit(() -> null).get(10, TimeUnit.SECONDS);
  }

  private static String text(CompletableFuture<Reply> f) {
    return new String(((Reply.Bulk) f.join()).bytes());
  }

  @Test
  void readsThatOneEventLoopPassTakesShareOneFenceAndReadAfterIt() throws Exception {
    List<CompletableFuture<Reply>> reads = readsOnLoop(20);
    drainLoop();
    assertThat(log.fenceCount()).isEqualTo(1);
    assertThat(reads).noneMatch(CompletableFuture::isDone);
    log.fence(0).complete(41L);
    assertThat(reads).allMatch(f -> text(f).equals("at 42"));
  }

  @Test
  void aReadArrivingWhileAFenceIsInFlightWaitsForTheNextFence() throws Exception {
    CompletableFuture<Reply> first = readsOnLoop(1).get(0);
    drainLoop();
    CompletableFuture<Reply> second = readsOnLoop(1).get(0);
    drainLoop();
    assertThat(log.fenceCount()).isEqualTo(2);
    log.fence(0).complete(10L);
    assertThat(text(first)).isEqualTo("at 11");
    assertThat(second).isNotDone();
    log.fence(1).complete(12L);
    assertThat(text(second)).isEqualTo("at 13");
  }

  @Test
  void offAnEventLoopEveryReadAppendsItsFenceAtOnce() {
    CompletableFuture<Reply> a = batcher.read(GET, 3, later());
    CompletableFuture<Reply> b = batcher.read(GET, 3, later());
    assertThat(log.fenceCount()).isEqualTo(2);
    log.fence(1).complete(5L);
    assertThat(text(b)).isEqualTo("at 6");
    assertThat(a).isNotDone();
  }

  @Test
  void aLostFenceIsReplacedByANewOneUntilTheAttemptsRunOut() {
    CompletableFuture<Reply> read = batcher.read(GET, 2, later());
    log.fence(0).completeExceptionally(new EntryNotDecidedException(Reason.LOST, EntryId.NONE, "lost"));
    assertThat(log.fenceCount()).isEqualTo(2);
    assertThat(read).isNotDone();
    log.fence(1).completeExceptionally(new EntryNotDecidedException(Reason.LOST, EntryId.NONE, "lost"));
    assertThat(log.fenceCount()).isEqualTo(2);
    assertThat(read).isCompletedExceptionally();
  }

  @Test
  void aFenceThatTimedOutAnswersWithTheLogsReplyAndIsNotRepeated() {
    CompletableFuture<Reply> read = batcher.read(GET, 3, later());
    log.fence(0).completeExceptionally(new EntryNotDecidedException(Reason.TIMED_OUT, EntryId.NONE, "slow"));
    assertThat(log.fenceCount()).isEqualTo(1);
    assertThat(read.join()).isEqualTo(new Reply.Error("TIMEOUT"));
  }

  @Test
  void noNewFenceAfterTheDeadline() {
    CompletableFuture<Reply> read = batcher.read(GET, 3, System.nanoTime() - 1);
    log.fence(0).completeExceptionally(new EntryNotDecidedException(Reason.LOST, EntryId.NONE, "lost"));
    assertThat(log.fenceCount()).isEqualTo(1);
    assertThat(read).isCompletedExceptionally();
  }
}
