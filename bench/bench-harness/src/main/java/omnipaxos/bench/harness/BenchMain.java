package omnipaxos.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line of one system's benchmark JVM:
 * {@code --mode full|quick|smoke --out DIR (--setting memory|durable | --failover)}. Runs the plan's
 * cells for one setting, or its failover trials, and writes {@code SYSTEM-SETTING.csv} or
 * {@code SYSTEM-failover.csv} plus {@code SYSTEM-settings.md} into the output directory. With
 * {@code -Dbench.outstanding=N} only the cells with N writes outstanding run (e.g. to count a cell's
 * syscalls with strace: each cell prints its total number of writes, warm-up included).
 */
public final class BenchMain {

  private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);

  private BenchMain() {}

  /** Runs what {@code args} ask for with {@code system}, then exits the JVM. */
  public static void run(BenchSystem system, String[] args) throws Exception {
    String mode = "full";
    String setting = null;
    boolean failover = false;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--setting" -> setting = args[++i];
        case "--failover" -> failover = true;
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: --mode full|quick|smoke --out DIR (--setting memory|durable | --failover))");
      }
    }
    if (out == null || (setting == null) == !failover) {
      throw new IllegalArgumentException("usage: --mode full|quick|smoke --out DIR (--setting memory|durable | --failover)");
    }
    Plan plan = Plan.of(mode);
    Files.createDirectories(out);
    Path data = Files.createTempDirectory(out, system.name() + "-data-");
    try {
      writeSettings(system, plan, out, data);
      if (failover) {
        List<FailoverResult> results = runFailover(system, plan, data);
        write(out.resolve(system.name() + "-failover.csv"), FailoverResult.HEADER,
            results.stream().map(FailoverResult::toCsv).toList());
      } else {
        Setting s = Setting.parse(setting);
        List<CellResult> results = runCells(system, plan, s, data);
        write(out.resolve(system.name() + "-" + s.label() + ".csv"), CellResult.HEADER,
            results.stream().map(CellResult::toCsv).toList());
      }
    } finally {
      deleteRecursively(data);
    }
    System.exit(0);
  }

  /** Runs every cell of {@code plan} in {@code setting}, each on a fresh cluster under {@code data}. */
  public static List<CellResult> runCells(BenchSystem system, Plan plan, Setting setting, Path data)
      throws Exception {
    List<CellResult> results = new ArrayList<>();
    boolean first = true;
    String only = System.getProperty("bench.outstanding");
    for (Workload w : plan.workloads()) {
      if (only != null && Integer.parseInt(only) != w.outstanding()) {
        continue;
      }
      Path dir = data.resolve(setting.label() + "-" + w.entryBytes() + "b-" + w.outstanding());
      Files.createDirectories(dir);
      ClusterOptions options = new ClusterOptions(dir, plan.electionTimeoutMs());
      CellResult r;
      try (BenchCluster cluster = system.start(setting, options)) {
        ClosedLoop loop = new ClosedLoop(cluster, w);
        ClosedLoop.Measurement m =
            loop.measure(first ? plan.firstWarmup() : plan.warmup(), plan.iterations(), plan.iteration());
        r = CellResult.of(system.name(), system.version(), setting, w, m, loadAverage());
        System.out.println("writes completed in the cell, warm-up included: " + loop.completed());
      }
      first = false;
      System.out.println(r.summary());
      results.add(r);
      deleteRecursively(dir);
    }
    return results;
  }

  /** Kills the leader of a fresh in-memory cluster {@code plan.failoverTrials()} times. */
  public static List<FailoverResult> runFailover(BenchSystem system, Plan plan, Path data) throws Exception {
    List<FailoverResult> results = new ArrayList<>();
    for (int trial = 1; trial <= plan.failoverTrials(); trial++) {
      Path dir = data.resolve("failover-" + trial);
      Files.createDirectories(dir);
      double millis;
      try (BenchCluster cluster = system.start(Setting.MEMORY, new ClusterOptions(dir, plan.electionTimeoutMs()))) {
        millis = FailoverProbe.measure(cluster, FAILOVER_LIMIT);
      }
      FailoverResult r = new FailoverResult(system.name(), Setting.MEMORY.label(), trial, plan.electionTimeoutMs(),
          millis);
      System.out.printf("%-10s failover trial %d: %.1f ms%n", system.name(), trial, millis);
      results.add(r);
      deleteRecursively(dir);
    }
    return results;
  }

  private static void writeSettings(BenchSystem system, Plan plan, Path out, Path data) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("### " + system.name() + " " + system.version());
    for (Setting s : Setting.values()) {
      lines.add("");
      lines.add("*" + s.label() + "*:");
      lines.add("");
      for (String d : system.describe(s, new ClusterOptions(data, plan.electionTimeoutMs()))) {
        lines.add("- " + d);
      }
    }
    Files.write(out.resolve(system.name() + "-settings.md"), lines, StandardCharsets.UTF_8);
  }

  private static void write(Path file, String header, List<String> lines) throws IOException {
    List<String> all = new ArrayList<>();
    all.add(header);
    all.addAll(lines);
    Files.write(file, all, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** The one-minute load average, or -1 where {@code /proc/loadavg} cannot be read. */
  public static double loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
      return Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
