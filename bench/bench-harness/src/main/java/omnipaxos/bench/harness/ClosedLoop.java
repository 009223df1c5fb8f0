package omnipaxos.bench.harness;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop clients: {@code outstanding} slots, each with one write in flight at the leader; a slot
 * submits its next write from the completion of its previous one, on whatever thread completed it.
 * Records the append-to-commit latency of every successful write in nanoseconds.
 */
public final class ClosedLoop {

  /** Latencies above a minute are clamped; nothing here should take that long. */
  private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final BenchCluster cluster;
  private final String leader;
  private final Workload workload;
  private final Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean running;

  public ClosedLoop(BenchCluster cluster, Workload workload) {
    this.cluster = cluster;
    this.leader = cluster.leader();
    this.workload = workload;
  }

  /** Starts every slot. */
  public void start() {
    running = true;
    for (int i = 0; i < workload.outstanding(); i++) {
      byte[] payload = new byte[workload.entryBytes()];
      payload[0] = (byte) i;
      active.incrementAndGet();
      issue(payload);
    }
  }

  /**
   * Runs {@code warmup}, then {@code iterations} measured iterations of {@code iteration} each, then
   * stops the clients and waits for their last writes.
   */
  public Measurement measure(Duration warmup, int iterations, Duration iteration) throws InterruptedException {
    start();
    sleep(warmup);
    recorder.getIntervalHistogram();
    long errorsBefore = failed.sum();
    List<Double> throughputs = new ArrayList<>();
    Histogram all = new Histogram(MAX_LATENCY_NANOS, 3);
    long count = completed.sum();
    long cpuBefore = processCpuNanos();
    long countBefore = count;
    long at = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      sleep(iteration);
      Histogram h = recorder.getIntervalHistogram();
      long nowCount = completed.sum();
      long now = System.nanoTime();
      throughputs.add((nowCount - count) * 1e9 / (now - at));
      all.add(h);
      count = nowCount;
      at = now;
    }
    long errors = failed.sum() - errorsBefore;
    long ops = count - countBefore;
    double cpuMicrosPerOp = ops == 0 ? 0 : (processCpuNanos() - cpuBefore) / 1e3 / ops;
    stop(Duration.ofSeconds(10));
    return new Measurement(throughputs, all, errors, cpuMicrosPerOp);
  }

  /** Stops submitting and waits up to {@code timeout} for the writes in flight. */
  public void stop(Duration timeout) throws InterruptedException {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (active.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Successful writes so far. */
  public long completed() {
    return completed.sum();
  }

  /** Failed writes so far. */
  public long failed() {
    return failed.sum();
  }

  private void issue(byte[] payload) {
    while (running) {
      long start = System.nanoTime();
      CompletableFuture<?> f;
      try {
        f = cluster.submit(leader, payload);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      if (!f.isDone()) {
        f.whenComplete((v, e) -> {
          record(start, e);
          issue(payload);
        });
        return;
      }
      Throwable error = f.isCompletedExceptionally() ? f.handle((v, e) -> e).join() : null;
      record(start, error);
      if (error != null) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    active.decrementAndGet();
  }

  private void record(long start, Throwable error) {
    if (error == null) {
      recorder.recordValue(Math.min(MAX_LATENCY_NANOS, System.nanoTime() - start));
      completed.increment();
    } else {
      failed.increment();
    }
  }

  /** CPU time used by this JVM so far, all threads (those that ended included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void sleep(Duration d) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(d.toNanos());
  }

  /**
   * What one cell measured.
   *
   * @param throughputs successful writes per second, per iteration
   * @param latencies the latencies of every write completed in the measured iterations, in nanoseconds
   * @param errors writes that failed during the measured iterations
   * @param cpuMicrosPerOp CPU time of the whole JVM (three nodes and the clients) per successful write
   *     during the measured iterations: how much work a write costs, which the machine's load does not
   *     change much, unlike throughput and latency
   */
  public record Measurement(List<Double> throughputs, Histogram latencies, long errors, double cpuMicrosPerOp) {}
}
