package omnipaxos.bench.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The page benchmark's results from {@code page.csv}, as {@code page.md}: per cell every run
 * without and with the dashboard open (ops/s, p50 and p99), the ratio with/without of each round's
 * pair, and of the means over all rounds (throughput, and p99 in brackets: 1.00x is no cost).
 */
final class PageReport {

  private PageReport() {}

  /** Writes {@code page.md} into {@code dir} if {@code page.csv} is there; returns it, or "". */
  static String write(Path dir) throws IOException {
    Path csv = dir.resolve("page.csv");
    if (!Files.exists(csv)) {
      return "";
    }
    List<PageRun> runs = Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank())
        .map(PageRun::parse).toList();
    String md = table(runs);
    Files.writeString(dir.resolve("page.md"), md, StandardCharsets.UTF_8);
    return md;
  }

  /** One row per cell and round, then one per cell for the means. */
  static String table(List<PageRun> runs) {
    StringBuilder b = new StringBuilder("| op | outstanding | round | without page ops/s"
        + " (p50 / p99 ms) | with page ops/s (p50 / p99 ms) | with/without (p99) | page events"
        + " / polls |\n|---|---:|---|---:|---:|---:|---:|\n");
    for (String op : List.of("write", "read")) {
      TreeSet<Integer> ns = new TreeSet<>();
      runs.stream().filter(r -> r.cell().op().equals(op)).forEach(r -> ns.add(r.cell()
          .outstanding()));
      for (int n : ns) {
        List<PageRun> cell = runs.stream().filter(r -> r.cell().op().equals(op)
            && r.cell().outstanding() == n).toList();
        TreeSet<Integer> rounds = new TreeSet<>();
        cell.forEach(r -> rounds.add(r.round()));
        for (int round : rounds) {
          List<PageRun> pair = cell.stream().filter(r -> r.round() == round).toList();
          row(b, op, n, Integer.toString(round), cells(pair, false), cells(pair, true),
              pair.stream().mapToLong(PageRun::events).sum(),
              pair.stream().mapToLong(PageRun::polls).sum());
        }
        row(b, op, n, "**mean**", cells(cell, false), cells(cell, true),
            cell.stream().mapToLong(PageRun::events).sum(),
            cell.stream().mapToLong(PageRun::polls).sum());
      }
    }
    return b.toString();
  }

  private static List<Cell> cells(List<PageRun> runs, boolean page) {
    return runs.stream().filter(r -> r.page() == page).map(PageRun::cell).toList();
  }

  private static void row(StringBuilder b, String op, int n, String round, List<Cell> without,
      List<Cell> with, long events, long polls) {
    if (without.isEmpty() || with.isEmpty()) {
      return;
    }
    double t0 = mean(without, Cell::throughput);
    double t1 = mean(with, Cell::throughput);
    double p0 = mean(without, Cell::p99Ms);
    double p1 = mean(with, Cell::p99Ms);
    b.append(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f (%.2f / %.2f) | %,.0f (%.2f / %.2f)"
        + " | %.2fx (%.2fx) | %,d / %,d |%n", op, n, round, t0, mean(without, Cell::p50Ms), p0, t1,
        mean(with, Cell::p50Ms), p1, t1 / t0, p1 / p0, events, polls));
  }

  private static double mean(List<Cell> cells, java.util.function.ToDoubleFunction<Cell> f) {
    return cells.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
