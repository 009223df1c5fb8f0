package omnipaxos.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run measures and for how long.
 *
 * @param mode the plan's name: {@code full}, {@code quick} or {@code smoke}
 * @param entryBytes the entry sizes
 * @param outstanding the numbers of writes kept in flight
 * @param firstWarmup the warm-up of the first cell in a JVM (the JIT is cold)
 * @param warmup the warm-up of every later cell
 * @param iterations measured iterations per cell
 * @param iteration the length of one iteration
 * @param failoverTrials leader kills per system
 * @param electionTimeoutMs the nominal election timeout every system runs with
 */
public record Plan(String mode, List<Integer> entryBytes, List<Integer> outstanding, Duration firstWarmup,
    Duration warmup, int iterations, Duration iteration, int failoverTrials, long electionTimeoutMs) {

  /** The nominal election timeout of every system: 1 s, MicroRaft's smallest failure-detection timeout. */
  public static final long ELECTION_TIMEOUT_MS = 1000;

  public Plan {
    entryBytes = List.copyOf(entryBytes);
    outstanding = List.copyOf(outstanding);
  }

  /** The whole matrix: 3 sizes x 3 client counts, 3 iterations of 1.5 s after 2 s of warm-up. */
  public static Plan full() {
    return new Plan("full", List.of(16, 128, 1024), List.of(1, 16, 64), Duration.ofSeconds(5),
        Duration.ofSeconds(2), 3, Duration.ofMillis(1500), 3, ELECTION_TIMEOUT_MS);
  }

  /** A reduced matrix for a check of the pipeline: 128 B entries, 1 and 64 outstanding, short runs. */
  public static Plan quick() {
    return new Plan("quick", List.of(128), List.of(1, 64), Duration.ofSeconds(3), Duration.ofSeconds(1), 2,
        Duration.ofSeconds(1), 1, ELECTION_TIMEOUT_MS);
  }

  /** A few hundred operations, to prove the harness works (used by the modules' tests). */
  public static Plan smoke() {
    return new Plan("smoke", List.of(128), List.of(16), Duration.ofMillis(200), Duration.ofMillis(200), 1,
        Duration.ofMillis(300), 1, ELECTION_TIMEOUT_MS);
  }

  /** The plan named {@code mode}. */
  public static Plan of(String mode) {
    return switch (mode) {
      case "full" -> full();
      case "quick" -> quick();
      case "smoke" -> smoke();
      default -> throw new IllegalArgumentException("unknown mode '" + mode + "' (full, quick or smoke)");
    };
  }

  /** Every cell, entry size by entry size, each size's client counts in increasing order. */
  public List<Workload> workloads() {
    List<Workload> all = new ArrayList<>();
    for (int size : entryBytes) {
      for (int n : outstanding) {
        all.add(new Workload(n, size));
      }
    }
    return all;
  }
}
