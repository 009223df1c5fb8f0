package omnipaxos.runtime;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.DropReason;

/**
 * A node's state and counters at one moment.
 *
 * @param pid the node's pid
 * @param leader the leader its Sequence Paxos follows or is, if any
 * @param electedLeader the leader its leader election currently backs (itself until it hears
 *     others); once the cluster is stable it is {@code leader}
 * @param promise the ballot its Sequence Paxos promised ({@link Ballot#NONE} if none)
 * @param decidedIdx decided positions
 * @param acceptedIdx positions in the accepted log
 * @param compactedIdx positions compacted away
 * @param droppedIncoming incoming messages the core dropped (wrong receiver, unknown sender, other
 *     configuration), per reason
 * @param droppedOutgoing messages dropped because an outgoing channel was full (the protocol
 *     resends)
 * @param rejectedIncomingOffers offers to the incoming channels refused because they were full
 * @param droppedProposals proposals the core dropped because a stop sign came first
 * @param pendingAppends {@link OmniPaxosNode#appendDecided} calls still waiting for their entry
 * @param leaseHeld whether this node leads with a leader lease that holds now (leases only)
 * @param deferredPrepares Prepares of another ballot this node left unanswered while it held for
 *     its leader (leases only)
 * @param happy whether its leader election was happy at the end of its last heartbeat round, judged
 *     on the replies of the last election timeout: as leader, a quorum of followers answered; as
 *     follower, it heard its leader, which reported itself happy (only an initial assumption while
 *     {@code heartbeatRounds} is 0)
 * @param heartbeatRounds leader-election heartbeat rounds ended since the node started
 * @param acceptPhase whether its Sequence Paxos is in the Accept phase of its promised ballot (a
 *     leader accepting proposals; a follower that promised the leader's ballot and took its log)
 * @param heardPeers the peers its leader election counted at the end of its last round (their
 *     heartbeat replies arrived within the last election timeout), in pid order: whom it hears now
 */
public record NodeStats(
    long pid,
    OptionalLong leader,
    long electedLeader,
    Ballot promise,
    long decidedIdx,
    long acceptedIdx,
    long compactedIdx,
    Map<DropReason, Long> droppedIncoming,
    long droppedOutgoing,
    long rejectedIncomingOffers,
    long droppedProposals,
    int pendingAppends,
    boolean leaseHeld,
    long deferredPrepares,
    boolean happy,
    long heartbeatRounds,
    boolean acceptPhase,
    List<Long> heardPeers) {

  public NodeStats {
    droppedIncoming = Map.copyOf(droppedIncoming);
    heardPeers = List.copyOf(heardPeers);
  }
}
