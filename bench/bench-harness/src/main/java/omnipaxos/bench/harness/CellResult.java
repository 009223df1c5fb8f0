package omnipaxos.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One system's numbers for one cell, as a line of the results CSV.
 *
 * @param system the system's name
 * @param version its version
 * @param setting the setting's label
 * @param outstanding writes kept in flight
 * @param entryBytes entry size
 * @param iterations measured iterations
 * @param throughput the median over the iterations of decided entries per second
 * @param throughputMin the slowest iteration
 * @param throughputMax the fastest iteration
 * @param p50Micros append-to-decide latency, median, in microseconds
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param meanMicros mean
 * @param samples writes measured
 * @param errors writes that failed while measuring
 * @param cpuMicrosPerOp CPU time of the JVM per decided write, in microseconds
 * @param loadAverage the machine's one-minute load average at the end of the cell
 */
public record CellResult(String system, String version, String setting, int outstanding, int entryBytes,
    int iterations, double throughput, double throughputMin, double throughputMax, double p50Micros,
    double p99Micros, double p999Micros, double meanMicros, long samples, long errors, double cpuMicrosPerOp, double loadAverage) {

  public static final String HEADER = "system,version,setting,outstanding,entry_bytes,iterations,throughput,"
      + "throughput_min,throughput_max,p50_us,p99_us,p999_us,mean_us,samples,errors,cpu_us_per_op,load_avg";

  /** The result of {@code m}. */
  public static CellResult of(String system, String version, Setting setting, Workload w,
      ClosedLoop.Measurement m, double loadAverage) {
    List<Double> sorted = new ArrayList<>(m.throughputs());
    sorted.sort(null);
    double median = sorted.isEmpty() ? 0 : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    Histogram h = m.latencies();
    boolean any = h.getTotalCount() > 0;
    return new CellResult(system, version, setting.label(), w.outstanding(), w.entryBytes(), sorted.size(), median,
        sorted.isEmpty() ? 0 : sorted.get(0), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
        any ? h.getValueAtPercentile(50) / 1e3 : 0, any ? h.getValueAtPercentile(99) / 1e3 : 0,
        any ? h.getValueAtPercentile(99.9) / 1e3 : 0, any ? h.getMean() / 1e3 : 0, h.getTotalCount(), m.errors(),
        m.cpuMicrosPerOp(), loadAverage);
  }

  /** This result as a CSV line (no quoting needed: no field holds a comma). */
  public String toCsv() {
    return String.join(",", system, version, setting, Integer.toString(outstanding), Integer.toString(entryBytes),
        Integer.toString(iterations), num(throughput), num(throughputMin), num(throughputMax), num(p50Micros),
        num(p99Micros), num(p999Micros), num(meanMicros), Long.toString(samples), Long.toString(errors),
        num(cpuMicrosPerOp), num(loadAverage));
  }

  /** Parses a line written by {@link #toCsv()}. */
  public static CellResult parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 17) {
      throw new IllegalArgumentException("expected 17 fields, got " + f.length + ": " + line);
    }
    return new CellResult(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
        Double.parseDouble(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]), Long.parseLong(f[13]),
        Long.parseLong(f[14]), Double.parseDouble(f[15]), Double.parseDouble(f[16]));
  }

  /** One line for the console. */
  public String summary() {
    return String.format(Locale.ROOT, "%-10s %-8s %5d B %3d out: %,10.0f ops/s [%,.0f..%,.0f]  p50 %,9.1f us  "
        + "p99 %,9.1f us  p99.9 %,9.1f us  cpu %,.1f us/op  (%d samples, %d errors, load %.1f)", system, setting,
        entryBytes, outstanding, throughput, throughputMin, throughputMax, p50Micros, p99Micros, p999Micros,
        cpuMicrosPerOp, samples, errors, loadAverage);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
