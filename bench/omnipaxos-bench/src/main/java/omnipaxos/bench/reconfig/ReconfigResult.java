package omnipaxos.bench.reconfig;

import java.util.Locale;

/**
 * One replacement's measurements.
 *
 * @param catchUpMs from the change request until the new server is a voter that has caught up
 * @param leaderBytes state bytes the leader served to the new server
 * @param totalBytes state bytes every old server together served
 */
record ReconfigResult(String system, int dataMib, double catchUpMs, long leaderBytes, long totalBytes,
    WriteLoad.Phase before, WriteLoad.Phase during) {

  String toCsv() {
    return String.format(Locale.ROOT, "%s,%d,%.1f,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f", system, dataMib, catchUpMs,
        leaderBytes, totalBytes, before.throughput(), before.p99Micros(), during.throughput(), during.p99Micros(),
        during.maxMicros());
  }

  String summary() {
    return String.format(Locale.ROOT,
        "%s reconfig %d MiB: caught up in %.0f ms; state bytes served: leader %.1f MiB, all old servers %.1f MiB;"
            + " before %.0f ops/s p99 %.0f us; during %.0f ops/s p99 %.0f us max %.0f us",
        system, dataMib, catchUpMs, leaderBytes / 1048576.0, totalBytes / 1048576.0, before.throughput(),
        before.p99Micros(), during.throughput(), during.p99Micros(), during.maxMicros());
  }
}
