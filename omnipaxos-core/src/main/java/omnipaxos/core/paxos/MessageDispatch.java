package omnipaxos.core.paxos;

import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.CompactionException;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.AcceptStopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Accepted;
import omnipaxos.core.paxos.PaxosMessage.Compaction;
import omnipaxos.core.paxos.PaxosMessage.CompactionRequest;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.PaxosMessage.ForwardStopSign;
import omnipaxos.core.paxos.PaxosMessage.LeaseAck;
import omnipaxos.core.paxos.PaxosMessage.NotAccepted;
import omnipaxos.core.paxos.PaxosMessage.Prepare;
import omnipaxos.core.paxos.PaxosMessage.PrepareReq;
import omnipaxos.core.paxos.PaxosMessage.Promise;
import omnipaxos.core.paxos.PaxosMessage.ProposalForward;
import omnipaxos.core.paxos.PaxosMessage.ReadIndexAck;
import omnipaxos.core.paxos.PaxosMessage.ReadIndexReq;
import omnipaxos.core.paxos.SequencePaxos.Phase;
import omnipaxos.core.paxos.SequencePaxos.Role;

/**
 * Hands each incoming message of a {@link SequencePaxos} to the role that handles it, in the
 * (role, phase) it is written for: the tests of role and phase live here, the handlers in {@link
 * LeaderRole} and {@link FollowerRole}. A higher Prepare, ForwardStopSign and Compaction are
 * answered in every role.
 */
final class MessageDispatch<T, S> {

  private final SequencePaxos<T, S> paxos;
  private final PaxosState<T, S> state;
  private final LeaderRole<T, S> leader;
  private final FollowerRole<T, S> follower;

  MessageDispatch(SequencePaxos<T, S> paxos, PaxosState<T, S> state, LeaderRole<T, S> leader,
      FollowerRole<T, S> follower) {
    this.paxos = paxos;
    this.state = state;
    this.leader = leader;
    this.follower = follower;
  }

  /** Handles a message from a member of the configuration, addressed to this node. */
  void handle(PaxosMessage<T, S> m) {
    boolean leading = paxos.role() == Role.LEADER;
    if (m instanceof Prepare<T, S> p) {
      follower.handlePrepare(p);
    } else if (m instanceof Promise<T, S> p) {
      if (leading && paxos.phase == Phase.PREPARE) {
        leader.handlePromise(p);
      } else if (leading && paxos.phase == Phase.ACCEPT) {
        leader.handleLatePromise(p);
      }
    } else if (m instanceof AcceptSync<T, S> a) {
      if (follower.checkBallot(a.n(), a.from()) && !leading && paxos.phase == Phase.PREPARE) {
        follower.handleAcceptSync(a);
      }
    } else if (m instanceof AcceptDecide<T, S> a) {
      if (inFollowerAccept(a.n(), a.from(), a.seqNum())) {
        follower.handleAcceptDecide(a);
      }
    } else if (m instanceof Decide<T, S> d) {
      if (inFollowerAccept(d.n(), d.from(), d.seqNum())) {
        follower.handleDecide(d);
      }
    } else if (m instanceof AcceptStopSign<T, S> a) {
      if (inFollowerAccept(a.n(), a.from(), a.seqNum())) {
        follower.handleAcceptStopSign(a);
      }
    } else {
      handleLeaderBound(m, leading);
    }
  }

  /** Messages to a leader, and the two that every role answers. */
  private void handleLeaderBound(PaxosMessage<T, S> m, boolean leading) {
    if (m instanceof Accepted<T, S> a) {
      if (leading && paxos.phase == Phase.ACCEPT) {
        leader.handleAccepted(a);
      }
    } else if (m instanceof NotAccepted<T, S> na) {
      if (leading) {
        leader.handleNotAccepted(na);
      }
    } else if (m instanceof LeaseAck<T, S> a) {
      if (leading) {
        leader.handleLeaseAck(a);
      }
    } else if (m instanceof ReadIndexReq<T, S> r) {
      if (!leading && r.from() == r.n().pid() && state.promise().equals(r.n())) {
        paxos.send(new ReadIndexAck<>(paxos.pid, r.from(), r.n(), r.round()));
      }
    } else if (m instanceof ReadIndexAck<T, S> a) {
      if (leading && paxos.phase == Phase.ACCEPT) {
        paxos.quorumReads.handleAck(a);
      }
    } else if (m instanceof PrepareReq<T, S> r) {
      if (leading) {
        leader.handlePrepareReq(r);
      }
    } else if (m instanceof ProposalForward<T, S> f) {
      if (leading) {
        leader.handleProposalForward(f);
      } else {
        paxos.buffered.dropped(f.entries().size());
      }
    } else if (m instanceof ForwardStopSign<T, S> f) {
      handleForwardStopSign(f);
    } else if (m instanceof Compaction<T, S> c) {
      handleCompaction(c);
    }
  }

  /** A numbered accept-phase message from the leader this follower is in the Accept phase with. */
  private boolean inFollowerAccept(Ballot n, long from, SequenceNumber seq) {
    return follower.checkBallot(n, from) && paxos.role() == Role.FOLLOWER
        && paxos.phase == Phase.ACCEPT && follower.checkSequence(seq, from);
  }

  private void handleForwardStopSign(ForwardStopSign<T, S> fwd) {
    if (state.hasStopSign() || paxos.buffered.hasStopSign()
        || fwd.stopSign().nextConfig().configurationId() <= paxos.config.configurationId()) {
      return;
    }
    paxos.proposeStopSign(fwd.stopSign());
  }

  private void handleCompaction(Compaction<T, S> c) {
    try {
      if (c.request() instanceof CompactionRequest.Trim t) {
        state.trim(t.idx());
      } else if (c.request() instanceof CompactionRequest.Snapshot s) {
        state.snapshot(s.idx().isPresent() ? Optional.of(s.idx().getAsLong()) : Optional.empty());
      }
    } catch (CompactionException e) {
      // The request does not fit this node's log (e.g. not decided here yet); compaction is local
      // advice.
    }
  }
}
