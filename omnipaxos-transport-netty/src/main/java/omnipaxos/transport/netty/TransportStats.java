package omnipaxos.transport.netty;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a transport's counters since it was created.
 *
 * @param sent messages written to a connection
 * @param batches batch frames written; {@code sent / batches} is the mean number of messages per write
 * @param received messages delivered to the listener
 * @param dropped messages given to send but not sent, by reason
 * @param decodeErrors connections closed for malformed, truncated, oversized or wrong-version input, or
 *     for messages that did not come from the authenticated peer
 * @param rejectedConnections connections refused in the handshake: a failed TLS handshake, an unknown
 *     pid, another cluster id, or a peer that should have been dialed the other way
 * @param reconnects connections established to a peer that had been connected before
 */
public record TransportStats(long sent, long batches, long received, Map<TransportDropReason, Long> dropped,
    long decodeErrors, long rejectedConnections, long reconnects) {

  public TransportStats {
    EnumMap<TransportDropReason, Long> all = new EnumMap<>(TransportDropReason.class);
    for (TransportDropReason r : TransportDropReason.values()) {
      all.put(r, dropped.getOrDefault(r, 0L));
    }
    dropped = Map.copyOf(all);
  }

  /** Messages dropped for {@code reason}. */
  public long dropped(TransportDropReason reason) {
    return dropped.get(reason);
  }

  /** Messages dropped for any reason. */
  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
