package omnipaxos.bench.service;

import java.util.Locale;

/**
 * One measured cell: a system, an operation ({@code write} or {@code read}) and a number of
 * outstanding requests; latencies in milliseconds.
 */
record Cell(String system, String op, int outstanding, double throughput, double p50Ms,
    double p99Ms, double p999Ms, long errors, boolean linearizable) {

  /** The CSV header matching {@link #csv()}. */
  static final String HEADER =
      "system,op,outstanding,ops_per_s,p50_ms,p99_ms,p999_ms,errors,linearizable";

  /** This cell as one CSV line. */
  String csv() {
    return String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.3f,%.3f,%.3f,%d,%b", system, op, outstanding,
        throughput, p50Ms, p99Ms, p999Ms, errors, linearizable);
  }

  /** Parses a line written by {@link #csv()}. */
  static Cell parse(String line) {
    String[] f = line.split(",");
    return new Cell(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
        Long.parseLong(f[7]), Boolean.parseBoolean(f[8]));
  }
}
