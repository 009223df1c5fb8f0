package omnipaxos.bench.service;

import java.util.Locale;

/**
 * One measurement of the page benchmark: a cell measured in {@code round}, with the dashboard
 * open ({@code page}) or not, and what the page clients received meanwhile (0 without).
 */
record PageRun(int round, boolean page, Cell cell, long events, long polls) {

  /** The CSV header matching {@link #csv()}. */
  static final String HEADER = "round,page,events,polls," + Cell.HEADER;

  /** This run as one CSV line. */
  String csv() {
    return String.format(Locale.ROOT, "%d,%b,%d,%d,%s", round, page, events, polls, cell.csv());
  }

  /** Parses a line written by {@link #csv()}. */
  static PageRun parse(String line) {
    String[] f = line.split(",", 5);
    return new PageRun(Integer.parseInt(f[0]), Boolean.parseBoolean(f[1]),
        Cell.parse(f[4]), Long.parseLong(f[2]), Long.parseLong(f[3]));
  }
}
