package omnipaxos.kv.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import omnipaxos.core.Ballot;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeStats;

/**
 * This server's view as the dashboard shows it, built from successive {@link ServerSample}s on the
 * dashboard's thread: the state of the latest sample, rates over the last second, a series of one
 * point per second over the last five minutes, and the events noticed between samples.
 */
final class LocalView {

  /** Points of the throughput and latency series: five minutes of one point per second. */
  static final int SERIES_POINTS = 300;

  private final EventRing events;
  private final ArrayDeque<double[]> series = new ArrayDeque<>();
  private ServerSample previous;
  private ServerSample lastPoint;
  private Rates rates = Rates.NONE;
  private long leaderSince;

  LocalView(EventRing events) {
    this.events = events;
  }

  /** Takes {@code s} in and returns the view as JSON. */
  String update(ServerSample s) {
    if (previous == null) {
      leaderSince = s.atMillis();
      lastPoint = s;
    } else {
      notice(previous, s);
    }
    if (s.atMillis() - lastPoint.atMillis() >= 1000) {
      rates = Rates.between(lastPoint, s);
      if (series.size() == SERIES_POINTS) {
        series.removeFirst();
      }
      series.addLast(new double[] {s.atMillis(), rates.writesPerSec(), rates.readsPerSec(),
          rates.p99Ms()});
      lastPoint = s;
    }
    previous = s;
    return json(s);
  }

  private void notice(ServerSample a, ServerSample b) {
    long at = b.atMillis();
    OptionalLong before = leader(a);
    OptionalLong now = leader(b);
    if (!before.equals(now)) {
      leaderSince = at;
      event(at, "leader", now.isPresent() ? "leader is now " + now.getAsLong() + " (ballot "
          + ballot(b.stats().promise()) + ")" : "no leader known");
    }
    if (a.quorum() != b.quorum()) {
      event(at, "quorum", b.quorum() ? "a quorum-connected leader is known again"
          : "no quorum-connected leader: " + b.reason());
    }
    noticeMembership(at, a.membership(), b.membership());
    if (a.stats() != null && b.stats() != null) {
      long compacted = start(b.membership()) + b.stats().compactedIdx();
      if (compacted > start(a.membership()) + a.stats().compactedIdx()) {
        event(at, "snapshot", "log compacted into a snapshot up to " + compacted);
      }
      noticeHeard(at, a.stats(), b.stats());
    }
    for (Map.Entry<String, Long> r : new TreeMap<>(b.refused()).entrySet()) {
      long more = r.getValue() - a.refused().getOrDefault(r.getKey(), 0L);
      if (more > 0) {
        event(at, "refused", "refused " + more + " peer connection(s): " + r.getKey());
      }
    }
  }

  private void noticeMembership(long at, Membership a, Membership b) {
    int idA = a.configuration().map(c -> c.configurationId()).orElse(0);
    int idB = b.configuration().map(c -> c.configurationId()).orElse(0);
    if (idA != idB && b.configuration().isPresent()) {
      event(at, "configuration", "configuration " + idB + " started: members "
          + new TreeSet<>(b.configuration().get().nodes()));
    }
    if (a.state() != b.state()) {
      event(at, "configuration", "this server is now " + state(b.state()));
    }
  }

  private void noticeHeard(long at, NodeStats a, NodeStats b) {
    if (a.heartbeatRounds() == 0) {
      return;
    }
    for (long p : b.heardPeers()) {
      if (!a.heardPeers().contains(p)) {
        event(at, "peer", "hears " + p);
      }
    }
    for (long p : a.heardPeers()) {
      if (!b.heardPeers().contains(p)) {
        event(at, "peer", "no longer hears " + p);
      }
    }
  }

  private void event(long at, String kind, String text) {
    events.add(new DashboardEvent(at, kind, text));
  }

  private static OptionalLong leader(ServerSample s) {
    return s.stats() == null ? OptionalLong.empty() : s.stats().leader();
  }

  /** leader, follower, no leader, or the membership state of a server not a plain member. */
  static String role(ServerSample s) {
    if (s.membership().state() != Membership.State.MEMBER) {
      return state(s.membership().state());
    }
    OptionalLong l = leader(s);
    if (s.stats() == null) {
      return "starting";
    }
    return l.isEmpty() ? "no leader" : l.getAsLong() == s.pid() ? "leader" : "follower";
  }

