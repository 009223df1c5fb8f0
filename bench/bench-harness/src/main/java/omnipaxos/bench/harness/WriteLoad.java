package omnipaxos.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A steady write load of a fixed rate: {@code clients} threads, each writing its next value at the
 * server that leads now once the previous one is decided and its next slot of the schedule has come
 * (a client that falls behind writes at once, without waiting). A write that fails (the leader changed, the
 * configuration switched) is retried at the new leader, and its latency counts from the first try.
 * Completions are counted in the phase they happen in, latencies in the phase the write started in (a
 * write held up by the change counts for "during" even when it completes after), so that "before" and
 * "during" can be compared.
 */
public final class WriteLoad implements AutoCloseable {

  private final Function<byte[], CompletableFuture<?>> writeAtLeader;
  private final int entryBytes;
  private final long intervalNanos;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;
  private volatile Phase phase;

  /** What was measured over one interval of the run. */
  public static final class Phase {
    final Histogram latencyNanos = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    final AtomicLong writes = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    void end() {
      endNanos = System.nanoTime();
    }

    double seconds() {
      return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }

    /** Writes completed per second of the phase. */
    public double throughput() {
      return writes.get() / seconds();
    }

    /** The p99 latency of the writes started in the phase, µs. */
    public double p99Micros() {
      return latencyNanos.getValueAtPercentile(99) / 1e3;
    }

    /** The largest latency of a write started in the phase, µs. */
    public double maxMicros() {
      return latencyNanos.getMaxValue() / 1e3;
    }
  }

  /**
   * @param writeAtLeader proposes a value at the server that leads now; the future completes once it is
   *     committed, and fails (or the function throws) if it was not
   * @param perClientRate writes per second each client aims at
   */
  public WriteLoad(Function<byte[], CompletableFuture<?>> writeAtLeader, int entryBytes, int perClientRate) {
    this.writeAtLeader = writeAtLeader;
    this.entryBytes = entryBytes;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perClientRate;
    this.phase = new Phase();
  }

  /** Starts {@code clients} client threads. */
  public void start(int clients) {
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(this::run, "client-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Ends the current phase and starts recording a new one. */
  public Phase nextPhase() {
    Phase ended = phase;
    phase = new Phase();
    ended.end();
    return ended;
  }

  private void run() {
    byte[] value = new byte[entryBytes];
    long due = System.nanoTime();
    while (!stopped) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due += intervalNanos;
      long start = System.nanoTime();
      Phase startedIn = phase;
      while (!stopped && !write(value)) {
        Thread.onSpinWait();
      }
      startedIn.latencyNanos.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(60)));
      phase.writes.incrementAndGet();
    }
  }

  private boolean write(byte[] value) {
    try {
      writeAtLeader.apply(value).get(10, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
      return false;
    } catch (Exception e) {
      sleepBriefly();
      return false;
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(15_000);
    }
  }
}
