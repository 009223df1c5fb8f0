package omnipaxos.runtime;

import java.util.List;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;

/**
 * How a {@link NodeLoop} is wired into a node that spans configurations: the outgoing channels it
 * shares with the node's other configurations (not closed with the loop), the position (counted
 * across configurations) at which its log starts, and who takes over when its stop sign is decided.
 *
 * @param paxosOut shared Sequence Paxos outgoing channel, or null for one of the loop's own
 * @param bleOut shared leader-election outgoing channel, or null for one of the loop's own
 * @param startPosition added to every log index the loop hands out
 * @param successor takes over once the stop sign is decided, or null: appends then fail as sealed
 */
record LoopWiring<T, S>(
    MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut,
    MessageChannel<BleMessage> bleOut,
    long startPosition,
    Successor<T> successor) {

  /** A loop on its own: its own channels, positions from 0, nobody after it. */
  static <T, S> LoopWiring<T, S> standalone() {
    return new LoopWiring<>(null, null, 0, null);
  }

  /** An append that a sealed configuration hands on: certainly not decided there. */
  record Carried<T>(T entry, NodeFuture<Long> future) {}

  /**
   * What follows a configuration. Its methods run on the sealed loop's thread and must not block.
   */
  interface Successor<T> {
    /**
     * The configuration's stop sign {@code stopSign} was decided at {@code position} (counted
     * across configurations); {@code carried} are the appends that were waiting, in order.
     */
    void sealed(StopSign stopSign, long position, List<Carried<T>> carried);

    /** Appends made after the seal, in order. */
    void carry(List<Carried<T>> appends);
  }
}
