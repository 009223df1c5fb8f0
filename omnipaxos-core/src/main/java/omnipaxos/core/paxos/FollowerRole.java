package omnipaxos.core.paxos;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.AcceptStopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.PaxosMessage.ForwardStopSign;
import omnipaxos.core.paxos.PaxosMessage.NotAccepted;
import omnipaxos.core.paxos.PaxosMessage.Prepare;
import omnipaxos.core.paxos.PaxosMessage.Promise;
import omnipaxos.core.paxos.PaxosMessage.ProposalForward;

/**
 * The follower's half of Sequence Paxos: promising, being synchronised, accepting and learning
 * decisions, and forwarding proposals to its leader. {@link SequencePaxos} calls the accept-phase
 * handlers only in the role and phase they are written for, after {@link #checkBallot} and (for
 * messages numbered in sequence) {@link #checkSequence}; the handler names are those of the TLA+
 * actions in {@code spec/OmniPaxos.tla}.
 */
final class FollowerRole<T, S> {

  private final SequencePaxos<T, S> sp;
  private final PaxosState<T, S> state;
  private final long pid;

  /** The last accept-phase message taken from the leader, in its session. */
  private SequenceNumber currentSeqNum = SequenceNumber.ZERO;
  /** The accept session this follower is in, and how many forwards it sent in it. */
  private long forwardSession;
  private long forwardCounter;
  /** The Promise of the current Prepare phase, resent until the AcceptSync comes; null if none. */
  private Promise<T, S> cachedPromise;
  /** The Accepted still in the outbox, to which later acknowledgements join; null if none. */
  private Outbox.PendingAccepted<T, S> queuedAccepted;

  FollowerRole(SequencePaxos<T, S> sp, PaxosState<T, S> state, long pid) {
    this.sp = sp;
    this.state = state;
    this.pid = pid;
  }

  /** This node starts leading: it forgets its Promise and its queued acknowledgement. */
  void stopFollowing() {
    queuedAccepted = null;
    cachedPromise = null;
  }

  /** Any role: a Prepare of a higher ballot, or the leader we promised preparing us again. */
  void handlePrepare(Prepare<T, S> prep) {
    Ballot promise = state.promise();
    boolean newer = prep.n().greaterThan(promise);
    // The leader we promised prepares us again (we asked, or it saw us stall): promise it again.
    boolean rePrepare = prep.n().equals(promise) && sp.role() == SequencePaxos.Role.FOLLOWER;
    if (newer && sp.leases.deferPrepare(sp.ticks())) {
      // Leases: our leader may hold a lease; stay silent, the new leader resends its Prepare.
      return;
    }
    if (!newer && !rePrepare) {
      if (promise.greaterThan(prep.n())) {
        sp.send(new NotAccepted<>(pid, prep.from(), promise));
      }
      return;
    }
    state.flushBatch();
    state.setPromise(prep.n());
    sp.become(SequencePaxos.Role.FOLLOWER, SequencePaxos.Phase.PREPARE);
    currentSeqNum = SequenceNumber.ZERO;
    queuedAccepted = null;
    Ballot na = state.acceptedRound();
    long accepted = state.acceptedIdx();
    Optional<LogSync<T, S>> sync = Optional.empty();
    int cmp = na.compareTo(prep.nAccepted());
    if (cmp > 0) {
      sync = state.createLogSync(prep.decidedIdx(), prep.acceptedIdx());
    } else if (cmp == 0 && accepted > prep.acceptedIdx()) {
      sync = state.createLogSync(prep.acceptedIdx(), prep.acceptedIdx());
    }
    cachedPromise =
        new Promise<>(pid, prep.from(), prep.n(), na, state.decidedIdx(), accepted, sync);
    sp.send(cachedPromise);
  }

