/**
 * The OmniPaxos core API: a replicated log of Sequence Paxos under a leader that Ballot Leader
 * Election picks, as one pure state machine per node.
 *
 * <p>Entry type: {@link omnipaxos.core.OmniPaxos}, built from an {@link
 * omnipaxos.core.OmniPaxosConfig} ({@link omnipaxos.core.ClusterConfig} for the members and
 * quorums, {@link omnipaxos.core.ServerConfig} for this node) on a {@link
 * omnipaxos.core.storage.Storage}. Proposals are {@code append}ed; a {@link
 * omnipaxos.core.StopSign} ends a configuration; failures are {@link
 * omnipaxos.core.OmniPaxosException}s. Observers (runtimes, simulators, metrics) read an
 * immutable {@link omnipaxos.core.NodeStatus} from {@code status()}; the Sequence Paxos and
 * leader-election components in {@code paxos} and {@code ble} are not handed out.
 *
 * <p>Threading and determinism: no threads, clocks, sockets or disk of its own (tested by {@code
 * CorePurityTest}). Time is a tick count that the driver advances; input is {@code handle(message)}
 * and {@code tick()}; output is drained with {@code outgoingMessages()}. Not thread-safe: drive
 * each node from one thread. The protocol is modelled in {@code spec/OmniPaxos.tla} (see {@code
 * spec/README.md}).
 */
package omnipaxos.core;
