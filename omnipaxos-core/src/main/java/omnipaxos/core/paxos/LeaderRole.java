package omnipaxos.core.paxos;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.LeaderState.Peer;
import omnipaxos.core.paxos.LeaderState.PromiseMeta;
import omnipaxos.core.paxos.PaxosMessage.AcceptStopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Accepted;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.PaxosMessage.LeaseAck;
import omnipaxos.core.paxos.PaxosMessage.NotAccepted;
import omnipaxos.core.paxos.PaxosMessage.Prepare;
import omnipaxos.core.paxos.PaxosMessage.PrepareReq;
import omnipaxos.core.paxos.PaxosMessage.Promise;
import omnipaxos.core.paxos.PaxosMessage.ProposalForward;

/**
 * The leader's half of Sequence Paxos: the Prepare phase of its ballot, the synchronisation of
 * promised followers, replication and deciding. {@link SequencePaxos} calls these handlers only in
 * the role and phase they are written for (its dispatcher tests both); the handler names are those
 * of the TLA+ actions in {@code spec/OmniPaxos.tla}.
 */
final class LeaderRole<T, S> {

  private final SequencePaxos<T, S> sp;
  private final PaxosState<T, S> state;
  private final long pid;
  private final Predicate<Outbox.Item<T, S>> leavesEarly = this::mayLeaveBeforeFlush;
  private LeaderState<T, S> leader;

  LeaderRole(SequencePaxos<T, S> sp, PaxosState<T, S> state, long pid) {
    this.sp = sp;
    this.state = state;
    this.pid = pid;
    this.leader = newLeaderState(state.promise());
  }

  private LeaderState<T, S> newLeaderState(Ballot n) {
    return new LeaderState<>(n, sp.peers, sp.config.readQuorum(), sp.config.writeQuorum());
  }

  /** What this node tracks for the ballot it leads (or led last, or recovered). */
  LeaderState<T, S> state() {
    return leader;
  }

  /** The ballot this node leads, led last, or recovered. */
  Ballot n() {
    return leader.n;
  }

  /** Starts leading ballot {@code n}: promise it and prepare every peer. */
  void becomeLeader(Ballot n) {
    state.flushBatch();
    leader = newLeaderState(n);
    sp.leases.startLeading();
    state.setPromise(n);
    leader.setOwnPromise(
        new PromiseMeta(pid, state.acceptedRound(), state.acceptedIdx(), state.decidedIdx()));
    for (long p : sp.peers) {
      sendPrepare(p);
    }
  }

  void sendPrepare(long to) {
    sp.send(new Prepare<>(pid, to, leader.n, state.decidedIdx(), state.acceptedRound(),
        state.acceptedIdx()));
  }

  private static <T, S> PromiseMeta metaOf(Promise<T, S> prom) {
    return new PromiseMeta(prom.from(), prom.nAccepted(), prom.acceptedIdx(), prom.decidedIdx());
  }

  /** A Promise in the Prepare phase: counts towards the read quorum. */
  void handlePromise(Promise<T, S> prom) {
    if (!prom.n().equals(leader.n)) {
      return;
    }
    leader.recordPromise(leader.peer(prom.from()), metaOf(prom), prom.logSync());
    if (leader.hasPrepareQuorum()) {
      onPrepareQuorum();
    }
  }

  /** A Promise in the Accept phase: the log is chosen already; sync the peer onto it. */
  void handleLatePromise(Promise<T, S> prom) {
    if (!prom.n().equals(leader.n)) {
      return;
    }
    Peer<T> peer = leader.peer(prom.from());
    leader.recordLatePromise(peer, metaOf(prom));
    sendAcceptSync(peer);
  }