  private static String state(Membership.State st) {
    return st.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String ballot(Ballot b) {
    return "n" + b.n() + ", priority " + b.priority() + ", pid " + b.pid();
  }

  String json(ServerSample s) {
    StringBuilder b = new StringBuilder(4096).append('{');
    b.append("\"pid\":").append(s.pid()).append(",\"at\":").append(s.atMillis());
    b.append(",\"http\":").append(Json.quote(s.http()));
    b.append(",\"client\":").append(Json.quote(s.client()));
    b.append(",\"role\":").append(Json.quote(role(s)));
    b.append(",\"membership\":").append(Json.quote(state(s.membership().state())));
    b.append(",\"up\":").append(s.up()).append(",\"quorum\":").append(s.quorum());
    b.append(",\"reason\":").append(Json.quote(s.reason()));
    b.append(",\"appliedIdx\":").append(s.appliedIdx());
    stats(b, s.stats(), start(s.membership()));
    b.append(",\"leaderSince\":").append(leaderSince);
    configurations(b, s.membership());
    b.append(",\"rates\":{\"writes\":").append(Json.number(rates.writesPerSec()))
        .append(",\"reads\":").append(Json.number(rates.readsPerSec()))
        .append(",\"p99ms\":").append(Json.number(rates.p99Ms())).append('}');
    seriesJson(b);
    b.append(",\"events\":[");
    List<DashboardEvent> list = events.snapshot();
    for (int i = 0; i < list.size(); i++) {
      b.append(i == 0 ? "" : ",").append(list.get(i).json());
    }
    return b.append("]}").toString();
  }

  /**
   * Where the log of the node's current configuration starts among the positions counted across
   * configurations: the statistics count within that configuration, the page across all.
   */
  static long start(Membership m) {
    int id = m.configuration().map(c -> c.configurationId()).orElse(0);
    for (ConfigurationRecord r : m.history()) {
      if (r.configurationId() == id) {
        return r.startPosition();
      }
    }
    return 0;
  }

  private static void stats(StringBuilder b, NodeStats st, long start) {
    if (st == null) {
      b.append(",\"leader\":0,\"hears\":[]");
      return;
    }
    Ballot p = st.promise();
    b.append(",\"leader\":").append(st.leader().orElse(0));
    b.append(",\"electedLeader\":").append(st.electedLeader());
    b.append(",\"ballot\":{\"n\":").append(p.n()).append(",\"priority\":").append(p.priority())
        .append(",\"pid\":").append(p.pid()).append(",\"config\":").append(p.configId())
        .append('}');
    b.append(",\"acceptedIdx\":").append(start + st.acceptedIdx());
    b.append(",\"decidedIdx\":").append(start + st.decidedIdx());
    b.append(",\"compactedIdx\":").append(start + st.compactedIdx());
    b.append(",\"happy\":").append(st.happy());
    b.append(",\"acceptPhase\":").append(st.acceptPhase());
    b.append(",\"heartbeatRounds\":").append(st.heartbeatRounds());
    b.append(",\"hears\":").append(Json.numbers(st.heardPeers()));
  }

  private static void configurations(StringBuilder b, Membership m) {
    b.append(",\"members\":").append(Json.numbers(m.configuration()
        .map(c -> List.copyOf(new TreeSet<>(c.nodes()))).orElse(List.of())));
    b.append(",\"configuration\":").append(m.configuration().map(c -> c.configurationId())
        .orElse(0));
    b.append(",\"history\":[");
    List<ConfigurationRecord> h = m.history();
    for (int i = 0; i < h.size(); i++) {
      ConfigurationRecord r = h.get(i);
      b.append(i == 0 ? "" : ",").append("{\"id\":").append(r.configurationId())
          .append(",\"members\":")
          .append(Json.numbers(List.copyOf(new TreeSet<>(r.config().nodes()))))
          .append(",\"start\":").append(r.startPosition())
          .append(",\"addresses\":").append(Json.quote(r.metadata()
              .map(x -> new String(x, StandardCharsets.UTF_8)).orElse(""))).append('}');
    }
    b.append(']');
  }

  private void seriesJson(StringBuilder b) {
    String[] names = {"t", "writes", "reads", "p99ms"};
    b.append(",\"series\":{");
    for (int k = 0; k < names.length; k++) {
      b.append(k == 0 ? "" : ",").append('"').append(names[k]).append("\":[");
      int i = 0;
      for (double[] point : series) {
        b.append(i++ == 0 ? "" : ",").append(Json.number(point[k]));
      }
      b.append(']');
    }
    b.append('}');
  }
}
