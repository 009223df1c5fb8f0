package omnipaxos.bench.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The service benchmark's results from {@code service.csv}: a markdown table of every cell with the
 * ratios ours/etcd and ours/Redis (throughput, and p99 in brackets), the memory table if
 * {@code memory.csv} is there, and a throughput-vs-p99 chart as SVG.
 */
final class ServiceReport {

  /** The systems in the order shown. */
  static final List<String> SYSTEMS = List.of("ours-log", "ours-lease", "etcd", "redis");

  private static final Map<String, String> COLORS = Map.of("ours-log", "#d62728",
      "ours-lease", "#ff7f0e", "etcd", "#1f77b4", "redis", "#2ca02c");
  private static final List<String> OURS = List.of("ours-log", "ours-lease");
  private static final List<String> PEERS = List.of("etcd", "redis");

  private ServiceReport() {}

  /** Writes {@code service.md} and {@code service.svg} into {@code dir}; returns the markdown. */
  static String write(Path dir) throws IOException {
    Path csv = dir.resolve("service.csv");
    List<Cell> cells = !Files.exists(csv) ? List.of() : Files.readAllLines(csv).stream().skip(1)
        .filter(l -> !l.isBlank()).map(Cell::parse).toList();
    StringBuilder md = new StringBuilder();
    md.append(table(cells));
    Path memory = dir.resolve("memory.csv");
    if (Files.exists(memory)) {
      md.append(memoryTable(Files.readAllLines(memory)));
    }
    Files.writeString(dir.resolve("service.md"), md, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("service.svg"), svg(cells), StandardCharsets.UTF_8);
    return md.toString();
  }

