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
 *   <li>{@code memory --system S --endpoints ... --pids P,... --keys K --out FILE}: bytes per
 *       16-byte string key and per hash field ({@link MemoryBench}), appended to FILE;
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
      case "memory" -> MemoryBench.run(o.get("system"), list(o.get("endpoints")),
          list(o.get("pids")), Integer.parseInt(o.get("keys")), Path.of(o.get("out")));
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