  /**
   * The Prepare phase is over: adopt the most up-to-date log, append what waited, sync every
   * follower.
   */
  private void onPrepareQuorum() {
    boolean adoptOwn = leader.maxPromise().pid() == pid;
    Optional<LogSync<T, S>> maxSync = adoptOwn ? Optional.empty() : leader.maxPromiseSync();
    if (!adoptOwn && (maxSync.isEmpty() || !state.canApply(leader.n, maxSync.get()))) {
      // The most up-to-date log could not be sent (its sender trimmed what we lack): we must not
      // lead with our own, older log. Stay in Prepare; another promise may still bring it.
      sp.unsyncablePeers++;
      return;
    }
    state.syncLog(leader.n, leader.maxPromisedDecidedIdx(), maxSync);
    sp.phase = SequencePaxos.Phase.ACCEPT;
    if (!state.hasStopSign()) {
      state.appendEntries(sp.buffered.takeProposals());
      StopSign ss = sp.buffered.takeStopSign();
      if (ss != null) {
        state.setStopSign(ss);
      }
    } else {
      sp.buffered.dropAll();
    }
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised()) {
        sendAcceptSync(p);
      }
    }
  }

  private void sendAcceptSync(Peer<T> f) {
    PromiseMeta meta = f.meta();
    PromiseMeta max = leader.maxPromise();
    long valid;
    if (meta.nAccepted().equals(leader.n)) {
      valid = meta.acceptedIdx();
    } else if (meta.nAccepted().equals(max.nAccepted())) {
      valid = Math.min(max.acceptedIdx(), meta.acceptedIdx());
    } else {
      valid = meta.decidedIdx();
    }
    Optional<LogSync<T, S>> sync = state.createLogSync(valid, meta.acceptedIdx());
    if (sync.isEmpty()) {
      // Entries the follower lacks are compacted without a snapshot: it cannot catch up from here.
      sp.unsyncablePeers++;
      f.lostPromise();
      return;
    }
    SequenceNumber seq = noteSent(f, f.newSession());
    sp.send(new AcceptSync<>(pid, f.pid(), leader.n, seq, state.decidedIdx(), sync.get()));
  }

  /** Accept phase: appends {@code entries} to the batch and replicates what it flushes. */
  void acceptEntries(List<T> entries) {
    List<T> flushed = state.appendToBatch(entries);
    if (!flushed.isEmpty()) {
      replicate(flushed);
    }
  }

  /** Accept phase: replicates the flushed entries to every promised follower. */
  void replicate(List<T> flushed) {
    for (Peer<T> p : leader.peers()) {
      if (!p.isPromised()) {
        continue;
      }
      Outbox.PendingAcceptDecide<T, ?> queued = p.queuedAcceptDecide();
      if (queued != null) {
        queued.add(flushed);
        queued.decidedUpTo(state.decidedIdx());
      } else {
        p.queued(sp.outgoing.add(new Outbox.PendingAcceptDecide<>(
            p.pid(), leader.n, nextSeq(p), state.decidedIdx(), flushed)));
      }
    }
  }

  /** Accept phase: flushes the batch, then stores and replicates the stop sign {@code ss}. */
  void acceptStopSign(StopSign ss) {
    List<T> flushed = state.flushBatch();
    if (!flushed.isEmpty()) {
      replicate(flushed);
    }
    state.setStopSign(ss);
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised()) {
        p.dequeued();
        sp.send(new AcceptStopSign<>(pid, p.pid(), leader.n, nextSeq(p), ss));
      }
    }
  }

  /** Accept phase: a follower accepted a prefix of this ballot's log. */
  void handleAccepted(Accepted<T, S> acc) {
    if (!acc.n().equals(leader.n)) {
      return;
    }
    leader.peer(acc.from()).acceptedUpTo(acc.acceptedIdx());
    long idx = acc.acceptedIdx();
    if (idx > state.decidedIdx() && idx <= state.acceptedIdx() && leader.isChosen(idx)) {
      decide(idx);
    }
  }

  /**
   * Accept phase: the leader's own log is durable; it counts towards a write quorum now, which may
   * decide entries that followers accepted meanwhile.
   */
  void ownLogDurable() {
    if (leader.ownAcceptedIdx() < state.acceptedIdx()) {
      leader.setOwnAcceptedIdx(state.acceptedIdx());
      long chosen = Math.min(leader.chosenIdx(), state.acceptedIdx());
      if (chosen > state.decidedIdx()) {
        decide(chosen);
      }
    }
  }

  /** Decides the first {@code idx} positions and tells every promised follower. */
  private void decide(long idx) {
    assert idx <= state.acceptedIdx() : "decided " + idx + " past the accepted log";
    state.setDecidedIdx(idx);
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised()) {
        sendDecide(p);
      }
    }
  }

  /**
   * Tells {@code p} the decided index: in the AcceptDecide already queued for it, or in a new
   * queued one without entries, which entries replicated later in the same batch of events join (it
   * leaves as a Decide if none do).
   */
  private void sendDecide(Peer<T> p) {
    if (p.queuedAcceptDecide() != null) {
      p.queuedAcceptDecide().decidedUpTo(state.decidedIdx());
    } else {
      p.queued(sp.outgoing.add(new Outbox.PendingAcceptDecide<>(
          p.pid(), leader.n, nextSeq(p), state.decidedIdx(), List.of())));
    }
  }

  /** A peer promised a higher ballot than the one this node leads. */
  void handleNotAccepted(NotAccepted<T, S> na) {
    if (na.n().greaterThan(leader.n)) {
      leader.peer(na.from()).promisedHigher();
    }
  }

  /** A follower acknowledged accept-phase messages for the lease. */
  void handleLeaseAck(LeaseAck<T, S> ack) {
    if (ack.n().equals(leader.n)) {
      sp.leases.acked(ack.from(), ack.seqNum(), sp.ticks());
    }
  }

  /**
   * A follower asks to be prepared again. Promises are durable and never decrease, so a request
   * that carries a promise below our ballot from a peer that already promised it is stale
   * (reordered) and ignored. During the Prepare phase a promised peer keeps its standing (its
   * promise may be the one the leader adopts): it only gets the Prepare again.
   */
  void handlePrepareReq(PrepareReq<T, S> req) {
    if (req.n().greaterThan(leader.n)) {
      return;
    }
    Peer<T> peer = leader.peer(req.from());
    boolean promised = peer.isPromised();
    if (promised && req.n().compareTo(leader.n) < 0) {
      return;
    }
    if (!promised || sp.phase != SequencePaxos.Phase.PREPARE) {
      peer.lostPromise();
    }
    sendPrepare(req.from());
  }

  /**
   * Takes forwarded proposals if this node leads the ballot they were sent to, and only once: each
   * follower's forwards are numbered within its accept session, and the leader keeps the highest
   * number taken. Duplicates, forwards that a reordering overtook, and forwards to a ballot this
   * node no longer leads are dropped; their proposers never see them decided.
   */
  void handleProposalForward(ProposalForward<T, S> fwd) {
    Peer<T> peer = fwd.n().equals(leader.n) ? leader.peer(fwd.from()) : null;
    if (state.hasStopSign() || peer == null || !peer.tookForward(fwd.seqNum())) {
      sp.buffered.dropped(fwd.entries().size());
      return;
    }
    sp.propose(fwd.entries(), false);
  }

  /**
   * The leader half of the resend timeout: re-prepares peers that have not promised and, in the
   * Accept phase, peers that stalled; repeats the decided index to caught-up peers.
   */
  void resendTimeout() {
    long ownAtLastResend = leader.ownAcceptedAtLastResend();
    for (Peer<T> p : leader.peers()) {
      if (p.isNotPromised()) {
        sendPrepare(p.pid());
      } else if (p.isPromised() && sp.phase == SequencePaxos.Phase.ACCEPT) {
        resendAccept(p, ownAtLastResend);
      }
    }
    leader.resendChecked(state.acceptedIdx());
  }

  private void resendAccept(Peer<T> p, long ownAtLastResend) {
    if (p.acceptedIdx() < state.acceptedIdx()) {
      // Behind already at the last timeout and no progress since: something was lost.
      if (p.stalledSinceLastResend(ownAtLastResend)) {
        p.lostPromise();
        sendPrepare(p.pid());
      }
    } else if (state.decidedIdx() > 0) {
      // The follower holds the whole log but may have lost every Decide; nothing else may follow
      // (an idle cluster, a decided stop sign), so repeat the decided index every resend period.
      sendDecide(p);
    }
    p.resendChecked();
  }

  /** Accept phase, leases on: refreshes the lease with a Decide to every idle promised follower. */
  void refreshLease() {
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised() && p.queuedAcceptDecide() == null) {
        sendDecide(p);
      }
    }
  }

  /**
   * Moves into {@code into} the queued messages that may leave before storage is durable: see
   * {@link SequencePaxos#takeOutgoingBeforeFlush}.
   */
  void takeEarly(List<PaxosMessage<T, S>> into) {
    sp.outgoing.takeEarly(leavesEarly, into);
    for (Peer<T> p : leader.peers()) {
      p.dequeuedIfTaken();
    }
  }

  /** A leader's AcceptDecide or Decide of its current ballot to one of its peers. */
  private boolean mayLeaveBeforeFlush(Outbox.Item<T, S> item) {
    Ballot n;
    if (item instanceof Outbox.PendingAcceptDecide<T, S> p) {
      n = p.n;
    } else if (item instanceof Outbox.Ready<T, S> r && r.message() instanceof Decide<T, S> d) {
      n = d.n();
    } else {
      return false;
    }
    return n.equals(leader.n) && leader.peer(item.to()) != null;
  }

  /** The outbox was emptied: nothing queued for any peer can be joined any more. */
  void outboxTaken() {
    for (Peer<T> p : leader.peers()) {
      p.dequeued();
    }
  }

  private SequenceNumber nextSeq(Peer<T> p) {
    return noteSent(p, p.nextSeq());
  }

  private SequenceNumber noteSent(Peer<T> p, SequenceNumber seq) {
    sp.leases.sent(p.pid(), seq, sp.ticks());
    return seq;
  }
}
