package omnipaxos.kv;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import omnipaxos.kv.command.ServerAddresses;
import omnipaxos.kv.dashboard.ServerSample;
import omnipaxos.runtime.NodeStats;
import omnipaxos.transport.netty.HandshakeRefusal;
import omnipaxos.transport.netty.TransportStats;

/**
 * Takes a server's {@link ServerSample} for its dashboard from what it keeps anyway: the health
 * poll's latest statistics and verdict, the metrics' counters, the membership and the transport's
 * counters. Nothing here asks the node's event loop or touches a client command's path.
 */
final class KvDashboardSource implements Supplier<ServerSample> {

  private final KvServer server;
  private final KvMetrics metrics;
  private final ServerAddresses addresses;

  /** Samples {@code server}, which announces {@code addresses} (and shows them). */
  KvDashboardSource(KvServer server, KvMetrics metrics, ServerAddresses addresses) {
    this.server = server;
    this.metrics = metrics;
    this.addresses = addresses;
  }

  @Override
  public ServerSample get() {
    NodeStats stats = server.latestStats();
    KvHealth.Verdict v = stats == null ? new KvHealth.Verdict(false, false, "no statistics yet")
        : server.health().evaluate(stats);
    TransportStats t = server.transport().stats();
    Map<String, Long> refused = new TreeMap<>();
    for (HandshakeRefusal r : HandshakeRefusal.values()) {
      refused.put(r.name().toLowerCase(Locale.ROOT), t.refused(r));
    }
    return new ServerSample(server.pid(), System.currentTimeMillis(), stats, server.membership(),
        v.up(), v.quorum(), v.reason(), server.appliedIdx(), metrics.writes(),
        metrics.reads() + server.leaseReads() + server.quorumReads(), metrics.latency(), refused,
        addresses.client(), addresses.http());
  }
}
