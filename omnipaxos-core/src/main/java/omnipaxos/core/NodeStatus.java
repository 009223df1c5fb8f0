package omnipaxos.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.ble.BallotLeaderElection;
import omnipaxos.core.paxos.SequencePaxos;

/**
 * What an observer (a runtime, a simulator, metrics, tests) may read of one node at one moment:
 * an immutable copy taken by {@link OmniPaxos#status()}, so that nothing outside the core holds
 * its Sequence Paxos or leader-election components.
 *
 * @param pid the node's pid
 * @param configurationId the id of the configuration the node runs in
 * @param role the node's Sequence Paxos role
 * @param phase the node's Sequence Paxos phase in that role
 * @param promise the ballot the node promised ({@link Ballot#NONE} if none)
 * @param decidedIdx decided positions (a decided stop sign counts as one)
 * @param acceptedIdx positions in the accepted log
 * @param compactedIdx positions below this were trimmed or snapshotted
 * @param decidedStopSign the decided stop sign, if the configuration is sealed
 * @param bleLeader the ballot of the leader the node's leader election backs (possibly its own)
 * @param bleBallot the node's own leader-election ballot
 * @param happy whether its leader election was happy with its leader when its last round ended
 * @param heartbeatRounds heartbeat rounds ended since the node started; before the first, {@code
 *     happy} is only the initial assumption
 * @param heardPeers the peers whose heartbeat replies arrived in the last ended round, in pid
 *     order
 * @param leaseHeld whether the node leads in its Accept phase with a lease that holds now and no
 *     stop sign (leases only)
 * @param leaseStartTick the tick the lease of the ballot the node leads dates from, if any
 * @param leaderLeaseTicks the leader's lease length in ticks; 0 when leases are off
 * @param holdUntilTick the tick before which the node promises no other ballot (leases only)
 * @param deferredPrepares Prepares of a higher ballot left unanswered while the node held for its
 *     leader (leases only)
 * @param ticks the node's clock: ticks since it was created
 * @param droppedProposals proposals dropped because a stop sign came first or the buffer was full
 * @param unsyncablePeers times a follower could not be synchronised because the entries it lacks
 *     are trimmed
 */
public record NodeStatus(
    long pid,
    int configurationId,
    Role role,
    Phase phase,
    Ballot promise,
    long decidedIdx,
    long acceptedIdx,
    long compactedIdx,
    Optional<StopSign> decidedStopSign,
    Ballot bleLeader,
    Ballot bleBallot,
    boolean happy,
    long heartbeatRounds,
    List<Long> heardPeers,
    boolean leaseHeld,
    OptionalLong leaseStartTick,
    int leaderLeaseTicks,
    long holdUntilTick,
    long deferredPrepares,
    long ticks,
    long droppedProposals,
    long unsyncablePeers) {

  /** A node's Sequence Paxos role. */
  public enum Role { LEADER, FOLLOWER }

  /** A node's Sequence Paxos phase within its role. */
  public enum Phase { NONE, PREPARE, ACCEPT, RECOVER }

  /** Checks the references and copies the peer list. */
  public NodeStatus {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(promise, "promise");
    Objects.requireNonNull(decidedStopSign, "decidedStopSign");
    Objects.requireNonNull(bleLeader, "bleLeader");
    Objects.requireNonNull(bleBallot, "bleBallot");
    Objects.requireNonNull(leaseStartTick, "leaseStartTick");
    heardPeers = List.copyOf(heardPeers);
  }

  /** The pid of the leader the node follows or is (its promise's), if any. */
  public OptionalLong currentLeader() {
    return promise.pid() == 0 ? OptionalLong.empty() : OptionalLong.of(promise.pid());
  }

  /** Whether the node leads and is in its Accept phase (it takes proposals). */
  public boolean acceptingLeader() {
    return role == Role.LEADER && phase == Phase.ACCEPT;
  }

  /** The status of node {@code pid} in configuration {@code configurationId}, read now. */
  static NodeStatus of(
      long pid, int configurationId, SequencePaxos<?, ?> paxos, BallotLeaderElection ble) {
    return new NodeStatus(
        pid,
        configurationId,
        paxos.role() == SequencePaxos.Role.LEADER ? Role.LEADER : Role.FOLLOWER,
        phase(paxos.phase()),
        paxos.promise(),
        paxos.decidedIdx(),
        paxos.acceptedIdx(),
        paxos.compactedIdx(),
        paxos.decidedStopSign(),
        ble.leader(),
        ble.currentBallot(),
        ble.isHappy(),
        ble.completedRounds(),
        ble.heardLastRound(),
        paxos.hasLease(),
        paxos.leaseStartTick(),
        paxos.leaderLeaseTicks(),
        paxos.holdUntilTick(),
        paxos.deferredPrepares(),
        paxos.ticks(),
        paxos.droppedProposals(),
        paxos.unsyncablePeers());
  }

  private static Phase phase(SequencePaxos.Phase p) {
    return switch (p) {
      case NONE -> Phase.NONE;
      case PREPARE -> Phase.PREPARE;
      case ACCEPT -> Phase.ACCEPT;
      case RECOVER -> Phase.RECOVER;
    };
  }
}
