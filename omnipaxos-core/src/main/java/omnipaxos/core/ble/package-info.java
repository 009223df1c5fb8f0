/**
 * Ballot Leader Election: heartbeat rounds that pick the ballot of a node that a quorum can reach,
 * which {@link omnipaxos.core.OmniPaxos} hands to Sequence Paxos.
 *
 * <p>Entry type: {@link omnipaxos.core.ble.BallotLeaderElection}; its messages are {@link
 * omnipaxos.core.ble.BleMessage}s.
 *
 * <p>Threading and determinism: pure and single-threaded; a round ends when the driver calls
 * {@code hbTimeout} (after {@code electionTickTimeout} ticks, then every {@code heartbeatTicks()}),
 * never on a clock of its own.
 */
package omnipaxos.core.ble;
