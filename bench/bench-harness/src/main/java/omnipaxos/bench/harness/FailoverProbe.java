package omnipaxos.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures one leader failover: kills the leader of a cluster under light load, then proposes a small
 * write at every surviving node every {@link #PROBE_PERIOD} and reports the time from the kill to the
 * decision of the first write submitted after the kill. Writes that a node refuses (it does not lead,
 * or knows no leader yet) are simply retried by the next probe.
 */
public final class FailoverProbe {

  /** How often each surviving node is sent a probe write. */
  public static final Duration PROBE_PERIOD = Duration.ofMillis(2);
  /** Probes a node may have in flight; more are not sent to it until some complete. */
  private static final int MAX_IN_FLIGHT_PER_NODE = 500;

  private FailoverProbe() {}

  /**
   * Kills the leader of {@code cluster} and returns the milliseconds until the first write submitted
   * after the kill is decided, or -1 if none is within {@code limit}.
   */
  public static double measure(BenchCluster cluster, Duration limit) throws Exception {
    ClosedLoop load = new ClosedLoop(cluster, new Workload(4, 16));
    load.start();
    Thread.sleep(500);
    load.stop(Duration.ofSeconds(5));
    String leader = cluster.leader();
    List<String> survivors = new ArrayList<>(cluster.nodes());
    survivors.remove(leader);
    AtomicLong firstDecided = new AtomicLong(Long.MAX_VALUE);
    Map<String, AtomicInteger> inFlight = new HashMap<>();
    survivors.forEach(n -> inFlight.put(n, new AtomicInteger()));
    byte[] payload = new byte[16];
    long killedAt = System.nanoTime();
    cluster.kill(leader);
    long deadline = killedAt + limit.toNanos();
    while (firstDecided.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
      for (String node : survivors) {
        AtomicInteger n = inFlight.get(node);
        if (n.get() >= MAX_IN_FLIGHT_PER_NODE) {
          continue;
        }
        n.incrementAndGet();
        CompletableFuture<?> f;
        try {
          f = cluster.submit(node, payload);
        } catch (RuntimeException e) {
          f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> {
          n.decrementAndGet();
          if (e == null) {
            firstDecided.accumulateAndGet(System.nanoTime(), Math::min);
          }
        });
      }
      TimeUnit.NANOSECONDS.sleep(PROBE_PERIOD.toNanos());
    }
    long decided = firstDecided.get();
    return decided == Long.MAX_VALUE ? -1 : (decided - killedAt) / 1e6;
  }
}
