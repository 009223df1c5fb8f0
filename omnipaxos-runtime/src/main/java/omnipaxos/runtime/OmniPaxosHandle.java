package omnipaxos.runtime;

/**
 * What {@link OmniPaxosNode#create} returns: the node's API and its pairs of channels, which the
 * application's network layer pumps: the seed's Sequence Paxos and leader-election channels, and
 * the state-migration channels that nodes continuing across configurations use.
 */
public record OmniPaxosHandle<T, S>(
    OmniPaxosNode<T, S> omniPaxos,
    SequencePaxosHandle<T, S> seqPaxosHandle,
    BleHandle bleHandle,
    MigrationHandle migrationHandle) {}
