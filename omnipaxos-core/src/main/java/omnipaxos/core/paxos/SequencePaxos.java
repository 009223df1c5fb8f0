package omnipaxos.core.paxos;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.CompactionException;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.LogEntry;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.QuorumRead;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Compaction;
import omnipaxos.core.paxos.PaxosMessage.CompactionRequest;
import omnipaxos.core.paxos.PaxosMessage.ForwardStopSign;
import omnipaxos.core.paxos.PaxosMessage.LeaseAck;
import omnipaxos.core.paxos.PaxosMessage.PrepareReq;
import omnipaxos.core.storage.Storage;

/**
 * Sequence Paxos: replicates a log under a leader that Ballot Leader Election picks. A pure state
 * machine: messages and timeouts in, messages out (drained with {@link #takeOutgoing}), state in
 * {@link Storage}. Not thread-safe.
 *
 * <p>A leader runs one Prepare phase per ballot that adopts the most up-to-date log of a read
 * quorum, synchronises every promised follower onto it ({@link AcceptSync}), then replicates new
 * entries ({@link AcceptDecide}) and decides a prefix once a write quorum accepted it. Accept-phase
 * messages to a follower are numbered per session so that the follower detects loss and asks to be
 * prepared again; the leader re-prepares followers that stop making progress.
 *
 * <p>Leader leases (off unless {@link ServerConfig#leaseTicks()} is positive) let the leader serve
 * reads locally. Time is this node's tick count. A follower that receives an accept-phase message
 * of the ballot it promised answers with a {@link LeaseAck} and, for the next {@code leaseTicks}
 * ticks, neither promises another ballot nor starts its own (a restarted node holds for as long,
 * since it forgot when it last heard a leader); the new leader's Prepare is resent until the hold
 * runs out. The leader's lease dates from the send tick of the newest message a write quorum
 * acknowledged and lasts {@link ServerConfig#leaderLeaseTicks()} of its ticks. Every read quorum
 * meets every write quorum, so while the lease holds no other ballot finishes a Prepare, and the
 * leader's decided log includes every decided entry. This is sound only if the tick rates of any
 * two nodes differ by at most {@link ServerConfig#maxClockDriftPercent()}; clocks need not be
 * synchronised. An idle leader refreshes its lease with a Decide to each follower every third of
 * the lease.
 */
public final class SequencePaxos<T, S> {

  /** Whether this node leads its ballot or follows another's. */
  public enum Role { LEADER, FOLLOWER }

  /** The phase of the node's current ballot. */
  public enum Phase { NONE, PREPARE, ACCEPT, RECOVER }

  final long pid;
  final ClusterConfig config;
  /** The other members of the configuration. */
  final List<Long> peers;
  private final PaxosState<T, S> state;
  final Outbox<T, S> outgoing;
  final Leases<T, S> leases;
  final QuorumReads<T, S> quorumReads;
  private final LeaderRole<T, S> leader;
  private final FollowerRole<T, S> follower;
  private final MessageDispatch<T, S> dispatch;

