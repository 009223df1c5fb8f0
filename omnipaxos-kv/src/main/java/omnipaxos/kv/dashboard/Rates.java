package omnipaxos.kv.dashboard;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * Client throughput and latency between two samples of the same server.
 *
 * @param writesPerSec write commands per second
 * @param readsPerSec read commands per second
 * @param p99Ms the 99th percentile of the latencies recorded between them, as the upper bound of
 *     its histogram bucket in milliseconds; NaN if none was recorded
 */
record Rates(double writesPerSec, double readsPerSec, double p99Ms) {

  static final Rates NONE = new Rates(0, 0, Double.NaN);

  /** The rates from {@code a} to the later {@code b}. */
  static Rates between(ServerSample a, ServerSample b) {
    double secs = Math.max(1, b.atMillis() - a.atMillis()) / 1000.0;
    return new Rates(Math.max(0, b.writes() - a.writes()) / secs,
        Math.max(0, b.reads() - a.reads()) / secs, p99(a.latency(), b.latency()));
  }

  /** The 99th percentile of what {@code to} recorded after {@code from}, by bucket bound. */
  static double p99(HistogramSnapshot from, HistogramSnapshot to) {
    CountAtBucket[] before = from.histogramCounts();
    CountAtBucket[] after = to.histogramCounts();
    double total = to.count() - from.count();
    if (total <= 0 || before.length != after.length) {
      return Double.NaN;
    }
    double wanted = Math.ceil(total * 0.99);
    for (int i = 0; i < after.length; i++) {
      if (after[i].count() - before[i].count() >= wanted) {
        return after[i].bucket(TimeUnit.MILLISECONDS);
      }
    }
    return to.max(TimeUnit.MILLISECONDS);
  }
}
