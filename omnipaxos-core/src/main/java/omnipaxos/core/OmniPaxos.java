package omnipaxos.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.ble.BallotLeaderElection;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequencePaxos;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;

/**
 * One OmniPaxos node: Sequence Paxos and Ballot Leader Election composed behind one deterministic
 * interface. Drive it with {@link #tick()} at a fixed period, feed it every received message with
 * {@link #handle}, and send what {@link #outgoingMessages()} returns. It has no threads, clocks or
 * I/O of its own and is not thread-safe: call it from one thread.
 *
 * <p>Messages that are addressed to another node, come from a non-member or belong to another
 * configuration are dropped and counted ({@link #droppedMessages}). A {@link StorageException} is
 * fatal: the node refuses further calls and must be re-created on its storage, which recovers it.
 *
 * @param <T> the entry type
 * @param <S> the snapshot type ({@link Void} without snapshots)
 */
public final class OmniPaxos<T, S> {

  private final OmniPaxosConfig config;
  private final Storage<T, S> storage;
  private final SequencePaxos<T, S> paxos;
  private final BallotLeaderElection ble;
  private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
  private final ArrayList<PaxosMessage<T, S>> pm = new ArrayList<>();
  private final ArrayList<BleMessage> bm = new ArrayList<>();
  private int electionTicks;
  private int resendTicks;
  private int flushTicks;
  private boolean failed;

  OmniPaxos(OmniPaxosConfig config, Storage<T, S> storage, Snapshotter<T, S> snapshotter) {
    this.config = config;
    this.storage = Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(snapshotter, "snapshotter");
    this.paxos = new SequencePaxos<>(config.cluster(), config.server(), storage, snapshotter);
    Optional<Ballot> recovered =
        paxos.promise().equals(Ballot.NONE) ? Optional.empty() : Optional.of(paxos.promise());
    this.ble = new BallotLeaderElection(config.cluster(), config.server(), recovered);
  }

  /** This node's pid. */
  public long pid() {
    return config.server().pid();
  }

  public OmniPaxosConfig config() {
    return config;
  }

  // ---- driving ----

  /**
   * Advances logical time by one tick: a leader-election heartbeat round ends (and a newly elected
   * ballot is handed to Sequence Paxos) {@code electionTickTimeout} ticks after the start and then
   * every {@link ServerConfig#heartbeatTicks()} ticks, every {@code
   * resendMessageTickTimeout} ticks possibly lost messages are resent, every {@code
   * flushBatchTickTimeout} ticks a partial batch is flushed.
   */
  public void tick() {
    run(
        () -> {
          ServerConfig s = config.server();
          paxos.tick();
          boolean startedBallot = false;
          int round = ble.completedRounds() == 0 ? s.electionTickTimeout() : s.heartbeatTicks();
          if (++electionTicks >= round) {
            electionTicks = 0;
            Ballot before = paxos.promise();
            endElectionRound();
            startedBallot =
                paxos.role() == SequencePaxos.Role.LEADER && !paxos.promise().equals(before);
          }
          if (++resendTicks >= s.resendMessageTickTimeout()) {
            resendTicks = 0;
            // A ballot started in this tick just sent its Prepares: a resend now would only repeat
            // them.
            if (!startedBallot) {
              paxos.resendTimeout();
            }
          }
          if (++flushTicks >= s.flushBatchTickTimeout()) {
            flushTicks = 0;
            paxos.flushBatchTimeout();
          }
        });
  }

  /** Handles a received message; invalid or foreign messages are dropped and counted. */
  public void handle(Message<T, S> message) {
    if (message instanceof Message.Paxos<T, S> p) {
      handle(p.message());
    } else if (message instanceof Message.Ble<T, S> b) {
      handle(b.message());
    }
  }

  /** Handles a received Sequence Paxos message. */
  public void handle(PaxosMessage<T, S> message) {
    if (accept(message.from(), message.to(), message.configId())) {
      try {
        paxos.handle(message);
      } catch (StorageException e) {
        failed = true;
        throw e;
      }
    }
  }

