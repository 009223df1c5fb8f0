package omnipaxos.runtime;

/**
 * What {@link OmniPaxosNode#create} returns: the node's API and its two pairs of channels, which the
 * application's network layer pumps.
 */
public record OmniPaxosHandle<T, S>(OmniPaxosNode<T, S> omniPaxos, SequencePaxosHandle<T, S> seqPaxosHandle,
    BleHandle bleHandle) {}
