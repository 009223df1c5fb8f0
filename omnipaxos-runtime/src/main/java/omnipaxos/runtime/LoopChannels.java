package omnipaxos.runtime;

import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four message channels of one loop: incoming Sequence Paxos and leader-election messages,
 * which wake the loop when they arrive, and the outgoing ones, which the loop owns unless its
 * wiring shares them across configurations. Outgoing messages that find no room are dropped and
 * counted (the protocol resends). The incoming channels take offers from any thread; the rest is
 * for the loop thread.
 */
final class LoopChannels<T, S> {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);

  private final long pid;
  private final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosIn;
  private final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut;
  private final MessageChannel<BleMessage> bleIn;
  private final MessageChannel<BleMessage> bleOut;
  private final boolean ownsOutgoing;
  private long droppedOutgoing;

  /**
   * The channels of node {@code pid}, named after {@code prefix}, of {@code capacity} each;
   * {@code onArrival} runs when an incoming message arrives.
   */
  LoopChannels(long pid, String prefix, int capacity, Runnable onArrival,
      LoopWiring<T, S> wiring) {
    this.pid = pid;
    this.paxosIn = new MessageChannel<>(prefix + "Sequence Paxos incoming", capacity, onArrival);
    this.ownsOutgoing = wiring.paxosOut() == null;
    this.paxosOut = ownsOutgoing
        ? new MessageChannel<>(prefix + "Sequence Paxos outgoing", capacity) : wiring.paxosOut();
    this.bleIn = new MessageChannel<>(prefix + "BLE incoming", capacity, onArrival);
    this.bleOut = ownsOutgoing
        ? new MessageChannel<>(prefix + "BLE outgoing", capacity) : wiring.bleOut();
  }

  MessageChannel<PaxosMessage<Envelope<T>, S>> paxosIn() {
    return paxosIn;
  }

  MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut() {
    return paxosOut;
  }

  MessageChannel<BleMessage> bleIn() {
    return bleIn;
  }

  MessageChannel<BleMessage> bleOut() {
    return bleOut;
  }

  /** Whether no incoming message waits. */
  boolean incomingEmpty() {
    return paxosIn.size() == 0 && bleIn.size() == 0;
  }

  /** Offers to the incoming channels refused because they were full. */
  long rejectedIncomingOffers() {
    return paxosIn.rejectedOffers() + bleIn.rejectedOffers();
  }

  /** Messages dropped because an outgoing channel was full or closed. */
  long droppedOutgoing() {
    return droppedOutgoing;
  }

  /** Puts {@code m} into its outgoing channel, or drops and counts it if it has no room. */
  void route(Message<Envelope<T>, S> m) {
    OfferResult result;
    if (m instanceof Message.Paxos<Envelope<T>, S> p) {
      result = paxosOut.offer(p.message());
    } else if (m instanceof Message.Ble<Envelope<T>, S> b) {
      result = bleOut.offer(b.message());
    } else {
      throw new IllegalStateException("unknown message " + m);
    }
    if (result != OfferResult.ACCEPTED) {
      if (droppedOutgoing == 0) {
        LOG.warn("node {}: outgoing channel {}; dropping messages until it has room"
            + " (the protocol resends)", pid, result == OfferResult.FULL ? "full" : "closed");
      }
      droppedOutgoing++;
    }
  }

  /** Closes the incoming channels, and the outgoing ones if the loop owns them. */
  void close() {
    paxosIn.close();
    bleIn.close();
    if (ownsOutgoing) {
      paxosOut.close();
      bleOut.close();
    }
  }
}
