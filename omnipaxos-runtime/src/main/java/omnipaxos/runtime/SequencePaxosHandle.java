package omnipaxos.runtime;

import omnipaxos.core.paxos.PaxosMessage;

/**
 * A node's Sequence Paxos channels: push every Sequence Paxos message received from the network
 * into {@link #incoming()}, and send every message taken from {@link #outgoing()} to its {@code
 * to()}. Both close when the node closes. The entries in these messages are {@link Envelope}s.
 */
public record SequencePaxosHandle<T, S>(
    ChannelSender<PaxosMessage<Envelope<T>, S>> incoming,
    ChannelReceiver<PaxosMessage<Envelope<T>, S>> outgoing) {}