  /** Handles a received leader-election message. */
  public void handle(BleMessage message) {
    if (accept(message.from(), message.to(), message.configId())) {
      run(
          () -> {
            ble.handle(message);
            if (ble.firstRoundSettled()) {
              electionTicks = 0;
              endElectionRound();
            }
          });
    }
  }

  private void endElectionRound() {
    ble.hbTimeout(paxos.isAcceptingLeader(), paxos.promise()).ifPresent(paxos::handleLeader);
  }

  private boolean accept(long from, long to, int configId) {
    checkUsable();
    DropReason reason = null;
    if (to != pid()) {
      reason = DropReason.WRONG_RECEIVER;
    } else if (from == pid() || !config.cluster().contains(from)) {
      reason = DropReason.UNKNOWN_SENDER;
    } else if (configId != config.cluster().configurationId()) {
      reason = DropReason.OTHER_CONFIGURATION;
    }
    if (reason != null) {
      drops.merge(reason, 1L, Long::sum);
      return false;
    }
    return true;
  }

  /**
   * Makes the storage writes that messages may depend on durable ({@link Storage#flush()}, called
   * only if such a write was made since the last flush; a write of nothing but the decided index
   * does not need one, see {@link Storage}) and then returns every message produced since the last
   * call, Sequence Paxos messages first, each naming its receiver.
   */
  public List<Message<T, S>> outgoingMessages() {
    checkUsable();
    try {
      // The flush may decide entries (a leader counts its own log once durable); deciding a stop
      // sign
      // needs one more flush.
      while (paxos.storageFlushRequired()) {
        storage.flush();
        paxos.storageFlushed();
      }
      pm.clear();
      paxos.takeOutgoing(pm);
      bm.clear();
      ble.takeOutgoing(bm);
    } catch (StorageException e) {
      failed = true;
      throw e;
    }
    List<Message<T, S>> out = new ArrayList<>(pm.size() + bm.size());
    for (PaxosMessage<T, S> m : pm) {
      out.add(new Message.Paxos<>(m));
    }
    for (BleMessage m : bm) {
      out.add(new Message.Ble<>(m));
    }
    pm.clear();
    bm.clear();
    return out;
  }

  /**
   * Returns the messages that may leave before this node's storage writes are durable, and takes
   * them out of what {@link #outgoingMessages()} will return: a leader's AcceptDecide and Decide
   * messages (each follower's messages stay in order). A driver that sends these first and then
   * calls {@link #outgoingMessages()} overlaps the leader's log write with its followers' (the
   * leader counts its own acceptance of the entries only once {@code outgoingMessages()} has made
   * them durable). Optional: a driver that never calls it gets every message from {@code
   * outgoingMessages()}.
   */
  public List<Message<T, S>> messagesBeforeFlush() {
    checkUsable();
    pm.clear();
    paxos.takeOutgoingBeforeFlush(pm);
    if (pm.isEmpty()) {
      return List.of();
    }
    List<Message<T, S>> out = new ArrayList<>(pm.size());
    for (PaxosMessage<T, S> m : pm) {
      out.add(new Message.Paxos<>(m));
    }
    pm.clear();
    return out;
  }

  // ---- user operations ----

