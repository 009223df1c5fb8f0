package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many client threads appending at every node at once: every decided future's index matches the log. */
@Timeout(120)
class ConcurrentAppendTest {

  private static final int THREADS = 8;
  private static final int APPENDS_PER_THREAD = 100;
  private static final int IN_FLIGHT_PER_THREAD = 10;

  @Test
  void everyDecidedFutureNamesItsEntrysPosition() throws Exception {
    try (LocalCluster c = LocalCluster.of(3)) {
      c.awaitLeader();
      Map<String, Long> decidedAt = new ConcurrentHashMap<>();
      AtomicInteger notDecided = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long pid = c.pids().get(t % c.pids().size());
        int client = t;
        Thread th = new Thread(() -> runClient(c.node(pid), client, decidedAt, notDecided), "client-" + t);
        clients.add(th);
        th.start();
      }
      for (Thread th : clients) {
        th.join(100_000);
        assertThat(th.isAlive()).isFalse();
      }
      assertThat(decidedAt).hasSize(THREADS * APPENDS_PER_THREAD);

      List<String> log = c.awaitSameDecidedLog(decidedAt.size());
      decidedAt.forEach((value, idx) -> assertThat(log.get(idx.intValue())).as("entry at %d", idx).isEqualTo(value));
      assertThat(new HashSet<>(decidedAt.values())).hasSize(decidedAt.size());
      assertThat(new HashSet<>(log)).as("no entry decided twice").hasSize(log.size());
    }
  }

  @Test
  void batchedAppendsAreDecidedWithTheirIndexesIncludingAPartialBatch() {
    try (LocalCluster c = LocalCluster.of(3, conf -> conf.batchSize(4))) {
      long leader = c.awaitLeader();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(c.node(leader).appendDecided("b" + i));
      }
      List<String> log = c.awaitSameDecidedLog(10);
      for (int i = 0; i < 10; i++) {
        assertThat(log.get(Await.result(futures.get(i)).intValue())).isEqualTo("b" + i);
      }
    }
  }

  /**
   * Appends this client's values with up to {@link #IN_FLIGHT_PER_THREAD} in flight; a value whose fate
   * is unknown is retried under a new name so that every logical write is decided once it succeeds.
   */
  private static void runClient(OmniPaxosNode<String, List<String>> node, int client, Map<String, Long> decidedAt,
      AtomicInteger notDecided) {
    for (int start = 0; start < APPENDS_PER_THREAD; start += IN_FLIGHT_PER_THREAD) {
      List<CompletableFuture<Void>> window = new ArrayList<>();
      for (int i = start; i < Math.min(APPENDS_PER_THREAD, start + IN_FLIGHT_PER_THREAD); i++) {
        String base = "c" + client + "-" + i;
        window.add(appendUntilDecided(node, base, 0, decidedAt, notDecided));
      }
      window.forEach(Await::result);
    }
  }

  private static CompletableFuture<Void> appendUntilDecided(OmniPaxosNode<String, List<String>> node, String base,
      int attempt, Map<String, Long> decidedAt, AtomicInteger notDecided) {
    String value = attempt == 0 ? base : base + "#" + attempt;
    return node.appendDecided(value).handleAsync((idx, err) -> {
      if (err == null) {
        decidedAt.put(value, idx);
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (!(err instanceof EntryNotDecidedException)) {
        return CompletableFuture.<Void>failedFuture(err);
      }
      notDecided.incrementAndGet();
      return appendUntilDecided(node, base, attempt + 1, decidedAt, notDecided);
    }).thenCompose(f -> f);
  }
}