  private Role role = Role.FOLLOWER;
  Phase phase = Phase.NONE;
  final ProposalBuffer<T> buffered;
  long unsyncablePeers;
  /** Ticks since this instance was created: the clock of leases. */
  private long ticks;

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
    this.buffered = new ProposalBuffer<>(server.bufferSize());
    this.state = new PaxosState<>(storage, snapshotter, server.batchSize());
    this.leases = Leases.of(server, config.writeQuorum());
    this.quorumReads = new QuorumReads<>(pid, peers, config.writeQuorum(), outgoing);
    this.leader = new LeaderRole<>(this, state, pid);
    this.follower = new FollowerRole<>(this, state, pid);
    this.dispatch = new MessageDispatch<>(this, state, leader, follower);
    Ballot recovered = state.promise();
    if (!recovered.equals(Ballot.NONE)) {
      phase = Phase.RECOVER;
      for (long p : peers) {
        send(new PrepareReq<>(pid, p, recovered));
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // User operations
  // -----------------------------------------------------------------------------------------------

  /**
   * Proposes {@code entry}: replicated at once by a leader in its Accept phase, buffered during its
   * Prepare phase, otherwise forwarded to the believed leader or buffered until one is known.
   *
   * @throws ProposalRejectedException if a stop sign is stored or no leader is known and the buffer
   *     is full
   */
  public void append(T entry) {
    rejectIfStopped();
    propose(List.of(entry), true);
  }

  /**
   * Proposes {@code entries} in order, as {@link #append} would one by one, but written and
   * replicated together. All or nothing: if one is rejected, none is taken.
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
    if (buffered.hasStopSign()) {
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
   * A leader in its Accept phase appends; a follower in its Accept phase forwards to its leader;
   * every other node buffers until it leads or follows a leader in the Accept phase.
   */
  void propose(List<T> entries, boolean local) {
    if (role == Role.LEADER && phase == Phase.ACCEPT) {
      leader.acceptEntries(entries);
    } else if (role == Role.FOLLOWER && phase == Phase.ACCEPT) {
      follower.forward(entries);
    } else {
      buffered.add(entries, local);
    }
  }

  /** A leader in its Accept phase accepts {@code ss}; others buffer it or forward it. */
  void proposeStopSign(StopSign ss) {
    if (role == Role.LEADER && phase == Phase.ACCEPT) {
      leader.acceptStopSign(ss);
    } else if (role == Role.LEADER && phase == Phase.PREPARE) {
      buffered.setStopSign(ss);
    } else {
      long believed = state.promise().pid();
      if (believed != 0 && believed != pid) {
        send(new ForwardStopSign<>(pid, believed, config.configurationId(), ss));
      } else {
        buffered.setStopSign(ss);
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
    long min = leader.state().minAcceptedIdx();
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
        send(
            new Compaction<>(
                pid, p, config.configurationId(), new CompactionRequest.Snapshot(idx)));
      }
    }
  }

  /**
   * Compacts the decided prefix below {@code idx} here into {@code snap}, a snapshot of the state
   * there that the caller built; see {@link PaxosState#installSnapshot}.
   */
  public void installSnapshot(long idx, S snap) {
    state.installSnapshot(idx, snap);
  }

  /**
   * Tells Sequence Paxos that the link to {@code from} was re-established; messages may have been
   * lost. A follower of {@code from} asks to be prepared again.
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

  // -----------------------------------------------------------------------------------------------
  // Leader election
  // -----------------------------------------------------------------------------------------------

  /** Ballot Leader Election chose {@code n}; if it is this node's and new, start leading it. */
  public void handleLeader(Ballot n) {
    if (!n.greaterThan(leader.n()) || !n.greaterThan(state.promise())) {
      return;
    }
    if (n.pid() != pid) {
      role = Role.FOLLOWER;
      return;
    }
    // Leases: while this node holds for another leader, that leader may hold a lease.
    if (leases.declineTakeover(ticks)) {
      return;
    }
    follower.stopFollowing();
    become(Role.LEADER, Phase.PREPARE);
    leader.becomeLeader(n);
  }

  // -----------------------------------------------------------------------------------------------
  // Incoming messages
  // -----------------------------------------------------------------------------------------------

  /**
   * Handles a message from a member of this configuration, addressed to this node; see {@link
   * MessageDispatch} for which role and phase each is handled in.
   */
  public void handle(PaxosMessage<T, S> m) {
    dispatch.handle(m);
  }

  // -----------------------------------------------------------------------------------------------
  // Timeouts
  // -----------------------------------------------------------------------------------------------

  /**
   * Resends what may have been lost. A leader re-prepares peers that have not promised and peers
   * whose accepted index made no progress since the last timeout although they lag behind, and
   * repeats the decided index to caught-up peers (a Decide with a fresh sequence number, which also
   * reveals any earlier loss to them). A follower resends its Promise or asks to be prepared again.
   */
  public void resendTimeout() {
    if (role == Role.LEADER) {
      leader.resendTimeout();
      if (phase == Phase.ACCEPT) {
        quorumReads.resendTimeout();
      }
    } else if (phase == Phase.PREPARE) {
      follower.resendPromise();
    }
    if (role == Role.FOLLOWER && phase == Phase.RECOVER) {
      for (long p : peers) {
        send(new PrepareReq<>(pid, p, state.promise()));
      }
    }
  }

  /** A leader writes and replicates a partly filled batch, so no entry waits longer than this. */
  public void flushBatchTimeout() {
    if (isAcceptingLeader() && state.batchLength() > 0) {
      leader.replicate(state.flushBatch());
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Leader leases
  // -----------------------------------------------------------------------------------------------

  /** Advances this node's clock by one tick; with leases on, an accepting leader refreshes it. */
  public void tick() {
    ticks++;
    if (leases.refreshDue(ticks) && isAcceptingLeader()) {
      leader.refreshLease();
    }
  }

  /** Whether this node leads in its Accept phase with a lease that holds now and no stop sign. */
  public boolean hasLease() {
    return isAcceptingLeader() && !state.hasStopSign() && leases.valid(ticks);
  }

  /**
   * Where a lease read may be served: if {@link #hasLease()}, the accepted index now. Once the
   * decided index reaches it, the decided state includes every entry decided anywhere before this
   * call, and a local read of it is linearizable provided the lease (same ballot) still holds when
   * the read is answered. Empty without a lease: read through the log instead.
   */
  public OptionalLong leaseReadIndex() {
    return hasLease() ? OptionalLong.of(state.acceptedIdx()) : OptionalLong.empty();
  }

  /**
   * Starts a quorum read (see {@link QuorumRead}) if this node leads in its Accept phase with no
   * stop sign in its log (a sealed configuration's quorum cannot vouch for its successor's writes);
   * its round leaves with the next outgoing messages. Empty otherwise: read through the log.
   */
  public Optional<QuorumRead> startQuorumRead() {
    if (!isAcceptingLeader() || state.hasStopSign()) {
      return Optional.empty();
    }
    return Optional.of(quorumReads.start(state.promise(), state.acceptedIdx()));
  }

  /**
   * Whether {@code read} is confirmed: this node still leads its ballot in the Accept phase and a
   * write quorum answered its round. It may be served once the decided index reaches its index.
   */
  public boolean quorumReadConfirmed(QuorumRead read) {
    return isAcceptingLeader() && state.promise().equals(read.ballot())
        && quorumReads.confirmed(read);
  }

  /**
   * The tick this node's lease dates from, if it leads with leases on and a write quorum
   * acknowledged.
   */
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

  // -----------------------------------------------------------------------------------------------
  // Output and reads
  // -----------------------------------------------------------------------------------------------

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
    if (isAcceptingLeader()) {
      leader.ownLogDurable();
    }
  }

  /**
   * Moves into {@code into} the queued messages that may leave before this node's storage writes
   * are durable: a leader's AcceptDecide and Decide messages of its current ballot, to receivers
   * with no earlier message still queued (per-receiver order is kept). They carry nothing that must
   * be durable here first: the leader counts its own acceptance of the entries only once they are
   * durable (Raft thesis, section 10.2.1), and a decided index is a fact about a write quorum. The
   * rest stays queued for {@link #takeOutgoing}.
   */
  public void takeOutgoingBeforeFlush(List<PaxosMessage<T, S>> into) {
    if (!isAcceptingLeader() || outgoing.isEmpty()) {
      return;
    }
    leader.takeEarly(into);
  }

  void send(PaxosMessage<T, S> m) {
    outgoing.send(m);
  }

  /** Moves every queued message into {@code into}, in the order they were produced. */
  public void takeOutgoing(List<PaxosMessage<T, S>> into) {
    outgoing.takeAll(into);
    follower.outboxTaken();
    leases.outboxTaken();
    leader.outboxTaken();
    quorumReads.outboxTaken();
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

  /** Enters {@code r} in phase {@code p}. */
  void become(Role r, Phase p) {
    role = r;
    phase = p;
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
    return buffered.droppedCount();
  }

  /** Times a follower could not be synchronised because the entries it lacks are trimmed. */
  public long unsyncablePeers() {
    return unsyncablePeers;
  }
}
