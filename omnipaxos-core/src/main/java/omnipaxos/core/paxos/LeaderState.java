package omnipaxos.core.paxos;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.Ballot;

/**
 * What a leader tracks for one ballot: each peer's promise, accepted index and message sequence,
 * and the most up-to-date promise seen. Created anew for every ballot; keyed by the configured
 * pids.
 */
final class LeaderState<T, S> {

  /** Whether a peer has promised this ballot. */
  enum PromiseStatus { NOT_PROMISED, PROMISED, PROMISED_HIGHER }

  /** What a promise says about the promiser's log. */
  record PromiseMeta(long pid, Ballot nAccepted, long acceptedIdx, long decidedIdx) {
    /** More up to date: a newer accepted round, or the same round and a longer log. */
    boolean moreUpToDateThan(PromiseMeta o) {
      int c = nAccepted.compareTo(o.nAccepted);
      return c > 0 || (c == 0 && acceptedIdx > o.acceptedIdx);
    }
  }

  /**
   * What the leader knows of one peer in its ballot. The fields change only through the named
   * transitions below, each of which keeps the peer's invariants: the accepted index and the last
   * forward taken never decrease, a promised peer has its promise's meta, and accept-phase messages
   * are numbered from 1 in each new session.
   */
  static final class Peer<T> {
    private final long pid;
    private PromiseStatus status = PromiseStatus.NOT_PROMISED;
    private PromiseMeta meta;
    private long acceptedIdx;
    private long session;
    private long counter;
    /** An AcceptDecide to this peer still in the outbox, to which new entries can be added. */
    private Outbox.PendingAcceptDecide<T, ?> queued;
    /** The accepted index seen at the previous resend timeout, to detect a stalled peer. */
    private long acceptedAtLastResend = -1;
    /** The number of the last ProposalForward taken from this peer. */
    private SequenceNumber forwardTaken = SequenceNumber.ZERO;

    Peer(long pid) {
      this.pid = pid;
    }

    long pid() {
      return pid;
    }

    boolean isPromised() {
      return status == PromiseStatus.PROMISED;
    }

    boolean isNotPromised() {
      return status == PromiseStatus.NOT_PROMISED;
    }

    /** The meta of the peer's promise; only for a promised peer. */
    PromiseMeta meta() {
      assert isPromised() && meta != null : "peer " + pid + " has not promised";
      return meta;
    }

    long acceptedIdx() {
      return acceptedIdx;
    }

    /** The peer promised this ballot; {@code m} describes its log. */
    void promisedWith(PromiseMeta m) {
      assert m.pid() == pid : "a promise of " + m.pid() + " recorded for " + pid;
      status = PromiseStatus.PROMISED;
      meta = m;
    }

    /** The peer must be prepared again: it lost messages, asked for it, or cannot be synced. */
    void lostPromise() {
      status = PromiseStatus.NOT_PROMISED;
      queued = null;
    }

    /** The peer promised a higher ballot than this one. */
    void promisedHigher() {
      status = PromiseStatus.PROMISED_HIGHER;
    }

    /** The peer accepted the first {@code idx} positions (reports may arrive out of order). */
    void acceptedUpTo(long idx) {
      acceptedIdx = Math.max(acceptedIdx, idx);
    }

    /**
     * Takes the peer's forward {@code seq} if it is newer than every forward taken before; false
     * for a duplicate or a forward that a newer one overtook.
     */
    boolean tookForward(SequenceNumber seq) {
      if (seq.compareTo(forwardTaken) <= 0) {
        return false;
      }
      forwardTaken = seq;
      return true;
    }

    /**
     * Whether the peer made no progress since the previous resend timeout although it was behind
     * {@code ownAtLastResend} then.
     */
    boolean stalledSinceLastResend(long ownAtLastResend) {
      return acceptedIdx == acceptedAtLastResend && acceptedIdx < ownAtLastResend;
    }

    /** A resend timeout looked at this peer: progress is measured from here. */
    void resendChecked() {
      acceptedAtLastResend = acceptedIdx;
    }

    /** The AcceptDecide to this peer that is still in the outbox; null if none. */
    Outbox.PendingAcceptDecide<T, ?> queuedAcceptDecide() {
      return queued;
    }

    /** {@code item} is queued for this peer; entries and decided indexes may join it. */
    void queued(Outbox.PendingAcceptDecide<T, ?> item) {
      assert item.to() == pid : "an AcceptDecide to " + item.to() + " queued for " + pid;
      queued = item;
    }

    /** Whatever was queued for this peer has left the outbox (or was dropped with its session). */
    void dequeued() {
      queued = null;
    }

    /** Forgets the queued AcceptDecide if it has left the outbox early. */
    void dequeuedIfTaken() {
      if (queued != null && queued.taken()) {
        queued = null;
      }
    }

    /** The number of the next accept-phase message to this peer. */
    SequenceNumber nextSeq() {
      counter++;
      return new SequenceNumber(session, counter);
    }

