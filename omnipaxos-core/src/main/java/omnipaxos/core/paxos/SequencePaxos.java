package omnipaxos.core.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.CompactionException;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.LogEntry;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.LeaderState.Peer;
import omnipaxos.core.paxos.LeaderState.PromiseMeta;
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
import omnipaxos.core.storage.Storage;

/**
 * Sequence Paxos: replicates a log under a leader that Ballot Leader Election picks. A pure state
 * machine: messages and timeouts in, messages out (drained with {@link #takeOutgoing}), state in
 * {@link Storage}. Not thread-safe.
 *
 * <p>A leader runs one Prepare phase per ballot that adopts the most up-to-date log of a read quorum,
 * synchronises every promised follower onto it ({@link AcceptSync}), then replicates new entries
 * ({@link AcceptDecide}) and decides a prefix once a write quorum accepted it. Accept-phase messages
 * to a follower are numbered per session so that the follower detects loss and asks to be prepared
 * again; the leader re-prepares followers that stop making progress.
 *
 * <p>Leader leases (off unless {@link ServerConfig#leaseTicks()} is positive) let the leader serve
 * reads locally. Time is this node's tick count. A follower that receives an accept-phase message of
 * the ballot it promised answers with a {@link LeaseAck} and, for the next {@code leaseTicks} ticks,
 * neither promises another ballot nor starts its own (a restarted node holds for as long, since it
 * forgot when it last heard a leader); the new leader's Prepare is resent until the hold runs out. The
 * leader's lease dates from the send tick of the newest message a write quorum acknowledged and lasts
 * {@link ServerConfig#leaderLeaseTicks()} of its ticks. Every read quorum meets every write quorum, so
 * while the lease holds no other ballot finishes a Prepare, and the leader's decided log includes every
 * decided entry. This is sound only if the tick rates of any two nodes differ by at most
 * {@link ServerConfig#maxClockDriftPercent()}; clocks need not be synchronised. An idle leader refreshes
 * its lease with a Decide to each follower every third of the lease.
 */
public final class SequencePaxos<T, S> {

  /** Whether this node leads its ballot or follows another's. */
  public enum Role { LEADER, FOLLOWER }

  /** The phase of the node's current ballot. */
  public enum Phase { NONE, PREPARE, ACCEPT, RECOVER }

  private final long pid;
  private final ClusterConfig config;
  private final List<Long> peers;
  private final int bufferSize;
  private final PaxosState<T, S> state;

  private Role role = Role.FOLLOWER;
  private Phase phase = Phase.NONE;
  private LeaderState<T, S> leader;
  private final ArrayList<T> bufferedProposals = new ArrayList<>();
  private StopSign bufferedStopSign;

  private SequenceNumber currentSeqNum = SequenceNumber.ZERO;
  /** The accept session this follower is in, and how many forwards it sent in it. */
  private long forwardSession;
  private long forwardCounter;
  private Promise<T, S> cachedPromise;
  private Outbox.PendingAccepted<T, S> pendingAccepted;

  private final Outbox<T, S> outgoing;
  private final java.util.function.Predicate<Outbox.Item<T, S>> leavesEarly = this::mayLeaveBeforeFlush;
  private long droppedProposals;
  private long unsyncablePeers;

  /** Ticks since this instance was created: the clock of leases. */
  private long ticks;
  private final Leases<T, S> leases;

