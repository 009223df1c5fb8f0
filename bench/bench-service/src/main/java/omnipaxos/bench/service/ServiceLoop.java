package omnipaxos.bench.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed loop of {@code outstanding} slots on one {@link ServiceClient}: each slot issues its
 * next request from the completion of its previous one. Writes go to random keys of {@code keys},
 * with 16-byte values; reads to keys that {@link #load} wrote. Records each successful request's
 * latency.
 */
final class ServiceLoop {

  /** The value size, in bytes, of every write. */
  static final int VALUE_BYTES = 16;

  /** Runs a completion on the thread that completed the future (the client's I/O thread). */
  private static final Executor DIRECT = Runnable::run;

  /** Failed writes (each retried) after which a load gives up. */
  private static final long MAX_LOAD_FAILURES = 1000;

  private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ServiceClient client;
  private final boolean reads;
  private final int outstanding;
  private final int keys;
  private final Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean running;

  ServiceLoop(ServiceClient client, boolean reads, int outstanding, int keys) {
    this.client = client;
    this.reads = reads;
    this.outstanding = outstanding;
    this.keys = keys;
  }

  /** The key of index {@code i}: {@code key:} and the index. */
  static byte[] key(long i) {
    return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
  }

  /** A 16-byte value made of the key index. */
  static byte[] value(long i) {
    byte[] v = new byte[VALUE_BYTES];
    String s = Long.toString(i);
    for (int b = 0; b < VALUE_BYTES; b++) {
      v[b] = (byte) (b < s.length() ? s.charAt(b) : '.');
    }
    return v;
  }

  /**
   * Writes keys {@code 0..count-1} with {@code outstanding} writes in flight, each slot taking the
   * next key; returns when all were acknowledged.
   */
  static void load(ServiceClient client, long count, int outstanding) throws InterruptedException {
    load(count, outstanding, (slot, i) -> client.write(slot, key(i), value(i)));
  }

  /** One write of a load: number {@code i} on {@code slot}. */
  @FunctionalInterface
  interface Write {
    CompletableFuture<?> write(int slot, long i);
  }

  /**
   * Issues writes {@code 0..count-1} with {@code outstanding} in flight, each slot taking the next
   * and retrying a failed one (up to a bound); returns when all were acknowledged.
   */
  static void load(long count, int outstanding, Write write) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(outstanding);
    AtomicReference<Throwable> error = new AtomicReference<>();
    for (int s = 0; s < outstanding; s++) {
      loadKey(write, s, next.getAndIncrement(), new Load(next, failures, count, done, error));
    }
    done.await();
    if (error.get() != null) {
      throw new IllegalStateException("loading failed " + failures.get() + " times", error.get());
    }
  }

  /** What the slots of one {@link #load} share. */
  private record Load(AtomicLong next, AtomicLong failures, long count, CountDownLatch done,
      AtomicReference<Throwable> error) {}

  /** Writes key {@code i}, again after a failure (a time-out under load), up to the bound. */
  private static void loadKey(Write write, int slot, long i, Load load) {
    if (i >= load.count() || load.error().get() != null) {
      load.done().countDown();
      return;
    }
    CompletableFuture<?> f = write.write(slot, i);
    f.whenCompleteAsync((v, e) -> {
      long again = i;
      if (e == null) {
        again = load.next().getAndIncrement();
      } else if (load.failures().incrementAndGet() > MAX_LOAD_FAILURES) {
        load.error().compareAndSet(null, e);
      }
      loadKey(write, slot, again, load);
    }, f.isDone() ? ForkJoinPool.commonPool() : DIRECT);
  }

  /** Runs {@code warmup}, then measures for {@code measure}, then waits for the stragglers. */
  Cell measure(String system, Duration warmup, Duration measure) throws InterruptedException {
    running = true;
    for (int s = 0; s < outstanding; s++) {
      active.incrementAndGet();
      issue(s);
    }
    Thread.sleep(warmup.toMillis());
    recorder.getIntervalHistogram();
    long okBefore = completed.sum();
    long errorsBefore = failed.sum();
    long start = System.nanoTime();
    Thread.sleep(measure.toMillis());
    Histogram h = recorder.getIntervalHistogram();
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = completed.sum() - okBefore;
    long errors = failed.sum() - errorsBefore;
    running = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (active.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return new Cell(system, reads ? "read" : "write", outstanding, ok / seconds,
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6, errors, !reads || client.linearizableReads());
  }

  private void issue(int slot) {
    if (!running) {
      active.decrementAndGet();
      return;
    }
    long i = ThreadLocalRandom.current().nextLong(keys);
    long start = System.nanoTime();
    CompletableFuture<?> f;
    try {
      f = reads ? client.read(slot, key(i)) : client.write(slot, key(i), value(i));
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenCompleteAsync((v, e) -> {
      if (e == null) {
        recorder.recordValue(Math.min(MAX_LATENCY_NANOS, System.nanoTime() - start));
        completed.increment();
      } else {
        failed.increment();
      }
      issue(slot);
    }, f.isDone() ? ForkJoinPool.commonPool() : DIRECT);
  }
}
