package omnipaxos.kv.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeStats;
import org.junit.jupiter.api.Test;

/** This server's view: state, rates, p99 and the events noticed between samples. */
class LocalViewTest {

  private static final Membership MEMBER = new Membership(Membership.State.MEMBER,
      Optional.of(ClusterConfig.of(1, List.of(1L, 2L, 3L))), List.of(), Optional.empty(), 0);

  private static NodeStats stats(long leader, long decided, long compacted, List<Long> hears) {
    return new NodeStats(1, leader == 0 ? OptionalLong.empty() : OptionalLong.of(leader), leader,
        new Ballot(1, 4, 0, leader), decided, decided, compacted, Map.of(), 0, 0, 0, 0, false, 0,
        true, 5, true, hears);
  }

  /** A latency histogram: {@code counts[i]} latencies of at most {@code i + 1} ms, cumulative. */
  private static HistogramSnapshot latency(long... counts) {
    CountAtBucket[] buckets = new CountAtBucket[counts.length];
    for (int i = 0; i < counts.length; i++) {
      buckets[i] = new CountAtBucket((double) TimeUnit.MILLISECONDS.toNanos(i + 1), counts[i]);
    }
    long total = counts.length == 0 ? 0 : counts[counts.length - 1];
    return new HistogramSnapshot(total, 0, 0, new ValueAtPercentile[0], buckets, null);
  }

  private static ServerSample sample(long at, NodeStats s, long writes, HistogramSnapshot lat) {
    return new ServerSample(1, at, s, MEMBER, s.leader().isPresent(), s.leader().isPresent(),
        "", s.decidedIdx(), writes, 0, lat, Map.of("other_cluster", 0L), "127.0.0.1:6379",
        "127.0.0.1:8080");
  }

  @Test
  void theViewShowsStateRatesAndWhatChanged() {
    EventRing events = new EventRing();
    LocalView view = new LocalView(events);
    view.update(sample(10_000, stats(2, 5, 0, List.of(2L, 3L)), 0, latency(0, 0, 0)));
    String json = view.update(sample(11_000, stats(3, 105, 100, List.of(3L)), 100,
        latency(50, 99, 100)));
    assertThat(json).contains("\"role\":\"follower\"", "\"leader\":3", "\"decidedIdx\":105",
        "\"hears\":[3]", "\"ballot\":{\"n\":4,\"priority\":0,\"pid\":3,\"config\":1}",
        "\"members\":[1,2,3]", "\"writes\":100", "\"p99ms\":2", "\"leaderSince\":11000");
    assertThat(events.snapshot()).extracting(DashboardEvent::kind)
        .containsExactly("leader", "snapshot", "peer");
    assertThat(events.snapshot()).extracting(DashboardEvent::text).containsExactly(
        "leader is now 3 (ballot n4, priority 0, pid 3)",
        "log compacted into a snapshot up to 100", "no longer hears 2");
  }

  @Test
  void logPositionsCountAcrossConfigurations() {
    ClusterConfig second = ClusterConfig.of(2, List.of(1L, 2L, 4L));
    Membership m = new Membership(Membership.State.MEMBER, Optional.of(second), List.of(
        new ConfigurationRecord(ClusterConfig.of(1, List.of(1L, 2L, 3L)), 0, Optional.empty()),
        new ConfigurationRecord(second, 403, Optional.empty())), Optional.empty(), 0);
    NodeStats st = stats(2, 100, 0, List.of(2L, 4L));
    ServerSample s = new ServerSample(1, 0, st, m, true, true, "", 503, 0, 0, latency(), Map.of(),
        "c", "h");
    assertThat(new LocalView(new EventRing()).update(s)).contains("\"decidedIdx\":503",
        "\"configuration\":2", "\"members\":[1,2,4]", "\"start\":403");
  }

  @Test
  void theNinetyNinthPercentileIsTheBucketThatHoldsIt() {
    assertThat(Rates.p99(latency(0, 0, 0), latency(90, 99, 100))).isEqualTo(2.0);
    assertThat(Rates.p99(latency(0, 0, 0), latency(100, 100, 100))).isEqualTo(1.0);
    assertThat(Rates.p99(latency(10, 10, 10), latency(10, 10, 10))).isNaN();
  }

  @Test
  void aServerWithoutStatisticsIsStartingAndAnEventIsEscaped() {
    ServerSample s = new ServerSample(1, 0, null, MEMBER, false, false, "no statistics yet", 0, 0, 0,
        latency(), Map.of(), "c", "h");
    assertThat(LocalView.role(s)).isEqualTo("starting");
    assertThat(new DashboardEvent(1, "peer", "a \"b\"\n").json())
        .isEqualTo("{\"at\":1,\"kind\":\"peer\",\"text\":\"a \\\"b\\\"\\n\"}");
  }
}