  /**
   * Proposes {@code entry}. Returning normally means the node took the entry (replicated, buffered
   * or forwarded to the leader), not that it is decided: watch {@link #decidedIdx()}.
   *
   * @throws ProposalRejectedException if the configuration is sealed or about to be, or the buffer
   *     is full
   */
  public void append(T entry) {
    Objects.requireNonNull(entry, "entry");
    checkUsable();
    try {
      paxos.append(entry);
    } catch (StorageException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Proposes {@code entries} in order: the same as calling {@link #append} for each, except that
   * they are written and replicated together (one storage write, one message per follower) and that
   * it is all or nothing: if the node cannot take them all, it takes none. The node may keep {@code
   * entries} (in a log batch or a message), so the list must not change afterwards.
   *
   * @throws ProposalRejectedException if the configuration is sealed or about to be, or the buffer
   *     cannot take them all
   */
  public void appendAll(List<T> entries) {
    Objects.requireNonNull(entries, "entries");
    for (T e : entries) {
      Objects.requireNonNull(e, "entry");
    }
    checkUsable();
    try {
      paxos.appendAll(entries);
    } catch (StorageException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Proposes to end this configuration with a stop sign naming the next one.
   *
   * @throws InvalidConfigException if {@code next} is invalid or its id is not larger than the
   *     current one
   * @throws ProposalRejectedException if a reconfiguration is already under way
   */
  public void reconfigure(ClusterConfig next, Optional<byte[]> metadata) {
    Objects.requireNonNull(next, "next");
    run(() -> paxos.reconfigure(next, metadata == null ? Optional.empty() : metadata));
  }

  /**
   * Trims the decided log below {@code idx} on every node (below what all nodes accepted if empty).
   *
   * @throws CompactionException if this node is not the leader or some node lacks entries below idx
   */
  public void trim(OptionalLong idx) {
    run(() -> paxos.trim(idx));
  }

  /**
   * Compacts the decided log below {@code idx} (all decided entries if empty) into a snapshot here
   * and, unless {@code localOnly}, on every node.
   *
   * @throws CompactionException if idx is not decided, already trimmed, or snapshots are disabled
   */
  public void snapshot(OptionalLong idx, boolean localOnly) {
    run(() -> paxos.snapshot(idx, localOnly));
  }

  /**
   * Compacts the decided log below {@code idx} here into {@code snapshot}, which the application
   * built of its own state after applying every entry below {@code idx}, so that the log need not
   * be replayed (an application can build it away from the thread that drives this node). Nothing
   * happens if the log is compacted that far already; peers are not asked to compact.
   *
   * @throws CompactionException if idx is not decided or is the stop sign's position, the log is
   *     compacted past it, or snapshots are disabled
   */
  public void installSnapshot(long idx, S snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    run(() -> paxos.installSnapshot(idx, snapshot));
  }

  /**
   * Tells the node that the connection to {@code pid} was re-established and messages may have been
   * lost.
   */
  public void reconnected(long pid) {
    run(() -> {
      paxos.reconnected(pid);
      ble.linkUp(pid);
    });
  }

  /**
   * Tells the node that a connection to {@code pid} is up, the first one included: a heartbeat
   * request that left before it was lost, so Ballot Leader Election asks again.
   */
  public void linkUp(long pid) {
    run(() -> ble.linkUp(pid));
  }

  // ---- reads ----

  /**
   * The read view of positions {@code [from, to)}; empty if the range is not within the accepted
   * log.
   */
  public List<LogEntry<T, S>> readEntries(long from, long to) {
    checkUsable();
    return paxos.read(from, to);
  }

  /** The read view from {@code from} to the end of the accepted log. */
  public List<LogEntry<T, S>> readEntries(long from) {
    return readEntries(from, paxos.acceptedIdx());
  }

  /**
   * The entry at {@code idx} (for a compacted position, the compacted prefix), if within the log.
   */
  public Optional<LogEntry<T, S>> read(long idx) {
    List<LogEntry<T, S>> r = readEntries(idx, idx + 1);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
  }

  /** The decided entries from {@code from} on; empty if none. */
  public List<LogEntry<T, S>> readDecidedSuffix(long from) {
    long decided = paxos.decidedIdx();
    return from < decided ? readEntries(from, decided) : List.of();
  }

  /**
   * With leader leases on: the log index a local read must wait for (decided index at least this)
   * if this node leads with a valid lease, else empty. Check {@link NodeStatus#leaseHeld()} again
   * when answering; see {@link SequencePaxos#leaseReadIndex()}.
   */
  public OptionalLong leaseReadIndex() {
    checkUsable();
    return paxos.leaseReadIndex();
  }

  /**
   * Starts a quorum read if this node leads in its Accept phase (see {@link QuorumRead}): no log
   * entry and no clock assumption, one round trip to a write quorum shared by every read started
   * before the next outgoing messages are taken. Empty if it cannot be served this way (not the
   * accepting leader, or a stop sign in the log): read through the log then.
   */
  public Optional<QuorumRead> startQuorumRead() {
    checkUsable();
    return paxos.startQuorumRead();
  }

  /**
   * Whether {@code read} is confirmed and this node still leads its ballot; serve it from the
   * decided state once {@link #decidedIdx()} reaches {@link QuorumRead#readIdx()}. A read whose
   * leader changed ballot or role is never confirmed: read through the log then.
   */
  public boolean quorumReadConfirmed(QuorumRead read) {
    return paxos.quorumReadConfirmed(read);
  }

  /** The number of decided positions (a decided stop sign counts as one). */
  public long decidedIdx() {
    return paxos.decidedIdx();
  }

  /** The number of positions in the accepted log. */
  public long acceptedIdx() {
    return paxos.acceptedIdx();
  }

  /** Positions below this were trimmed or snapshotted. */
  public long compactedIdx() {
    return paxos.compactedIdx();
  }

  /** The pid of the leader this node follows or is, if any. */
  public OptionalLong currentLeader() {
    long l = paxos.currentLeader();
    return l == 0 ? OptionalLong.empty() : OptionalLong.of(l);
  }

  /** Whether this node is the leader and accepting proposals. */
  public boolean isLeader() {
    return paxos.isAcceptingLeader();
  }

  /**
   * Whether an append now would be held back rather than sent: neither a leader nor a follower in
   * its Accept phase, this node keeps proposals until it next adopts a log (as a follower, from
   * its leader's AcceptSync; as a leader, at the end of its Prepare phase) and proposes or
   * forwards them only after that log. So such a proposal is never among the positions that log
   * already held.
   */
  public boolean holdsProposals() {
    return paxos.phase() != SequencePaxos.Phase.ACCEPT;
  }

  /** The ballot this node promised. */
  public Ballot promise() {
    return paxos.promise();
  }

  /** The decided stop sign if this configuration is sealed. */
  public Optional<StopSign> decidedStopSign() {
    return paxos.decidedStopSign();
  }

  /** This node's clock: the ticks since it was created. */
  public long ticks() {
    return paxos.ticks();
  }

  /** An immutable copy of what observers may read of this node now. */
  public NodeStatus status() {
    return NodeStatus.of(pid(), config.cluster().configurationId(), paxos, ble);
  }

  /** @deprecated use {@link #decidedIdx()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getDecidedIdx() {
    return decidedIdx();
  }

  /** @deprecated use {@link #acceptedIdx()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getAcceptedIdx() {
    return acceptedIdx();
  }

  /** @deprecated use {@link #compactedIdx()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getCompactedIdx() {
    return compactedIdx();
  }

  /** @deprecated use {@link #currentLeader()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public OptionalLong getCurrentLeader() {
    return currentLeader();
  }

  /** @deprecated use {@link #promise()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Ballot getPromise() {
    return promise();
  }

  /** @deprecated use {@link #decidedStopSign()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Optional<StopSign> isReconfigured() {
    return decidedStopSign();
  }

  /** How many incoming messages were dropped for {@code reason}. */
  public long droppedMessages(DropReason reason) {
    return drops.getOrDefault(reason, 0L);
  }

  /**
   * Proposals this node dropped because a stop sign arrived first (their fate is known: never
   * decided).
   */
  public long droppedProposals() {
    return paxos.droppedProposals();
  }

  /** @deprecated observers read {@link #status()}; nothing outside the core should hold this */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public SequencePaxos<T, S> sequencePaxos() {
    return paxos;
  }

  /** @deprecated observers read {@link #status()}; nothing outside the core should hold this */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public BallotLeaderElection ble() {
    return ble;
  }

  // ---- failure handling ----

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException(
          "node " + pid() + " failed on a storage error; re-create it on its storage");
    }
  }

  private void run(Runnable action) {
    checkUsable();
    try {
      action.run();
    } catch (StorageException e) {
      failed = true;
      throw e;
    }
  }
}