    /** Starts a new accept session (an AcceptSync opens it) and numbers its first message. */
    SequenceNumber newSession() {
      session++;
      counter = 0;
      queued = null;
      return nextSeq();
    }
  }

  final Ballot n;
  private final Map<Long, Peer<T>> peers = new LinkedHashMap<>();
  private final int readQuorum;
  private final int writeQuorum;
  private long ownAcceptedIdx;
  /** The leader's accepted index at the previous resend timeout. */
  private long ownAcceptedAtLastResend;
  private PromiseMeta ownMeta;
  private PromiseMeta maxPromise;
  private Optional<LogSync<T, S>> maxPromiseSync = Optional.empty();

  LeaderState(Ballot n, List<Long> peerPids, int readQuorum, int writeQuorum) {
    this.n = n;
    for (long pid : peerPids) {
      peers.put(pid, new Peer<>(pid));
    }
    this.readQuorum = readQuorum;
    this.writeQuorum = writeQuorum;
  }

  Peer<T> peer(long pid) {
    return peers.get(pid);
  }

  Collection<Peer<T>> peers() {
    return peers.values();
  }

  void setOwnPromise(PromiseMeta meta) {
    ownMeta = meta;
    maxPromise = meta;
    maxPromiseSync = Optional.empty();
  }

  /** Records a promise received during the Prepare phase, updating the maximum promise. */
  void recordPromise(Peer<T> peer, PromiseMeta meta, Optional<LogSync<T, S>> sync) {
    peer.promisedWith(meta);
    if (meta.moreUpToDateThan(maxPromise)) {
      maxPromise = meta;
      maxPromiseSync = sync;
    }
    assert !meta.moreUpToDateThan(maxPromise) : "the adopted promise is not the most up to date";
  }

  /** Records a late promise (Accept phase): the log was already chosen, the maximum stays. */
  void recordLatePromise(Peer<T> peer, PromiseMeta meta) {
    peer.promisedWith(meta);
  }

  PromiseMeta maxPromise() {
    return maxPromise;
  }

  Optional<LogSync<T, S>> maxPromiseSync() {
    return maxPromiseSync;
  }

  boolean hasPrepareQuorum() {
    int promised = 1;
    for (Peer<T> p : peers.values()) {
      if (p.isPromised()) {
        promised++;
      }
    }
    return promised >= readQuorum;
  }

  /**
   * The largest decided index among the promises, the leader's own and the adopted one included.
   */
  long maxPromisedDecidedIdx() {
    long max = Math.max(ownMeta.decidedIdx(), maxPromise.decidedIdx());
    for (Peer<T> p : peers.values()) {
      if (p.isPromised()) {
        max = Math.max(max, p.meta().decidedIdx());
      }
    }
    return max;
  }

  /** The leader's own log is durable up to {@code idx}; it never shrinks within a ballot. */
  void setOwnAcceptedIdx(long idx) {
    assert idx >= ownAcceptedIdx
        : "the leader's accepted index fell from " + ownAcceptedIdx + " to " + idx;
    ownAcceptedIdx = idx;
  }

  long ownAcceptedAtLastResend() {
    return ownAcceptedAtLastResend;
  }

  /** A resend timeout ended with the leader's accepted index at {@code idx}. */
  void resendChecked(long idx) {
    ownAcceptedAtLastResend = idx;
  }

  long ownAcceptedIdx() {
    return ownAcceptedIdx;
  }

  /** Whether a write quorum (the leader included) has accepted at least {@code idx} positions. */
  boolean isChosen(long idx) {
    int count = ownAcceptedIdx >= idx ? 1 : 0;
    for (Peer<T> p : peers.values()) {
      if (p.acceptedIdx() >= idx) {
        count++;
      }
    }
    return count >= writeQuorum;
  }

  /** The largest index that a write quorum (the leader included) has accepted. */
  long chosenIdx() {
    long[] accepted = new long[peers.size() + 1];
    int i = 0;
    accepted[i++] = ownAcceptedIdx;
    for (Peer<T> p : peers.values()) {
      accepted[i++] = p.acceptedIdx();
    }
    Arrays.sort(accepted);
    long chosen = writeQuorum > accepted.length ? 0 : accepted[accepted.length - writeQuorum];
    assert chosen <= accepted[accepted.length - 1]
        : "chosen " + chosen + " above every accepted index";
    assert chosen == 0 || isChosen(chosen) : "chosen " + chosen + " lacks a write quorum";
    assert chosen >= minAcceptedIdx() : "chosen " + chosen + " below the least accepted index";
    return chosen;
  }

  /** The smallest accepted index over all nodes, the leader's own included. */
  long minAcceptedIdx() {
    long min = ownAcceptedIdx;
    for (Peer<T> p : peers.values()) {
      min = Math.min(min, p.acceptedIdx());
    }
    return min;
  }
}
