/**
 * Sequence Paxos: the replicated log itself, package-private but for its entry type and messages.
 *
 * <p>Entry type: {@link omnipaxos.core.paxos.SequencePaxos}: the public entry points, the dispatch
 * of each {@link omnipaxos.core.paxos.PaxosMessage} by (role, phase), user operations and timeouts.
 * The handlers live in {@code LeaderRole} and {@code FollowerRole} and are named after the actions
 * of {@code spec/OmniPaxos.tla}; {@code LeaderState} tracks each peer for the ballot a leader
 * leads, {@code PaxosState} caches what storage holds, {@code Outbox} queues (and coalesces) the
 * outgoing messages, and {@code Leases} holds the follower's hold and the leader's lease.
 *
 * <p>Threading and determinism: pure and single-threaded, like the rest of the core; the same
 * inputs in the same order give the same outputs. Invariants are checked with Java {@code assert}
 * (on in every test and simulated run).
 */
package omnipaxos.core.paxos;
