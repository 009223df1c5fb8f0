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
  private final Map<TransportDropReason, LongAdder> dropped = new EnumMap<>(TransportDropReason.class);

  Counters() {
    for (TransportDropReason r : TransportDropReason.values()) {
      dropped.put(r, new LongAdder());
    }
  }

  void dropped(TransportDropReason reason, long n) {
    dropped.get(reason).add(n);
  }

  TransportStats snapshot() {
    Map<TransportDropReason, Long> d = new EnumMap<>(TransportDropReason.class);
    dropped.forEach((r, a) -> d.put(r, a.sum()));
    return new TransportStats(sent.sum(), batches.sum(), received.sum(), d, decodeErrors.sum(),
        rejectedConnections.sum(), reconnects.sum());
  }
}
