package omnipaxos.bench.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service benchmark's entry point, run by {@code bench/run-service.sh} against the servers it
 * started:
 * <ul>
 *   <li>{@code run --system S --endpoints h:p,... --outstanding 1,16,64 --warmup-s W --measure-s M
 *       --keys K --out FILE}: loads K keys, then measures writes and reads at each number of
 *       outstanding requests, appending one CSV line per cell to FILE;
 *   <li>{@code memory --system S --endpoints ... --pids P,... --keys K --out FILE}: the
 *       servers' RSS before and after loading K keys with 16-byte values, appended to FILE;
 *   <li>{@code page --system S --endpoints ... --http h:p,... --streams N --rounds R
 *       --outstanding ... --warmup-s W --measure-s M --keys K --out FILE}: measures each cell R
 *       times without and R times with the dashboard open ({@link PageClients}: N streams on every
 *       server of {@code --http}, one poller), alternating, appending one CSV line per run;
 *   <li>{@code report --dir DIR}: the table with ratios, {@code service.md} and {@code service.svg}
 *       from DIR's {@code service.csv} (and {@code memory.csv} if there); {@code page.md} from
 *       {@code page.csv} if there.
 * </ul>
 */
public final class ServiceBenchMain {

  /** Writes in flight while loading for the memory figures. */
  private static final int LOAD_OUTSTANDING = 64;

  private ServiceBenchMain() {}

  /** Runs one mode; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: run|memory|report --option value ...");
    }
    Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
    switch (args[0]) {
      case "run" -> run(o.get("system"), list(o.get("endpoints")), ints(o.get("outstanding")),
          Duration.ofMillis((long) (Double.parseDouble(o.get("warmup-s")) * 1000)),
          Duration.ofMillis((long) (Double.parseDouble(o.get("measure-s")) * 1000)),
          Integer.parseInt(o.get("keys")), Path.of(o.get("out")));
      case "memory" -> memory(o.get("system"), list(o.get("endpoints")), list(o.get("pids")),
          Integer.parseInt(o.get("keys")), Path.of(o.get("out")));
      case "page" -> page(o.get("system"), list(o.get("endpoints")), list(o.get("http")),
          Integer.parseInt(o.get("streams")), Integer.parseInt(o.get("rounds")),
          ints(o.get("outstanding")), Duration.ofMillis((long) (Double.parseDouble(
              o.get("warmup-s")) * 1000)), Duration.ofMillis((long) (Double.parseDouble(
              o.get("measure-s")) * 1000)), Integer.parseInt(o.get("keys")), Path.of(o.get("out")));
      case "report" -> {
        Path dir = Path.of(o.get("dir"));
        if (Files.exists(dir.resolve("service.csv")) || Files.exists(dir.resolve("memory.csv"))) {
          System.out.print(ServiceReport.write(dir));
        }
        System.out.print(PageReport.write(dir));
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /**
   * Measures writes, then reads, at each of {@code outstanding}; appends each cell to {@code out}.
   */
  public static List<Cell> run(String system, List<String> endpoints, int[] outstanding,
      Duration warmup, Duration measure, int keys, Path out)
      throws InterruptedException, IOException {
    int slots = Arrays.stream(outstanding).max().orElse(1);
    List<Cell> cells = new ArrayList<>();
    try (ServiceClient client = ServiceClient.open(system, endpoints, slots)) {
      ServiceLoop.load(client, keys, slots);
      for (boolean reads : new boolean[] {false, true}) {
        for (int n : outstanding) {
          Cell c = new ServiceLoop(client, reads, n, keys).measure(system, warmup, measure);
          System.out.printf(Locale.ROOT, "%-10s %-5s %3d outstanding: %,9.0f ops/s  p50 %.2f"
              + "  p99 %.2f  p99.9 %.2f ms  errors %d%n", system, c.op(), n, c.throughput(),
              c.p50Ms(), c.p99Ms(), c.p999Ms(), c.errors());
          cells.add(c);
          append(out, Cell.HEADER, c.csv());
        }
      }
    }
    return cells;
  }

