package omnipaxos.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Gathers the result files of every system's JVMs in one directory and writes {@code results.csv}
 * (every cell, with the ratio ours/theirs), {@code failover.csv}, {@code summary.md} (the tables) and
 * {@code throughput-vs-p99.png}. Usage: {@code Aggregate DIR}.
 */
public final class Aggregate {

  /** The system the ratios are taken for. */
  public static final String OURS = "omnipaxos";
  private static final List<String> ORDER = List.of(OURS, "ratis", "ratis-tuned", "jraft", "jraft-tuned",
      "microraft", "microraft-tuned");

  private final List<CellResult> cells;
  private final List<FailoverResult> failovers;

  public Aggregate(List<CellResult> cells, List<FailoverResult> failovers) {
    this.cells = List.copyOf(cells);
    this.failovers = List.copyOf(failovers);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Aggregate RESULTS_DIR");
    }
    Path dir = Path.of(args[0]);
    Aggregate a = read(dir);
    a.write(dir);
    System.out.println(Files.readString(dir.resolve("summary.md")));
  }

  /** Reads every {@code *-memory.csv}, {@code *-durable.csv} and {@code *-failover.csv} in {@code dir}. */
  public static Aggregate read(Path dir) throws IOException {
    List<CellResult> cells = new ArrayList<>();
    List<FailoverResult> failovers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.equals("results.csv") || name.equals("failover.csv") || name.equals("jmh.csv") || !name.endsWith(".csv")) {
          continue;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
          if (line.isBlank()) {
            continue;
          }
          if (name.endsWith("-failover.csv")) {
            failovers.add(FailoverResult.parse(line));
          } else {
            cells.add(CellResult.parse(line));
          }
        }
      }
    }
    return new Aggregate(cells, failovers);
  }

  /** Writes the four outputs into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.write(dir.resolve("results.csv"), resultsCsv(), StandardCharsets.UTF_8);
    List<String> fo = new ArrayList<>();
    fo.add(FailoverResult.HEADER);
    failovers.forEach(f -> fo.add(f.toCsv()));
    Files.write(dir.resolve("failover.csv"), fo, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.md"), summary(dir), StandardCharsets.UTF_8);
    new Chart(cells).writePng(dir.resolve("throughput-vs-p99.png"));
  }

  /** Every cell with two more columns: our throughput and p99 latency divided by this system's. */
  public List<String> resultsCsv() {
    List<String> lines = new ArrayList<>();
    lines.add(CellResult.HEADER + ",ours_over_theirs_throughput,ours_over_theirs_p99");
    for (CellResult c : sorted()) {
      Optional<CellResult> ours = ours(c);
      String t = ours.map(o -> ratio(o.throughput(), c.throughput())).orElse("");
      String p = ours.map(o -> ratio(o.p99Micros(), c.p99Micros())).orElse("");
      lines.add(c.toCsv() + "," + t + "," + p);
    }
    return lines;
  }

  /** The tables of {@code summary.md}; {@code dir} supplies the systems' settings files. */
  public String summary(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    Path machine = dir.resolve("machine.txt");
    if (Files.exists(machine)) {
      b.append("```\n").append(Files.readString(machine, StandardCharsets.UTF_8).strip()).append("\n```\n\n");
    }
    List<String> systems = systems();
    for (String setting : List.of(Setting.MEMORY.label(), Setting.DURABLE.label())) {
      if (cells.stream().noneMatch(c -> c.setting().equals(setting))) {
        continue;
      }
      table(b, setting, "throughput, decided entries/s (ours/theirs above 1: we are faster)", systems, setting,
          CellResult::throughput, "%,.0f");
      table(b, setting, "p50 latency, µs (ours/theirs below 1: we are faster)", systems, setting,
          CellResult::p50Micros, "%,.0f");
      table(b, setting, "p99 latency, µs (ours/theirs below 1: we are faster)", systems, setting,
          CellResult::p99Micros, "%,.0f");
      table(b, setting, "p99.9 latency, µs", systems, setting, CellResult::p999Micros, "%,.0f");
      table(b, setting, "CPU time of the JVM per decided write, µs (ours/theirs below 1: we do less work)", systems,
          setting, CellResult::cpuMicrosPerOp, "%,.1f");
      table(b, setting, "context switches of the JVM's threads per decided write (thread hand-offs)", systems,
          setting, CellResult::switchesPerOp, "%,.1f");
    }
    if (!failovers.isEmpty()) {
      b.append("#### Failover: leader killed → first write decided, ms (election timeout ")
          .append(failovers.get(0).electionTimeoutMs()).append(" ms)\n\n| system | trials | median |\n|---|---|---|\n");
      Map<String, List<Double>> bySystem = new LinkedHashMap<>();
      for (String s : systems) {
        bySystem.put(s, new ArrayList<>());
      }
      for (FailoverResult f : failovers) {
        bySystem.computeIfAbsent(f.system(), k -> new ArrayList<>()).add(f.millis());
      }
      bySystem.forEach((s, ms) -> {
        if (!ms.isEmpty()) {
          List<String> shown = ms.stream().map(v -> v < 0 ? "none in 30 s" : String.format(Locale.ROOT, "%,.0f", v))
              .toList();
          b.append("| ").append(s).append(" | ").append(String.join(", ", shown)).append(" | ")
              .append(median(ms)).append(" |\n");
        }
      });
      b.append('\n');
    }
    Path jmh = dir.resolve("jmh.csv");
    if (Files.exists(jmh)) {
      b.append(JmhTable.markdown(Files.readAllLines(jmh, StandardCharsets.UTF_8))).append('\n');
    }
    double maxLoad = cells.stream().mapToDouble(CellResult::loadAverage).max().orElse(-1);
    double minLoad = cells.stream().mapToDouble(CellResult::loadAverage).min().orElse(-1);
    b.append(String.format(Locale.ROOT, "One-minute load average during the cells: %.1f to %.1f.%n%n", minLoad, maxLoad));
    for (String s : systems) {
      Path settings = dir.resolve(s + "-settings.md");
      if (Files.exists(settings)) {
        b.append(Files.readString(settings, StandardCharsets.UTF_8)).append('\n');
      }
    }
    return b.toString();
  }

  private void table(StringBuilder b, String setting, String what, List<String> systems, String s,
      ToDoubleFunction<CellResult> value, String format) {
    b.append("#### ").append(setting).append(": ").append(what).append("\n\n| entry | outstanding |");
    StringBuilder rule = new StringBuilder("|---:|---:|");
    for (String sys : systems) {
      b.append(' ').append(sys).append(" |");
      rule.append("---:|");
      if (!sys.equals(OURS)) {
        b.append(" ours/").append(sys).append(" |");
        rule.append("---:|");
      }
    }
    b.append('\n').append(rule).append('\n');
    TreeSet<Integer> sizes = new TreeSet<>();
    TreeSet<Integer> outs = new TreeSet<>();
    cells.stream().filter(c -> c.setting().equals(s)).forEach(c -> {
      sizes.add(c.entryBytes());
      outs.add(c.outstanding());
    });
    for (int size : sizes) {
      for (int out : outs) {
        b.append("| ").append(size).append(" B | ").append(out).append(" |");
        Optional<CellResult> ours = find(OURS, s, size, out);
        for (String sys : systems) {
          Optional<CellResult> c = find(sys, s, size, out);
          b.append(' ').append(c.map(r -> String.format(Locale.ROOT, format, value.applyAsDouble(r))).orElse("–"))
              .append(" |");
          if (!sys.equals(OURS)) {
            String r = ours.isPresent() && c.isPresent()
                ? ratio(value.applyAsDouble(ours.get()), value.applyAsDouble(c.get())) : "–";
            b.append(' ').append(r).append(" |");
          }
        }
        b.append('\n');
      }
    }
    b.append('\n');
  }

  /** The systems present, ours first, then the known peers, then any others by name. */
  public List<String> systems() {
    TreeSet<String> present = new TreeSet<>();
    cells.forEach(c -> present.add(c.system()));
    failovers.forEach(f -> present.add(f.system()));
    List<String> out = new ArrayList<>();
    for (String s : ORDER) {
      if (present.remove(s)) {
        out.add(s);
      }
    }
    out.addAll(present);
    return out;
  }

  private List<CellResult> sorted() {
    List<String> systems = systems();
    List<CellResult> all = new ArrayList<>(cells);
    all.sort((x, y) -> {
      int c = x.setting().compareTo(y.setting());
      c = c != 0 ? c : Integer.compare(x.entryBytes(), y.entryBytes());
      c = c != 0 ? c : Integer.compare(x.outstanding(), y.outstanding());
      return c != 0 ? c : Integer.compare(systems.indexOf(x.system()), systems.indexOf(y.system()));
    });
    return all;
  }

  private Optional<CellResult> ours(CellResult c) {
    return find(OURS, c.setting(), c.entryBytes(), c.outstanding());
  }

  private Optional<CellResult> find(String system, String setting, int size, int out) {
    return cells.stream().filter(c -> c.system().equals(system) && c.setting().equals(setting)
        && c.entryBytes() == size && c.outstanding() == out).findFirst();
  }

  private static String ratio(double ours, double theirs) {
    if (theirs <= 0 || ours <= 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", ours / theirs);
  }

  /** The median of the trials that recovered, or a dash if none did. */
  private static String median(List<Double> values) {
    List<Double> s = new ArrayList<>(values.stream().filter(v -> v >= 0).toList());
    if (s.isEmpty()) {
      return "–";
    }
    s.sort(null);
    int n = s.size();
    double m = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    return String.format(Locale.ROOT, "%,.0f", m);
  }
}