  /**
   * Creates the node's Sequence Paxos on {@code storage}. If the storage holds a promise the node
   * was running before: it starts in the Recover phase and asks its peers to prepare it again.
   */
  public SequencePaxos(ClusterConfig config, ServerConfig server, Storage<T, S> storage,
      Snapshotter<T, S> snapshotter) {
    this.pid = server.pid();
    this.outgoing = new Outbox<>(pid);
    this.config = config;
    this.peers = config.nodes().stream().filter(p -> p != pid).toList();
    this.bufferSize = server.bufferSize();
    this.state = new PaxosState<>(storage, snapshotter, server.batchSize());
    Ballot recovered = state.promise();
    this.leader = new LeaderState<>(recovered, peers, config.readQuorum(), config.writeQuorum());
    this.leases = Leases.of(server, config.writeQuorum());
    if (!recovered.equals(Ballot.NONE)) {
      phase = Phase.RECOVER;
      for (long p : peers) {
        send(new PrepareReq<>(pid, p, recovered));
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // User operations
  // ------------------------------------------------------------------------------------------------

  /**
   * Proposes {@code entry}: replicated at once by a leader in its Accept phase, buffered during its
   * Prepare phase, otherwise forwarded to the believed leader or buffered until one is known.
   *
   * @throws ProposalRejectedException if a stop sign is stored or no leader is known and the buffer is full
   */
  public void append(T entry) {
    rejectIfStopped();
    propose(List.of(entry), true);
  }

  /**
   * Proposes {@code entries} in order, as {@link #append} would one by one, but written and replicated
   * together. All or nothing: if one is rejected, none is taken.
   *
   * @throws ProposalRejectedException if a stop sign is stored or no leader is known and the buffer
   *     cannot take them all
   */
  public void appendAll(List<T> entries) {
    rejectIfStopped();
    if (!entries.isEmpty()) {
      propose(entries, true);
    }
  }

  /**
   * Proposes a stop sign that ends this configuration; {@code next} must be valid and have a larger
   * configuration id.
   *
   * @throws InvalidConfigException if {@code next} is not a valid successor
   * @throws ProposalRejectedException if a stop sign is already stored or buffered
   */
  public void reconfigure(ClusterConfig next, Optional<byte[]> metadata) {
    next.validate();
    if (next.configurationId() <= config.configurationId()) {
      throw new InvalidConfigException("the next configuration id " + next.configurationId()
          + " must be larger than the current " + config.configurationId());
    }
    rejectIfStopped();
    if (bufferedStopSign != null) {
      throw new ProposalRejectedException(ProposalRejectedException.Reason.RECONFIGURATION_PENDING,
          "a reconfiguration is already waiting for a leader");
    }
    StopSign ss = new StopSign(next, metadata);
    proposeStopSign(ss);
  }

  private void rejectIfStopped() {
    if (state.stopSignDecided()) {
      throw new ProposalRejectedException(ProposalRejectedException.Reason.RECONFIGURED,
          "the configuration is sealed by a decided stop sign: " + state.stopSign().orElseThrow());
    }
    if (state.hasStopSign()) {
      throw new ProposalRejectedException(ProposalRejectedException.Reason.RECONFIGURATION_PENDING,
          "a stop sign is accepted; the configuration is about to be sealed");
    }
  }

  /**
   * A leader in its Accept phase appends; a follower in its Accept phase forwards to its leader; every
   * other node buffers until it leads or follows a leader in the Accept phase.
   */
  private void propose(List<T> entries, boolean local) {
    if (role == Role.LEADER && phase == Phase.ACCEPT) {
      acceptEntriesAsLeader(entries);
    } else if (role == Role.FOLLOWER && phase == Phase.ACCEPT) {
      forward(entries);
    } else {
      buffer(entries, local);
    }
  }

  private void forward(List<T> entries) {
    Ballot n = state.promise();
    forwardCounter++;
    send(new ProposalForward<>(pid, n.pid(), n, new SequenceNumber(forwardSession, forwardCounter), entries));
  }

  private void buffer(List<T> entries, boolean local) {
    if (bufferedProposals.size() + entries.size() > bufferSize) {
      if (local) {
        throw new ProposalRejectedException(ProposalRejectedException.Reason.BUFFER_FULL,
            "no leader known and " + bufferedProposals.size() + " proposals are buffered (bufferSize "
                + bufferSize + ")");
      }
      droppedProposals += entries.size();
      return;
    }
    bufferedProposals.addAll(entries);
  }

  private void proposeStopSign(StopSign ss) {
    if (role == Role.LEADER && phase == Phase.ACCEPT) {
      acceptStopSignAsLeader(ss);
    } else if (role == Role.LEADER && phase == Phase.PREPARE) {
      bufferedStopSign = ss;
    } else {
      long believed = state.promise().pid();
      if (believed != 0 && believed != pid) {
        send(new ForwardStopSign<>(pid, believed, config.configurationId(), ss));
      } else {
        bufferedStopSign = ss;
      }
    }
  }

  /**
   * Trims the log below {@code idx} on every node; leader only, and never past what every node has
   * accepted in the leader's ballot. Without {@code idx}, trims as far as that allows.
   */
  public void trim(OptionalLong idx) {
    if (role != Role.LEADER || phase != Phase.ACCEPT) {
      throw new CompactionException(CompactionException.Reason.NOT_CURRENT_LEADER, currentLeader());
    }
    long min = leader.minAcceptedIdx();
    long target = idx.orElse(min);
    if (target > min) {
      throw new CompactionException(CompactionException.Reason.NOT_ALL_DECIDED, min);
    }
    state.trim(target);
    for (long p : peers) {
      send(new Compaction<>(pid, p, config.configurationId(), new CompactionRequest.Trim(target)));
    }
  }

  /**
   * Compacts the decided prefix below {@code idx} (all decided entries if empty) into a snapshot,
   * locally, and unless {@code localOnly} asks every peer to do the same.
   */
  public void snapshot(OptionalLong idx, boolean localOnly) {
    state.snapshot(idx.isPresent() ? Optional.of(idx.getAsLong()) : Optional.empty());
    if (!localOnly) {
      for (long p : peers) {
        send(new Compaction<>(pid, p, config.configurationId(), new CompactionRequest.Snapshot(idx)));
      }
    }
  }

  /**
   * Tells Sequence Paxos that the link to {@code from} was re-established; messages may have been lost.
   * A follower of {@code from} asks to be prepared again.
   */
  public void reconnected(long from) {
    if (from == pid) {
      return;
    }
    if (from == state.promise().pid() && role == Role.FOLLOWER) {
      phase = Phase.RECOVER;
    }
    send(new PrepareReq<>(pid, from, state.promise()));
  }

  // ------------------------------------------------------------------------------------------------
  // Leader election
  // ------------------------------------------------------------------------------------------------

  /** Ballot Leader Election chose {@code n}; if it is this node's and new, start leading it. */
  public void handleLeader(Ballot n) {
    if (!n.greaterThan(leader.n) || !n.greaterThan(state.promise())) {
      return;
    }
    if (n.pid() != pid) {
      role = Role.FOLLOWER;
      return;
    }
    if (leases.declineTakeover(ticks)) {
      return;
    }
    state.flushBatch();
    leader = new LeaderState<>(n, peers, config.readQuorum(), config.writeQuorum());
    leases.startLeading();
    state.setPromise(n);
    leader.setOwnPromise(new PromiseMeta(pid, state.acceptedRound(), state.acceptedIdx(), state.decidedIdx()));
    role = Role.LEADER;
    phase = Phase.PREPARE;
    pendingAccepted = null;
    cachedPromise = null;
    for (long p : peers) {
      sendPrepare(p);
    }
  }

  private void sendPrepare(long to) {
    send(new Prepare<>(pid, to, leader.n, state.decidedIdx(), state.acceptedRound(), state.acceptedIdx()));
  }

  // ------------------------------------------------------------------------------------------------
  // Incoming messages
  // ------------------------------------------------------------------------------------------------

  /** Handles a message from a member of this configuration, addressed to this node. */
  public void handle(PaxosMessage<T, S> m) {
    if (m instanceof Prepare<T, S> p) {
      handlePrepare(p);
    } else if (m instanceof Promise<T, S> p) {
      handlePromise(p);
    } else if (m instanceof AcceptSync<T, S> a) {
      handleAcceptSync(a);
    } else if (m instanceof AcceptDecide<T, S> a) {
      handleAcceptDecide(a);
    } else if (m instanceof Accepted<T, S> a) {
      handleAccepted(a);
    } else if (m instanceof Decide<T, S> d) {
      handleDecide(d);
    } else if (m instanceof AcceptStopSign<T, S> a) {
      handleAcceptStopSign(a);
    } else if (m instanceof NotAccepted<T, S> na) {
      handleNotAccepted(na);
    } else if (m instanceof LeaseAck<T, S> a) {
      handleLeaseAck(a);
    } else if (m instanceof PrepareReq<T, S> r) {
      handlePrepareReq(r);
    } else if (m instanceof ProposalForward<T, S> f) {
      handleProposalForward(f);
    } else if (m instanceof ForwardStopSign<T, S> f) {
      handleForwardStopSign(f);
    } else if (m instanceof Compaction<T, S> c) {
      handleCompaction(c);
    }
  }

  private void handlePrepare(Prepare<T, S> prep) {
    Ballot promise = state.promise();
    boolean newer = prep.n().greaterThan(promise);
    // The leader we promised prepares us again (we asked, or it saw us stall): promise it again.
    boolean rePrepare = prep.n().equals(promise) && role == Role.FOLLOWER;
    if (newer && leases.deferPrepare(ticks)) {
      // Leases: our leader may hold a lease; stay silent, the new leader resends its Prepare.
      return;
    }
    if (!newer && !rePrepare) {
      if (promise.greaterThan(prep.n())) {
        send(new NotAccepted<>(pid, prep.from(), promise));
      }
      return;
    }
    state.flushBatch();
    state.setPromise(prep.n());
    role = Role.FOLLOWER;
    phase = Phase.PREPARE;
    currentSeqNum = SequenceNumber.ZERO;
    pendingAccepted = null;
    Ballot na = state.acceptedRound();
    long accepted = state.acceptedIdx();
    Optional<LogSync<T, S>> sync = Optional.empty();
    int cmp = na.compareTo(prep.nAccepted());
    if (cmp > 0) {
      sync = createLogSync(prep.decidedIdx(), prep.acceptedIdx());
    } else if (cmp == 0 && accepted > prep.acceptedIdx()) {
      sync = createLogSync(prep.acceptedIdx(), prep.acceptedIdx());
    }
    cachedPromise = new Promise<>(pid, prep.from(), prep.n(), na, state.decidedIdx(), accepted, sync);
    send(cachedPromise);
  }

  private void handlePromise(Promise<T, S> prom) {
    if (role != Role.LEADER || !prom.n().equals(leader.n)) {
      return;
    }
    Peer<T> peer = leader.peer(prom.from());
    PromiseMeta meta = new PromiseMeta(prom.from(), prom.nAccepted(), prom.acceptedIdx(), prom.decidedIdx());
    if (phase == Phase.PREPARE) {
      leader.recordPromise(peer, meta, prom.logSync());
      if (leader.hasPrepareQuorum()) {
        onPrepareQuorum();
      }
    } else if (phase == Phase.ACCEPT) {
      leader.recordLatePromise(peer, meta);
      sendAcceptSync(peer);
    }
  }

  /** The Prepare phase is over: adopt the most up-to-date log, append what waited, sync every follower. */
  private void onPrepareQuorum() {
    Optional<LogSync<T, S>> maxSync = leader.maxPromise().pid() == pid
        ? Optional.empty() : leader.maxPromiseSync();
    if (leader.maxPromise().pid() != pid && (maxSync.isEmpty() || !state.canApply(leader.n, maxSync.get()))) {
      // The most up-to-date log could not be sent (its sender trimmed what we lack): we must not lead
      // with our own, older log. Stay in Prepare; another promise may still bring it.
      unsyncablePeers++;
      return;
    }
    state.syncLog(leader.n, leader.maxPromisedDecidedIdx(), maxSync);
    phase = Phase.ACCEPT;
    if (!state.hasStopSign()) {
      state.appendEntries(takeBufferedProposals());
      if (bufferedStopSign != null) {
        state.setStopSign(bufferedStopSign);
        bufferedStopSign = null;
      }
    } else {
      dropBufferedProposals();
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
    Optional<LogSync<T, S>> sync = createLogSync(valid, meta.acceptedIdx());
    if (sync.isEmpty()) {
      // Entries the follower lacks are compacted without a snapshot: it cannot catch up from this log.
      unsyncablePeers++;
      f.lostPromise();
      return;
    }
    SequenceNumber seq = noteSent(f, f.newSession());
    send(new AcceptSync<>(pid, f.pid(), leader.n, seq, state.decidedIdx(), sync.get()));
  }

  /**
   * What makes another node's log equal to this one's, given that the other shares this log's
   * positions below {@code common} and has {@code otherAccepted} positions in all. Entries are sent
   * from {@code common}; if those are compacted the stored snapshot is sent instead, or, if the prefix
   * was trimmed without a snapshot, the other must already hold it ({@code otherAccepted} reaches the
   * compacted index: trims never pass what every node accepted). Empty if neither is possible.
   */
  private Optional<LogSync<T, S>> createLogSync(long common, long otherAccepted) {
    long end = state.entriesEnd();
    long from = Math.min(common, end);
    Optional<S> snapshot = Optional.empty();
    long compacted = state.compactedIdx();
    if (from < compacted) {
      snapshot = state.snapshot();
      if (snapshot.isEmpty() && otherAccepted < compacted) {
        return Optional.empty();
      }
      from = compacted;
    }
    return Optional.of(new LogSync<>(snapshot, state.suffix(from), from, state.stopSign()));
  }

  private void handleAcceptSync(AcceptSync<T, S> acc) {
    if (!checkBallot(acc.n(), acc.from()) || role != Role.FOLLOWER || phase != Phase.PREPARE) {
      return;
    }
    if (!state.canApply(acc.n(), acc.logSync())) {
      // Stale (an older session of this ballot, reordered) or computed from a promise we no longer
      // match: stay in Prepare; the AcceptSync answering our latest Promise follows.
      unsyncablePeers++;
      return;
    }
    cachedPromise = null;
    state.syncLog(acc.n(), acc.decidedIdx(), Optional.of(acc.logSync()));
    phase = Phase.ACCEPT;
    currentSeqNum = acc.seqNum();
    heardLeader(acc.from(), acc.n(), acc.seqNum());
    forwardSession = acc.seqNum().session();
    forwardCounter = 0;
    if (!state.hasStopSign()) {
      List<T> buffered = takeBufferedProposals();
      if (!buffered.isEmpty()) {
        forward(buffered);
      }
      if (bufferedStopSign != null) {
        send(new ForwardStopSign<>(pid, acc.from(), config.configurationId(), bufferedStopSign));
        bufferedStopSign = null;
      }
    } else {
      dropBufferedProposals();
    }
    sendAccepted(acc.n(), acc.from());
  }

  private void handleAcceptDecide(AcceptDecide<T, S> acc) {
    if (!checkBallot(acc.n(), acc.from()) || role != Role.FOLLOWER || phase != Phase.ACCEPT
        || !checkSequence(acc.seqNum(), acc.from())) {
      return;
    }
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

  private void handleDecide(Decide<T, S> dec) {
    if (!checkBallot(dec.n(), dec.from()) || role != Role.FOLLOWER || phase != Phase.ACCEPT
        || !checkSequence(dec.seqNum(), dec.from())) {
      return;
    }
    heardLeader(dec.from(), dec.n(), dec.seqNum());
    applyDecided(dec.decidedIdx());
  }

  /** Raises the decided index; never past the accepted log. */
  private void applyDecided(long decided) {
    state.setDecidedIdx(Math.min(decided, state.acceptedIdx()));
  }

  private void handleAcceptStopSign(AcceptStopSign<T, S> acc) {
    if (!checkBallot(acc.n(), acc.from()) || role != Role.FOLLOWER || phase != Phase.ACCEPT
        || !checkSequence(acc.seqNum(), acc.from())) {
      return;
    }
    heardLeader(acc.from(), acc.n(), acc.seqNum());
    if (!state.hasStopSign()) {
      state.setStopSign(acc.stopSign());
    }
    sendAccepted(acc.n(), acc.from());
  }

  private void handleAccepted(Accepted<T, S> acc) {
    if (role != Role.LEADER || phase != Phase.ACCEPT || !acc.n().equals(leader.n)) {
      return;
    }
    Peer<T> peer = leader.peer(acc.from());
    peer.acceptedUpTo(acc.acceptedIdx());
    long idx = acc.acceptedIdx();
    if (idx > state.decidedIdx() && idx <= state.acceptedIdx() && leader.isChosen(idx)) {
      decide(idx);
    }
  }

  /** Decides the first {@code idx} positions and tells every promised follower. */
  private void decide(long idx) {
    state.setDecidedIdx(idx);
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised()) {
        sendDecide(p);
      }
    }
  }

  /**
   * Tells {@code p} the decided index: in the AcceptDecide already queued for it, or in a new queued
   * one without entries, which entries replicated later in the same batch of events join (it leaves
   * as a Decide if none do).
   */
  private void sendDecide(Peer<T> p) {
    if (p.queuedAcceptDecide() != null) {
      p.queuedAcceptDecide().decidedUpTo(state.decidedIdx());
    } else {
      p.queued(outgoing.add(
          new Outbox.PendingAcceptDecide<>(p.pid(), leader.n, nextSeq(p), state.decidedIdx(), List.of())));
    }
  }

  private void handleNotAccepted(NotAccepted<T, S> na) {
    if (role == Role.LEADER && na.n().greaterThan(leader.n)) {
      leader.peer(na.from()).promisedHigher();
    }
  }

  /**
   * A follower asks to be prepared again. Promises are durable and never decrease, so a request that
   * carries a promise below our ballot from a peer that already promised it is stale (reordered) and
   * ignored. During the Prepare phase a promised peer keeps its standing (its promise may be the one
   * the leader adopts): it only gets the Prepare again.
   */
  private void handlePrepareReq(PrepareReq<T, S> req) {
    if (role != Role.LEADER || req.n().greaterThan(leader.n)) {
      return;
    }
    Peer<T> peer = leader.peer(req.from());
    boolean promised = peer.isPromised();
    if (promised && req.n().compareTo(leader.n) < 0) {
      return;
    }
    if (promised && phase == Phase.PREPARE) {
      sendPrepare(req.from());
      return;
    }
    peer.lostPromise();
    sendPrepare(req.from());
  }

  /**
   * Takes forwarded proposals if this node leads the ballot they were sent to, and only once: each
   * follower's forwards are numbered within its accept session, and the leader keeps the highest number
   * taken. Duplicates, forwards that a reordering overtook, and forwards to a ballot this node does not
   * (or no longer) lead are dropped; their proposers never see them decided.
   */
  private void handleProposalForward(ProposalForward<T, S> fwd) {
    Peer<T> peer = role == Role.LEADER && fwd.n().equals(leader.n) ? leader.peer(fwd.from()) : null;
    if (state.hasStopSign() || peer == null || !peer.tookForward(fwd.seqNum())) {
      droppedProposals += fwd.entries().size();
      return;
    }
    propose(fwd.entries(), false);
  }

  private void handleForwardStopSign(ForwardStopSign<T, S> fwd) {
    if (state.hasStopSign() || bufferedStopSign != null
        || fwd.stopSign().nextConfig().configurationId() <= config.configurationId()) {
      return;
    }
    proposeStopSign(fwd.stopSign());
  }

  private void handleCompaction(Compaction<T, S> c) {
    try {
      if (c.request() instanceof CompactionRequest.Trim t) {
        state.trim(t.idx());
      } else if (c.request() instanceof CompactionRequest.Snapshot s) {
        state.snapshot(s.idx().isPresent() ? Optional.of(s.idx().getAsLong()) : Optional.empty());
      }
    } catch (CompactionException e) {
      // The request does not fit this node's log (e.g. not decided here yet); compaction is local advice.
    }
  }

  /**
   * Accept-phase messages must carry the promised ballot. An older ballot gets a NotAccepted; a newer
   * one means this node missed that leader's Prepare, so it asks to be prepared.
   */
  private boolean checkBallot(Ballot n, long from) {
    Ballot promise = state.promise();
    if (n.equals(promise)) {
      return true;
    }
    if (promise.greaterThan(n)) {
      send(new NotAccepted<>(pid, from, promise));
    } else {
      reconnected(from);
    }
    return false;
  }

  /** Accept-phase messages from the leader arrive in sequence; a gap means loss and triggers a resync. */
  private boolean checkSequence(SequenceNumber seq, long from) {
    if (seq.session() == currentSeqNum.session() && seq.counter() == currentSeqNum.counter() + 1) {
      currentSeqNum = seq;
      return true;
    }
    if (seq.compareTo(currentSeqNum) > 0) {
      reconnected(from);
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------------
  // Leader: accepting entries and the stop sign
  // ------------------------------------------------------------------------------------------------

  private void acceptEntriesAsLeader(List<T> entries) {
    List<T> flushed = state.appendToBatch(entries);
    if (!flushed.isEmpty()) {
      replicate(flushed);
    }
  }

  private void replicate(List<T> flushed) {
    for (Peer<T> p : leader.peers()) {
      if (!p.isPromised()) {
        continue;
      }
      Outbox.PendingAcceptDecide<T, ?> queued = p.queuedAcceptDecide();
      if (queued != null) {
        queued.add(flushed);
        queued.decidedUpTo(state.decidedIdx());
      } else {
        p.queued(outgoing.add(
            new Outbox.PendingAcceptDecide<>(p.pid(), leader.n, nextSeq(p), state.decidedIdx(), flushed)));
      }
    }
  }

  private void acceptStopSignAsLeader(StopSign ss) {
    List<T> flushed = state.flushBatch();
    if (!flushed.isEmpty()) {
      replicate(flushed);
    }
    state.setStopSign(ss);
    for (Peer<T> p : leader.peers()) {
      if (p.isPromised()) {
        p.dequeued();
        send(new AcceptStopSign<>(pid, p.pid(), leader.n, nextSeq(p), ss));
      }
    }
  }

  private void sendAccepted(Ballot n, long to) {
    long idx = state.acceptedIdx();
    if (pendingAccepted != null && pendingAccepted.joins(n, to)) {
      pendingAccepted.acceptedUpTo(idx);
    } else {
      pendingAccepted = outgoing.add(new Outbox.PendingAccepted<>(to, n, idx));
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Timeouts
  // ------------------------------------------------------------------------------------------------

  /**
   * Resends what may have been lost. A leader re-prepares peers that have not promised and peers whose
   * accepted index made no progress since the last timeout although they lag behind, and repeats the
   * decided index to caught-up peers (a Decide with a fresh sequence number, which also reveals any
   * earlier loss to them). A follower resends its Promise or
   * asks to be prepared again.
   */
  public void resendTimeout() {
    if (role == Role.LEADER) {
      long ownAtLastResend = leader.ownAcceptedAtLastResend();
      for (Peer<T> p : leader.peers()) {
        if (p.isNotPromised()) {
          sendPrepare(p.pid());
        } else if (p.isPromised() && phase == Phase.ACCEPT) {
          resendAccept(p, ownAtLastResend);
        }
      }
      leader.resendChecked(state.acceptedIdx());
    } else if (phase == Phase.PREPARE) {
      if (cachedPromise != null) {
        send(cachedPromise);
      } else {
        phase = Phase.RECOVER;
      }
    }
    if (role == Role.FOLLOWER && phase == Phase.RECOVER) {
      for (long p : peers) {
        send(new PrepareReq<>(pid, p, state.promise()));
      }
    }
  }

  private void resendAccept(Peer<T> p, long ownAtLastResend) {
    if (p.acceptedIdx() < state.acceptedIdx()) {
      // Behind already at the last timeout and no progress since: something was lost.
      if (p.stalledSinceLastResend(ownAtLastResend)) {
        p.lostPromise();
        sendPrepare(p.pid());
      }
    } else if (state.decidedIdx() > 0) {
      // The follower holds the whole log but may have lost every Decide; nothing else may follow (an
      // idle cluster, a decided stop sign), so repeat the decided index every resend period.
      sendDecide(p);
    }
    p.resendChecked();
  }

  /** A leader writes and replicates a partly filled batch, so no entry waits longer than this timeout. */
  public void flushBatchTimeout() {
    if (role == Role.LEADER && phase == Phase.ACCEPT && state.batchLength() > 0) {
      replicate(state.flushBatch());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Leader leases
  // ------------------------------------------------------------------------------------------------

  /** Advances this node's clock by one tick; with leases on, an accepting leader refreshes its lease. */
  public void tick() {
    ticks++;
    if (leases.refreshDue(ticks) && isAcceptingLeader()) {
      for (Peer<T> p : leader.peers()) {
        if (p.isPromised() && p.queuedAcceptDecide() == null) {
          sendDecide(p);
        }
      }
    }
  }

  private SequenceNumber nextSeq(Peer<T> p) {
    return noteSent(p, p.nextSeq());
  }

  private SequenceNumber noteSent(Peer<T> p, SequenceNumber seq) {
    leases.sent(p.pid(), seq, ticks);
    return seq;
  }

  /** A follower got the accept-phase message {@code seq} of the ballot it promised: hold and acknowledge. */
  private void heardLeader(long from, Ballot n, SequenceNumber seq) {
    leases.heardLeader(from, n, seq, ticks, outgoing);
  }

  private void handleLeaseAck(LeaseAck<T, S> ack) {
    if (role == Role.LEADER && ack.n().equals(leader.n)) {
      leases.acked(ack.from(), ack.seqNum(), ticks);
    }
  }

  /** Whether this node leads in its Accept phase with a lease that holds now and no stop sign. */
  public boolean hasLease() {
    return isAcceptingLeader() && !state.hasStopSign() && leases.valid(ticks);
  }

  /**
   * Where a lease read may be served: if {@link #hasLease()}, the accepted index now. Once the decided
   * index reaches it, the decided state includes every entry decided anywhere before this call, and a
   * local read of it is linearizable provided the lease (same ballot) still holds when the read is
   * answered. Empty without a lease: read through the log instead.
   */
  public OptionalLong leaseReadIndex() {
    return hasLease() ? OptionalLong.of(state.acceptedIdx()) : OptionalLong.empty();
  }

  /** The tick this node's lease dates from, if it leads with leases on and a write quorum acknowledged. */
  public OptionalLong leaseStartTick() {
    return isAcceptingLeader() ? leases.start() : OptionalLong.empty();
  }

  /** The leader's lease length in ticks; 0 when leases are off. */
  public int leaderLeaseTicks() {
    return leases.leaderLeaseTicks();
  }

  /** This node's clock: ticks since it was created. */
  public long ticks() {
    return ticks;
  }

  /** Leases: the tick before which this node promises no other ballot (its hold). */
  public long holdUntilTick() {
    return leases.holdUntil();
  }

  /** Leases: Prepares of a higher ballot left unanswered because this node held for its leader. */
  public long deferredPrepares() {
    return leases.deferredPrepares();
  }

  // ------------------------------------------------------------------------------------------------
  // Output and reads
  // ------------------------------------------------------------------------------------------------

  /**
   * Whether a storage write since the last {@link #storageFlushed()} must be durable before any
   * message leaves: everything but a decided index (see {@link Storage}).
   */
  public boolean storageFlushRequired() {
    return state.flushRequired();
  }

  /**
   * The driver flushed storage: every write so far is durable. Only now does a leader count its own
   * log towards a write quorum (its messages may have left before its write was durable, see
   * {@link #takeOutgoingBeforeFlush}), which may decide entries that followers accepted meanwhile.
   */
  public void storageFlushed() {
    state.flushed();
    if (role == Role.LEADER && phase == Phase.ACCEPT && leader.ownAcceptedIdx() < state.acceptedIdx()) {
      leader.setOwnAcceptedIdx(state.acceptedIdx());
      long chosen = Math.min(leader.chosenIdx(), state.acceptedIdx());
      if (chosen > state.decidedIdx()) {
        decide(chosen);
      }
    }
  }

  /**
   * Moves into {@code into} the queued messages that may leave before this node's storage writes are
   * durable: a leader's AcceptDecide and Decide messages of its current ballot, to receivers with no
   * earlier message still queued (per-receiver order is kept). They carry nothing that must be durable
   * here first: the leader counts its own acceptance of the entries only once they are durable (Raft
   * thesis, section 10.2.1), and a decided index is a fact about a write quorum. The rest stays queued
   * for {@link #takeOutgoing}.
   */
  public void takeOutgoingBeforeFlush(List<PaxosMessage<T, S>> into) {
    if (role != Role.LEADER || phase != Phase.ACCEPT || outgoing.isEmpty()) {
      return;
    }
    outgoing.takeEarly(leavesEarly, into);
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

  private void send(PaxosMessage<T, S> m) {
    outgoing.send(m);
  }

  /** Moves every queued message into {@code into}, in the order they were produced. */
  public void takeOutgoing(List<PaxosMessage<T, S>> into) {
    outgoing.takeAll(into);
    pendingAccepted = null;
    leases.outboxTaken();
    for (Peer<T> p : leader.peers()) {
      p.dequeued();
    }
  }

  private List<T> takeBufferedProposals() {
    List<T> taken = List.copyOf(bufferedProposals);
    bufferedProposals.clear();
    return taken;
  }

  private void dropBufferedProposals() {
    droppedProposals += bufferedProposals.size();
    bufferedProposals.clear();
    bufferedStopSign = null;
  }

  /** The read view of positions {@code [from, to)}; empty if not within the accepted log. */
  public List<LogEntry<T, S>> read(long from, long to) {
    return state.read(from, to);
  }

  public long decidedIdx() {
    return state.decidedIdx();
  }

  public long acceptedIdx() {
    return state.acceptedIdx();
  }

  public long compactedIdx() {
    return state.compactedIdx();
  }

  /** The ballot this node promised; {@link Ballot#NONE} if none. */
  public Ballot promise() {
    return state.promise();
  }

  /** The pid of the leader this node promised to, 0 if none. */
  public long currentLeader() {
    return state.promise().pid();
  }

  public Role role() {
    return role;
  }

  public Phase phase() {
    return phase;
  }

  /** Whether this node leads and is in its Accept phase. */
  public boolean isAcceptingLeader() {
    return role == Role.LEADER && phase == Phase.ACCEPT;
  }

  /** The decided stop sign, if the configuration is sealed. */
  public Optional<StopSign> decidedStopSign() {
    return state.stopSignDecided() ? state.stopSign() : Optional.empty();
  }

  /** Proposals dropped because a stop sign was stored first or the buffer overflowed. */
  public long droppedProposals() {
    return droppedProposals;
  }

  /** Times a follower could not be synchronised because the entries it lacks are trimmed. */
  public long unsyncablePeers() {
    return unsyncablePeers;
  }
}
