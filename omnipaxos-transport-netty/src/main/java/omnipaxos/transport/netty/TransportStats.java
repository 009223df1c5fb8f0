package omnipaxos.transport.netty;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a transport's counters since it was created.
 *
 * @param sent messages written to a connection
 * @param batches batch frames written; {@code sent / batches} is the mean number of messages per
 *     write
 * @param received messages delivered to the listener
 * @param dropped messages given to send but not sent, by reason
 * @param decodeErrors connections closed for malformed, truncated, oversized or wrong-version
 *     input, or for messages that did not come from the authenticated peer
 * @param rejectedConnections connections refused before or in the handshake: a failed TLS
 *     handshake, plus every refused handshake counted in {@code refused}
 * @param reconnects connections established to a peer that had been connected before
 * @param refused handshakes refused, by reason ({@link HandshakeRefusal}); each is also one of the
 *     {@code rejectedConnections}, and {@code rejectedConnections - refusedTotal()} failed in TLS
 */
public record TransportStats(
    long sent,
    long batches,
    long received,
    Map<TransportDropReason, Long> dropped,
    long decodeErrors,
    long rejectedConnections,
    long reconnects,
    Map<HandshakeRefusal, Long> refused) {

  /** Counts every reason of both maps, missing ones as 0. */
  public TransportStats {
    EnumMap<TransportDropReason, Long> all = new EnumMap<>(TransportDropReason.class);
    for (TransportDropReason r : TransportDropReason.values()) {
      all.put(r, dropped.getOrDefault(r, 0L));
    }
    dropped = Map.copyOf(all);
    EnumMap<HandshakeRefusal, Long> byReason = new EnumMap<>(HandshakeRefusal.class);
    for (HandshakeRefusal r : HandshakeRefusal.values()) {
      byReason.put(r, refused.getOrDefault(r, 0L));
    }
    refused = Map.copyOf(byReason);
  }

  /**
   * Counters without a breakdown of refused handshakes (all 0), as before that breakdown existed.
   */
  public TransportStats(
      long sent,
      long batches,
      long received,
      Map<TransportDropReason, Long> dropped,
      long decodeErrors,
      long rejectedConnections,
      long reconnects) {
    this(sent, batches, received, dropped, decodeErrors, rejectedConnections, reconnects, Map.of());
  }

  /** Messages dropped for {@code reason}. */
  public long dropped(TransportDropReason reason) {
    return dropped.get(reason);
  }

  /** Messages dropped for any reason. */
  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Handshakes refused for {@code reason}. */
  public long refused(HandshakeRefusal reason) {
    return refused.get(reason);
  }

  /** Handshakes refused because the peer named another cluster id. */
  public long refusedOtherCluster() {
    return refused(HandshakeRefusal.OTHER_CLUSTER);
  }

  /** Handshakes refused because the peer's pid is not among this node's peers. */
  public long refusedUnknownPeer() {
    return refused(HandshakeRefusal.UNKNOWN_PEER);
  }

  /** Handshakes refused for any reason (failed TLS handshakes not included). */
  public long refusedTotal() {
    return refused.values().stream().mapToLong(Long::longValue).sum();
  }
}
