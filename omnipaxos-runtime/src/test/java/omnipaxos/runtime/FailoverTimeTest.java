package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measures the leader failover time with the default settings: from closing the leader to the first
 * decided append submitted after that, with a client at each follower submitting an append every 5 ms.
 * The times are printed, not asserted (beyond progress within a generous bound).
 */
@Timeout(120)
class FailoverTimeTest {

  private static final int RUNS = 3;

  @Test
  void leaderFailoverWithDefaultSettings() throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      millis.add(measureOnce());
    }
    System.out.println("leader failover with default settings (tick " + NodeConfig.DEFAULT_TICK_PERIOD_MS
        + " ms, election timeout " + NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS + " ms): " + millis + " ms");
    assertThat(millis).allMatch(ms -> ms < 30_000);
  }

  private static long measureOnce() throws Exception {
    try (LocalCluster c = LocalCluster.of(3, FailoverTimeTest::defaults)) {
      long leader = c.awaitLeader();
      List<Long> followers = c.pids().stream().filter(p -> p != leader).toList();
      for (long f : followers) {
        Await.result(c.node(f).appendDecided("warm-up-" + f));
      }
      AtomicLong firstDecidedAfterCrash = new AtomicLong(Long.MAX_VALUE);
      AtomicLong crashedAt = new AtomicLong(Long.MAX_VALUE);
      List<Thread> clients = new ArrayList<>();
      for (long f : followers) {
        Thread t = new Thread(() -> {
          for (int i = 0; firstDecidedAfterCrash.get() == Long.MAX_VALUE; i++) {
            long submitted = System.nanoTime();
            boolean afterCrash = submitted - crashedAt.get() >= 0;
            c.node(f).appendDecided("n" + f + "-" + i).thenRun(() -> {
              if (afterCrash) {
                firstDecidedAfterCrash.accumulateAndGet(System.nanoTime(), Math::min);
              }
            });
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "client-" + f);
        clients.add(t);
      }
      clients.forEach(Thread::start);
      Thread.sleep(100);
      crashedAt.set(System.nanoTime());
      c.crash(leader);
      Await.until("an append submitted after the crash to be decided",
          () -> firstDecidedAfterCrash.get() != Long.MAX_VALUE);
      for (Thread t : clients) {
        t.join(10_000);
      }
      return TimeUnit.NANOSECONDS.toMillis(firstDecidedAfterCrash.get() - crashedAt.get());
    }
  }

  private static NodeConfig.Builder defaults(NodeConfig.Builder c) {
    return c.tickPeriodMs(NodeConfig.DEFAULT_TICK_PERIOD_MS)
        .electionTimeoutMs(NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS)
        .resendTimeoutMs(NodeConfig.DEFAULT_RESEND_TIMEOUT_MS)
        .appendTimeoutMs(NodeConfig.DEFAULT_APPEND_TIMEOUT_MS);
  }
}
