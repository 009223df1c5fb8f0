package omnipaxos.core.paxos;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.Ballot;

/**
 * What a leader tracks for one ballot: each peer's promise, accepted index and message sequence, and
 * the most up-to-date promise seen. Created anew for every ballot; keyed by the configured pids.
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

  /** Per-peer bookkeeping. */
  static final class Peer<T> {
    final long pid;
    PromiseStatus status = PromiseStatus.NOT_PROMISED;
    PromiseMeta meta;
    long acceptedIdx;
    long session;
    long counter;
    /** An AcceptDecide to this peer still in the outgoing buffer, to which new entries can be added. */
    Outbox.PendingAcceptDecide<T, ?> pendingAcceptDecide;
    /** The accepted index seen at the previous resend timeout, to detect a stalled peer. */
    long acceptedAtLastResend = -1;
    /** The number of the last ProposalForward taken from this peer. */
    SequenceNumber forwardTaken = SequenceNumber.ZERO;

    Peer(long pid) {
      this.pid = pid;
    }

    SequenceNumber nextSeq() {
      counter++;
      return new SequenceNumber(session, counter);
    }

    SequenceNumber newSession() {
      session++;
      counter = 0;
      pendingAcceptDecide = null;
      return nextSeq();
    }
  }

  final Ballot n;
  /** The leader's accepted index at the previous resend timeout. */
  long ownAcceptedAtLastResend;
  private final Map<Long, Peer<T>> peers = new LinkedHashMap<>();
  private final int readQuorum;
  private final int writeQuorum;
  private long ownAcceptedIdx;
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
    peer.status = PromiseStatus.PROMISED;
    peer.meta = meta;
    if (meta.moreUpToDateThan(maxPromise)) {
      maxPromise = meta;
      maxPromiseSync = sync;
    }
  }

  /** Records a late promise (Accept phase): the log was already chosen, the maximum stays. */
  void recordLatePromise(Peer<T> peer, PromiseMeta meta) {
    peer.status = PromiseStatus.PROMISED;
    peer.meta = meta;
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
      if (p.status == PromiseStatus.PROMISED) {
        promised++;
      }
    }
    return promised >= readQuorum;
  }

  /** The largest decided index among the promises, the leader's own and the adopted one included. */
  long maxPromisedDecidedIdx() {
    long max = Math.max(ownMeta.decidedIdx(), maxPromise.decidedIdx());
    for (Peer<T> p : peers.values()) {
      if (p.status == PromiseStatus.PROMISED) {
        max = Math.max(max, p.meta.decidedIdx());
      }
    }
    return max;
  }

  void setOwnAcceptedIdx(long idx) {
    ownAcceptedIdx = idx;
  }

  long ownAcceptedIdx() {
    return ownAcceptedIdx;
  }

  /** Whether a write quorum (the leader included) has accepted at least {@code idx} positions. */
  boolean isChosen(long idx) {
    int count = ownAcceptedIdx >= idx ? 1 : 0;
    for (Peer<T> p : peers.values()) {
      if (p.acceptedIdx >= idx) {
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
      accepted[i++] = p.acceptedIdx;
    }
    Arrays.sort(accepted);
    return writeQuorum > accepted.length ? 0 : accepted[accepted.length - writeQuorum];
  }

  /** The smallest accepted index over all nodes, the leader's own included. */
  long minAcceptedIdx() {
    long min = ownAcceptedIdx;
    for (Peer<T> p : peers.values()) {
      min = Math.min(min, p.acceptedIdx);
    }
    return min;
  }
}
