package omnipaxos.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

  /** A cluster whose writes are committed by another thread, every fifth one failing at once. */
  private static final class FakeCluster implements BenchCluster {
    final ExecutorService committer = Executors.newSingleThreadExecutor();
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile int maxInFlight;
    volatile String killed;

    @Override
    public List<String> nodes() {
      return List.of("a", "b", "c");
    }

    @Override
    public String leader() {
      return "a";
    }

    @Override
    public CompletableFuture<?> submit(String node, byte[] payload) {
      if (node.equals(killed)) {
        return CompletableFuture.failedFuture(new IllegalStateException("dead"));
      }
      if (submitted.incrementAndGet() % 5 == 0 && node.equals("a")) {
        return CompletableFuture.failedFuture(new IllegalStateException("refused"));
      }
      maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
      return CompletableFuture.runAsync(inFlight::decrementAndGet, committer);
    }

    @Override
    public void kill(String node) {
      killed = node;
    }

    @Override
    public void close() {
      committer.shutdownNow();
    }
  }

  @Test
  void keepsTheOutstandingWritesInFlightAndCountsFailures() throws Exception {
    try (FakeCluster c = new FakeCluster()) {
      ClosedLoop.Measurement m = new ClosedLoop(c, new Workload(8, 16))
          .measure(Duration.ofMillis(50), 2, Duration.ofMillis(100));
      assertThat(m.throughputs()).hasSize(2).allMatch(t -> t > 0);
      assertThat(m.latencies().getTotalCount()).isPositive();
      assertThat(m.errors()).isPositive();
      assertThat(c.maxInFlight).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void failoverProbeTimesTheFirstWriteAfterTheKill() throws Exception {
    try (FakeCluster c = new FakeCluster()) {
      double ms = FailoverProbe.measure(c, Duration.ofSeconds(10));
      assertThat(c.killed).isEqualTo("a");
      assertThat(ms).isGreaterThanOrEqualTo(0).isLessThan(10_000);
    }
  }
}
