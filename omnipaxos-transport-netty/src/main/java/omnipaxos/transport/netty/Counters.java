package omnipaxos.transport.netty;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The transport's counters, updated from any thread. */
final class Counters {

  final LongAdder sent = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder decodeErrors = new LongAdder();
  final LongAdder rejectedConnections = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  private final Map<TransportDropReason, LongAdder> dropped =
      new EnumMap<>(TransportDropReason.class);
  private final Map<HandshakeRefusal, LongAdder> refused = new EnumMap<>(HandshakeRefusal.class);

  Counters() {
    for (TransportDropReason r : TransportDropReason.values()) {
      dropped.put(r, new LongAdder());
    }
    for (HandshakeRefusal r : HandshakeRefusal.values()) {
      refused.put(r, new LongAdder());
    }
  }

  void dropped(TransportDropReason reason, long n) {
    dropped.get(reason).add(n);
  }

  /**
   * A handshake refused for {@code reason}: counted by reason and among the rejected connections.
   */
  void refused(HandshakeRefusal reason) {
    refused.get(reason).increment();
    rejectedConnections.increment();
  }

  TransportStats snapshot() {
    Map<TransportDropReason, Long> d = new EnumMap<>(TransportDropReason.class);
    dropped.forEach((r, a) -> d.put(r, a.sum()));
    Map<HandshakeRefusal, Long> h = new EnumMap<>(HandshakeRefusal.class);
    refused.forEach((r, a) -> h.put(r, a.sum()));
    return new TransportStats(sent.sum(), batches.sum(), received.sum(), d, decodeErrors.sum(),
        rejectedConnections.sum(), reconnects.sum(), h);
  }
}
