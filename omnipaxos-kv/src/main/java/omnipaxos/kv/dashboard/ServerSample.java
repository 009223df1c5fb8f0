package omnipaxos.kv.dashboard;

import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Map;
import java.util.Objects;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeStats;

/**
 * What a server reports about itself at one moment, read from state it keeps anyway (the health
 * poll's statistics, counters, the membership), never by asking the node's event loop.
 *
 * @param pid the server's pid
 * @param atMillis when it was taken (wall clock, for display and rates only)
 * @param stats the node's statistics as last polled, or null before the first poll
 * @param membership where the node stands among the configurations
 * @param up whether a write could be decided now (the {@code /health} verdict)
 * @param quorum whether a quorum-connected leader is known
 * @param reason why not up, or empty
 * @param appliedIdx log positions applied to the key-value state
 * @param writes client commands that changed or could change state, since start
 * @param reads read-only client commands, since start (lease reads included)
 * @param latency the cumulative histogram of client command latencies
 * @param refused peer connections refused at the handshake since start, by reason
 * @param client the address Redis clients connect to
 * @param http the address of this HTTP endpoint
 */
public record ServerSample(long pid, long atMillis, NodeStats stats, Membership membership,
    boolean up, boolean quorum, String reason, long appliedIdx, long writes, long reads,
    HistogramSnapshot latency, Map<String, Long> refused, String client, String http) {

  public ServerSample {
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(latency, "latency");
    refused = Map.copyOf(refused);
  }
}