  /**
   * The memory table from {@code memory.csv} ({@link MemoryBench#HEADER}): bytes per 16-byte
   * string key and per hash field, from RSS, INFO used_memory and our estimate.
   */
  static String memoryTable(List<String> lines) {
    StringBuilder b = new StringBuilder("\n| memory | per | count | load (s) | RSS per server"
        + " before (MiB) | after (MiB) | bytes per unit, RSS | used_memory | our estimate |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String line : lines.stream().skip(1).filter(l -> !l.isBlank()).toList()) {
      String[] f = line.split(",", -1);
      b.append(fmt("| %s | %s | %,d |", f[0], f[1], Long.parseLong(f[2])));
      for (int i = 3; i < f.length; i++) {
        b.append(' ').append(f[i].isEmpty() ? "-" : f[i]).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Every cell: ops/s and p50/p99/p99.9 in ms per system, then the ratios. */
  static String table(List<Cell> cells) {
    StringBuilder b = new StringBuilder("| op | outstanding |");
    List<String> present = SYSTEMS.stream()
        .filter(s -> cells.stream().anyMatch(c -> c.system().equals(s))).toList();
    for (String s : present) {
      b.append(' ').append(s).append(" ops/s (p50 / p99 / p99.9 ms) |");
    }
    for (String o : OURS) {
      for (String p : PEERS) {
        if (present.contains(o) && present.contains(p)) {
          b.append(' ').append(o).append('/').append(p).append(" (p99) |");
        }
      }
    }
    long columns = b.chars().filter(ch -> ch == '|').count() - 1;
    b.append("\n|---|").append("---:|".repeat((int) columns - 1)).append('\n');
    for (String op : List.of("write", "read")) {
      TreeSet<Integer> ns = new TreeSet<>();
      cells.stream().filter(c -> c.op().equals(op)).forEach(c -> ns.add(c.outstanding()));
      for (int n : ns) {
        b.append("| ").append(op).append(" | ").append(n).append(" |");
        for (String s : present) {
          b.append(find(cells, s, op, n).map(c -> fmt(" %,.0f (%.2f / %.2f / %.2f)%s |",
              c.throughput(), c.p50Ms(), c.p99Ms(), c.p999Ms(),
              c.linearizable() ? "" : " not lin."))
              .orElse(" - |"));
        }
        for (String o : OURS) {
          for (String p : PEERS) {
            if (present.contains(o) && present.contains(p)) {
              Optional<Cell> a = find(cells, o, op, n);
              Optional<Cell> z = find(cells, p, op, n);
              b.append(a.isPresent() && z.isPresent() ? fmt(" %.2fx (%.2fx) |",
                  a.get().throughput() / z.get().throughput(), a.get().p99Ms() / z.get().p99Ms())
                  : " - |");
            }
          }
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static Optional<Cell> find(List<Cell> cells, String system, String op, int n) {
    return cells.stream().filter(c -> c.system().equals(system) && c.op().equals(op)
        && c.outstanding() == n).findFirst();
  }

  /** Two panels, writes and reads: throughput against p99, both logarithmic, a line per system. */
  static String svg(List<Cell> cells) {
    int pw = 480;
    int ph = 360;
    int ml = 70;
    int mt = 50;
    int mb = 50;
    StringBuilder b = new StringBuilder();
    b.append(fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"12\">%n", 2 * pw, ph + 40));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(fmt("<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-size=\"15\""
        + " font-weight=\"bold\">Service: throughput vs p99, 3 servers, 16-byte values, fsync"
        + " (points: 1, 16, 64 outstanding)</text>%n", pw));
    List<Cell> drawn = cells.stream().filter(c -> c.throughput() > 0 && c.p99Ms() > 0).toList();
    double minX = log(drawn.stream().mapToDouble(Cell::throughput).min().orElse(1) / 1.5);
    double maxX = log(drawn.stream().mapToDouble(Cell::throughput).max().orElse(10) * 1.5);
    double minY = log(drawn.stream().mapToDouble(Cell::p99Ms).min().orElse(0.1) / 1.5);
    double maxY = log(drawn.stream().mapToDouble(Cell::p99Ms).max().orElse(10) * 1.5);
    List<String> ops = List.of("write", "read");
    for (int i = 0; i < ops.size(); i++) {
      int x0 = i * pw + ml;
      int x1 = (i + 1) * pw - 20;
      int y0 = mt;
      int y1 = ph - mb;
      b.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
          + " stroke=\"black\"/>%n", x0, y0, x1 - x0, y1 - y0));
      b.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\""
          + " font-weight=\"bold\">%s</text>%n", (x0 + x1) / 2, y0 - 8, ops.get(i) + "s"));
      b.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">ops/s (log)</text>%n",
          (x0 + x1) / 2, y1 + 36));
      b.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90"
          + " %d %d)\">p99 ms (log)</text>%n", x0 - 50, (y0 + y1) / 2, x0 - 50, (y0 + y1) / 2));
      for (double t = Math.floor(minX); t <= maxX; t++) {
        if (t >= minX) {
          int x = (int) (x0 + (t - minX) / (maxX - minX) * (x1 - x0));
          b.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              x, y0, x, y1, x, y1 + 16, label(Math.pow(10, t))));
        }
      }
      for (double t = Math.floor(minY); t <= maxY; t++) {
        if (t >= minY) {
          int y = (int) (y1 - (t - minY) / (maxY - minY) * (y1 - y0));
          b.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              x0, y, x1, y, x0 - 4, y + 4, label(Math.pow(10, t))));
        }
      }
      String op = ops.get(i);
      for (String s : SYSTEMS) {
        List<Cell> line = drawn.stream().filter(c -> c.system().equals(s) && c.op().equals(op))
            .sorted((a, z) -> Integer.compare(a.outstanding(), z.outstanding())).toList();
        StringBuilder points = new StringBuilder();
        for (Cell c : line) {
          double x = x0 + (log(c.throughput()) - minX) / (maxX - minX) * (x1 - x0);
          double y = y1 - (log(c.p99Ms()) - minY) / (maxY - minY) * (y1 - y0);
          points.append(fmt("%.1f,%.1f ", x, y));
          b.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", x, y,
              COLORS.get(s)));
        }
        if (!line.isEmpty()) {
          b.append(fmt("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
              + " stroke-width=\"2\"/>%n", points.toString().trim(), COLORS.get(s)));
        }
      }
    }
    int lx = ml;
    for (String s : SYSTEMS) {
      b.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ph + 10, COLORS.get(s), lx + 20, ph + 22,
          s.equals("redis") ? "redis (reads not linearizable)" : s));
      lx += 200;
    }
    return b.append("</svg>\n").toString();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static double log(double v) {
    return Math.log10(v);
  }

  private static String label(double v) {
    return v >= 1000 ? fmt("%.0fk", v / 1000)
        : fmt(v >= 1 ? "%.0f" : "%.1f", v);
  }
}
