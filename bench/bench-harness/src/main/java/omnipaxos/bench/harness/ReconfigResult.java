package omnipaxos.bench.harness;

import java.util.Locale;

/**
 * One replacement's measurements, of any system.
 *
 * @param catchUpMs from the change request until the new server is a voter that has caught up
 * @param leaderBytes bytes the leader sent to bring the new server up, -1 where not measured
 * @param totalBytes bytes every old server together sent for it, -1 where not measured
 */
public record ReconfigResult(String system, int dataMib, double catchUpMs, long leaderBytes, long totalBytes,
    WriteLoad.Phase before, WriteLoad.Phase during) {

  /** The CSV header of {@link #toCsv}. */
  public static final String HEADER = "system,data_mib,catch_up_ms,leader_bytes,total_bytes,"
      + "before_ops_s,before_p99_us,during_ops_s,during_p99_us,during_max_us";

  /** One CSV line. */
  public String toCsv() {
    return String.format(Locale.ROOT, "%s,%d,%.1f,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f", system, dataMib, catchUpMs,
        leaderBytes, totalBytes, before.throughput(), before.p99Micros(), during.throughput(), during.p99Micros(),
        during.maxMicros());
  }

  /** One line for the log. */
  public String summary() {
    return String.format(Locale.ROOT,
        "%s reconfig %d MiB: caught up in %.0f ms; bytes sent for it: leader %s, all old servers %s;"
            + " before %.0f ops/s p99 %.0f us; during %.0f ops/s p99 %.0f us max %.0f us",
        system, dataMib, catchUpMs, mib(leaderBytes), mib(totalBytes), before.throughput(),
        before.p99Micros(), during.throughput(), during.p99Micros(), during.maxMicros());
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