  /**
   * Measures writes, then reads, at each of {@code outstanding}, each cell {@code rounds} times
   * without and as often with the page open ({@code streams} streams on every one of {@code http},
   * and one poller), alternating (odd rounds without first, even rounds with first); appends each
   * run to {@code out}.
   */
  static void page(String system, List<String> endpoints, List<String> http, int streams,
      int rounds, int[] outstanding, Duration warmup, Duration measure, int keys, Path out)
      throws InterruptedException, IOException {
    int slots = Arrays.stream(outstanding).max().orElse(1);
    try (ServiceClient client = ServiceClient.open(system, endpoints, slots)) {
      ServiceLoop.load(client, keys, slots);
      for (boolean reads : new boolean[] {false, true}) {
        for (int n : outstanding) {
          for (int round = 1; round <= rounds; round++) {
            for (boolean page : round % 2 == 1 ? new boolean[] {false, true}
                : new boolean[] {true, false}) {
              PageRun r = pageRun(client, system, reads, n, keys, round,
                  page ? Optional.of(http) : Optional.empty(), streams, warmup, measure);
              Cell c = r.cell();
              System.out.printf(Locale.ROOT, "%-10s %-5s %3d outstanding, round %d, %-9s %,9.0f"
                  + " ops/s  p50 %.2f  p99 %.2f ms  errors %d  (page: %d events, %d polls)%n",
                  system, c.op(), n, round, page ? "page open" : "no page", c.throughput(),
                  c.p50Ms(), c.p99Ms(), c.errors(), r.events(), r.polls());
              append(out, PageRun.HEADER, r.csv());
            }
          }
        }
      }
    }
  }

  private static PageRun pageRun(ServiceClient client, String system, boolean reads, int n,
      int keys, int round, Optional<List<String>> http, int streams, Duration warmup,
      Duration measure) throws InterruptedException, IOException {
    ServiceLoop loop = new ServiceLoop(client, reads, n, keys);
    if (http.isEmpty()) {
      return new PageRun(round, false, loop.measure(system, warmup, measure), 0, 0);
    }
    try (PageClients page = new PageClients(http.get(), streams)) {
      Cell c = loop.measure(system, warmup, measure);
      if (page.events() == 0 || page.polls() == 0) {
        throw new IllegalStateException("the page clients received nothing: " + page.events()
            + " events, " + page.polls() + " polls, " + page.failures() + " failed polls");
      }
      return new PageRun(round, true, c, page.events(), page.polls());
    }
  }

  /** Loads {@code keys} keys; appends the servers' RSS before and after to {@code out}. */
  static void memory(String system, List<String> endpoints, List<String> pids, int keys, Path out)
      throws InterruptedException, IOException {
    if (system.startsWith("ours")) {
      collectGarbage(pids);
    }
    long before = rss(pids);
    long start = System.nanoTime();
    try (ServiceClient client = ServiceClient.open(system, endpoints, LOAD_OUTSTANDING)) {
      ServiceLoop.load(client, keys, LOAD_OUTSTANDING);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (system.startsWith("ours")) {
      collectGarbage(pids);
    }
    long after = rss(pids);
    double perKey = (after - before) / (double) pids.size() / keys;
    double beforeMib = before / pids.size() / 1048576.0;
    double afterMib = after / pids.size() / 1048576.0;
    System.out.printf(Locale.ROOT, "%-10s %,d keys in %.1f s: RSS per server %.1f -> %.1f MiB,"
        + " %.0f B/key%n", system, keys, seconds, beforeMib, afterMib, perKey);
    append(out, "system,keys,rss_before_mib,rss_after_mib,bytes_per_key", String.format(Locale.ROOT,
        "%s,%d,%.1f,%.1f,%.1f", system, keys, beforeMib, afterMib, perKey));
  }

  /**
   * A full collection in each of our server JVMs ({@code jcmd PID GC.run}), so that their RSS counts
   * the live state rather than garbage not yet collected.
   */
  static void collectGarbage(List<String> pids) throws IOException, InterruptedException {
    for (String pid : pids) {
      new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
    Thread.sleep(1000);
  }

  /** The summed resident set of {@code pids}, in bytes, from {@code /proc/PID/status}. */
  static long rss(List<String> pids) throws IOException {
    long total = 0;
    for (String pid : pids) {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    }
    return total;
  }

  private static void append(Path out, String header, String line) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    String text = (Files.exists(out) ? "" : header + "\n") + line + "\n";
    Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an --option, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  private static List<String> list(String csv) {
    return List.of(csv.split(","));
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