  /** Prepare phase: the leader's log, to adopt; the accept phase starts. */
  void handleAcceptSync(AcceptSync<T, S> acc) {
    if (!state.canApply(acc.n(), acc.logSync())) {
      // Stale (an older session of this ballot, reordered) or computed from a promise we no longer
      // match: stay in Prepare; the AcceptSync answering our latest Promise follows.
      sp.unsyncablePeers++;
      return;
    }
    cachedPromise = null;
    state.syncLog(acc.n(), acc.decidedIdx(), Optional.of(acc.logSync()));
    sp.become(SequencePaxos.Role.FOLLOWER, SequencePaxos.Phase.ACCEPT);
    currentSeqNum = acc.seqNum();
    heardLeader(acc.from(), acc.n(), acc.seqNum());
    forwardSession = acc.seqNum().session();
    forwardCounter = 0;
    if (!state.hasStopSign()) {
      List<T> buffered = sp.buffered.takeProposals();
      if (!buffered.isEmpty()) {
        forward(buffered);
      }
      StopSign ss = sp.buffered.takeStopSign();
      if (ss != null) {
        sp.send(new ForwardStopSign<>(pid, acc.from(), sp.config.configurationId(), ss));
      }
    } else {
      sp.buffered.dropAll();
    }
    sendAccepted(acc.n(), acc.from());
  }

  /** Accept phase: new entries and the decided index. */
  void handleAcceptDecide(AcceptDecide<T, S> acc) {
    heardLeader(acc.from(), acc.n(), acc.seqNum());
    if (state.hasStopSign()) {
      return;
    }
    // The leader batched already: a follower writes what it receives at once and acknowledges it.
    state.appendEntries(acc.entries());
    applyDecided(acc.decidedIdx());
    if (!acc.entries().isEmpty()) {
      sendAccepted(acc.n(), acc.from());
    }
  }

  /** Accept phase: the decided index. */
  void handleDecide(Decide<T, S> dec) {
    heardLeader(dec.from(), dec.n(), dec.seqNum());
    applyDecided(dec.decidedIdx());
  }

  /** Raises the decided index; never past the accepted log. */
  private void applyDecided(long decided) {
    state.setDecidedIdx(Math.min(decided, state.acceptedIdx()));
  }

  /** Accept phase: the stop sign that ends the configuration. */
  void handleAcceptStopSign(AcceptStopSign<T, S> acc) {
    heardLeader(acc.from(), acc.n(), acc.seqNum());
    if (!state.hasStopSign()) {
      state.setStopSign(acc.stopSign());
    }
    sendAccepted(acc.n(), acc.from());
  }

  /**
   * Accept-phase messages must carry the promised ballot. An older ballot gets a NotAccepted; a
   * newer one means this node missed that leader's Prepare, so it asks to be prepared.
   */
  boolean checkBallot(Ballot n, long from) {
    Ballot promise = state.promise();
    if (n.equals(promise)) {
      return true;
    }
    if (promise.greaterThan(n)) {
      sp.send(new NotAccepted<>(pid, from, promise));
    } else {
      sp.reconnected(from);
    }
    return false;
  }

  /**
   * Accept-phase messages from the leader arrive in sequence; a gap means loss and triggers a
   * resync.
   */
  boolean checkSequence(SequenceNumber seq, long from) {
    if (seq.session() == currentSeqNum.session() && seq.counter() == currentSeqNum.counter() + 1) {
      currentSeqNum = seq;
      return true;
    }
    if (seq.compareTo(currentSeqNum) > 0) {
      sp.reconnected(from);
    }
    return false;
  }

  /** Accept phase: sends {@code entries} to the leader, numbered within the accept session. */
  void forward(List<T> entries) {
    Ballot n = state.promise();
    forwardCounter++;
    SequenceNumber seq = new SequenceNumber(forwardSession, forwardCounter);
    sp.send(new ProposalForward<>(pid, n.pid(), n, seq, entries));
  }

  private void sendAccepted(Ballot n, long to) {
    long idx = state.acceptedIdx();
    if (queuedAccepted != null && queuedAccepted.joins(n, to)) {
      queuedAccepted.acceptedUpTo(idx);
    } else {
      queuedAccepted = sp.outgoing.add(new Outbox.PendingAccepted<>(to, n, idx));
    }
  }

  private void heardLeader(long from, Ballot n, SequenceNumber seq) {
    sp.leases.heardLeader(from, n, seq, sp.ticks(), sp.outgoing);
  }

  /**
   * Prepare phase, at the resend timeout: resends the Promise, or, without one (it was sent before
   * a restart), asks to be prepared again.
   */
  void resendPromise() {
    if (cachedPromise != null) {
      sp.send(cachedPromise);
    } else {
      sp.become(SequencePaxos.Role.FOLLOWER, SequencePaxos.Phase.RECOVER);
    }
  }

  /** The outbox was emptied: a later acknowledgement needs a new Accepted. */
  void outboxTaken() {
    queuedAccepted = null;
  }
}
