package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs {@link RandomRun}s over a range of seeds, on a few threads, and sums them up. The summary
 * does not depend on the number of threads: runs are independent and added in seed order.
 */
public final class Sweep {

  /**
   * A seed that failed.
   *
   * @param seed the seed; replay it with {@link RandomRun#run}
   * @param violation the first line of what failed
   * @param kind the violation with its numbers blanked out, to group similar failures
   */
  public record Violation(long seed, String violation, String kind) {

    static Violation of(long seed, String text) {
      String line = firstLine(text);
      return new Violation(seed, line, line.replaceAll("\\d+", "#"));
    }
  }

  /**
   * The violations of one kind.
   *
   * @param kind the violation with its numbers blanked out
   * @param count how many seeds failed this way
   * @param firstSeed the smallest such seed
   * @param example the whole failure of the first such seed, trace included
   */
  public record Kind(String kind, long count, long firstSeed, Throwable example) {}

  /**
   * The sum of a sweep.
   *
   * @param seeds runs
   * @param steps simulation steps over all runs
   * @param virtualMs virtual time over all runs
   * @param stats counters over all runs (faults included)
   * @param maxRecoveryElectionTimeouts the slowest recovery after a heal
   * @param meanRecoveryElectionTimeouts the mean recovery after a heal
   * @param kvOperations key-value operations checked for linearizability
   * @param violations the seeds that failed
   * @param kinds the violations grouped by kind, most frequent first
   * @param wallMs wall-clock time of the sweep
   */
  public record Summary(
      long seeds,
      long steps,
      long virtualMs,
      SimStats stats,
      double maxRecoveryElectionTimeouts,
      double meanRecoveryElectionTimeouts,
      long kvOperations,
      List<Violation> violations,
      List<Kind> kinds,
      long wallMs) {

    /** A readable multi-line summary. */
    public String format() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              "sweep: %d seeds, %d steps, %.1f virtual hours, %d ms wall%n",
              seeds, steps, virtualMs / 3_600_000.0, wallMs));
      b.append(
          String.format(
              "  messages: %d sent, %d delivered, %d lost, %d duplicated, %d dropped on cut links,"
                  + " %d to crashed nodes%n",
              stats.get(Stat.MESSAGES_SENT),
              stats.get(Stat.MESSAGES_DELIVERED),
              stats.get(Stat.MESSAGES_LOST),
              stats.get(Stat.MESSAGES_DUPLICATED),
              stats.get(Stat.MESSAGES_DROPPED_LINK_CUT),
              stats.get(Stat.MESSAGES_DROPPED_NODE_DOWN)));
      b.append(
          String.format(
              "  nodes: %d crashes (%d lost unflushed writes, %d writes lost), %d restarts,"
                  + " %d storage failures%n",
              stats.get(Stat.CRASHES),
              stats.get(Stat.CRASHES_LOSING_WRITES),
              stats.get(Stat.WRITES_LOST),
              stats.get(Stat.RESTARTS),
              stats.get(Stat.STORAGE_FAILURES)));
      b.append(
          String.format(
              "  clients: %d proposals (%d refused), %d positions decided, %d key-value operations,"
                  + " %d reconfigurations (%d configurations started, %d of %d state migrations"
                  + " done, %d bytes), %d trims, %d snapshots (%d refused), %d histories too large"
                  + " to check%n",
              stats.get(Stat.PROPOSALS),
              stats.get(Stat.PROPOSALS_REJECTED),
              stats.get(Stat.POSITIONS_DECIDED),
              kvOperations,
              stats.get(Stat.RECONFIGURATIONS),
              stats.get(Stat.CONFIGURATIONS_STARTED),
              stats.get(Stat.MIGRATIONS_DONE),
              stats.get(Stat.MIGRATIONS_STARTED),
              stats.get(Stat.MIGRATED_BYTES),
              stats.get(Stat.TRIMS),
              stats.get(Stat.SNAPSHOTS),
              stats.get(Stat.COMPACTIONS_REFUSED),
              stats.get(Stat.HISTORIES_UNCHECKED)));
      b.append("  faults injected:");
      for (Map.Entry<FaultKind, Long> e : stats.faults().entrySet()) {
        b.append(' ').append(e.getKey()).append('=').append(e.getValue());
      }
      b.append(String.format("%n  recovery after heal: mean %.2f, max %.2f election timeouts%n",
          meanRecoveryElectionTimeouts, maxRecoveryElectionTimeouts));
      b.append("  violations: ").append(violations.size()).append(" seeds");
      for (Kind k : kinds) {
        b.append(
            String.format("%n    %d x (first seed %d) %s", k.count(), k.firstSeed(), k.kind()));
      }
      int shown = Math.min(violations.size(), MAX_LISTED);
      for (Violation v : violations.subList(0, shown)) {
        b.append(String.format("%n    seed %d: %s", v.seed(), v.violation()));
      }
      if (shown < violations.size()) {
        b.append(String.format("%n    ... and %d more", violations.size() - shown));
      }
      return b.toString();
    }
  }

  /** At most this many violating seeds are listed one by one in {@link Summary#format()}. */
  static final int MAX_LISTED = 50;

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private record Failed(Violation violation, Throwable failure) {}

  private Sweep() {}

  /**
   * Runs seeds {@code first .. first + count - 1} on {@code threads} threads; {@code progress} gets
   * a line every {@code progressEvery} seeds (0 for none).
   */
  public static Summary run(long first, long count, int threads, RandomRun.Shape shape,
      long progressEvery, Consumer<String> progress) {
    long start = System.nanoTime();
    SimStats stats = new SimStats();
    List<Violation> violations = new ArrayList<>();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    long steps = 0;
    long virtualMs = 0;
    long kv = 0;
    double maxRecovery = 0;
    double sumRecovery = 0;
    long recovered = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long chunk = Math.max(1, threads * 64L);
      for (long base = 0; base < count; base += chunk) {
        List<Future<Object>> futures = new ArrayList<>();
        long end = Math.min(count, base + chunk);
        for (long i = base; i < end; i++) {
          long seed = first + i;
          futures.add(pool.submit(() -> runOne(seed, shape)));
        }
        for (int i = 0; i < futures.size(); i++) {
          Object r = join(futures.get(i));
          if (r instanceof RandomRun.Report rep) {
            steps += rep.steps();
            virtualMs += rep.virtualMs();
            kv += rep.kvOperations();
            stats.add(rep.stats());
            double et = rep.recovery().electionTimeouts();
            maxRecovery = Math.max(maxRecovery, et);
            sumRecovery += et;
            recovered++;
          } else {
            Failed f = (Failed) r;
            Violation v = f.violation();
            violations.add(v);
            Kind k = kinds.get(v.kind());
            kinds.put(v.kind(), k == null ? new Kind(v.kind(), 1, v.seed(), f.failure())
                : new Kind(k.kind(), k.count() + 1, k.firstSeed(), k.example()));
          }
          long done = base + i + 1;
          if (progressEvery > 0 && done % progressEvery == 0) {
            progress.accept(String.format("%d/%d seeds, %d violations, %d s", done, count,
                violations.size(), (System.nanoTime() - start) / 1_000_000_000L));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<Kind> byCount = new ArrayList<>(kinds.values());
    byCount.sort((a, b) -> Long.compare(b.count(), a.count()));
    return new Summary(count, steps, virtualMs, stats, maxRecovery,
        recovered == 0 ? 0 : sumRecovery / recovered, kv, violations, byCount,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static Object runOne(long seed, RandomRun.Shape shape) {
    try {
      return RandomRun.run(seed, shape);
    } catch (SimulationFailure f) {
      return new Failed(Violation.of(seed, f.violation()), f);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      return new Failed(Violation.of(seed, "unexpected " + e), e);
    }
  }

  private static Object join(Future<Object> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("sweep task failed", e.getCause());
    }
  }
}
