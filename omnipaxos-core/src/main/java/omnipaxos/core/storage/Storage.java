package omnipaxos.core.storage;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;

/**
 * Where a node keeps its replicated state. The protocol core calls it synchronously from one
 * thread.
 *
 * <h2>The log</h2>
 *
 * Positions are absolute: position {@code p} keeps its number after compaction. Positions below
 * {@link #compactedIdx()} are compacted; the stored entries occupy {@code [compactedIdx,
 * compactedIdx + logLen())}. The stop sign, if stored, is not an entry and is not counted in
 * {@link #logLen()}.
 *
 * <h2>Atomicity</h2>
 *
 * Every write goes through {@link #writeAtomically}: the listed operations are applied in order,
 * all or nothing. If it throws, the stored state must be exactly as before the call. The core
 * relies on this when it adopts a leader's log (accepted round, decided index, snapshot and log
 * change together) and when it compacts (entries and compacted index change together).
 *
 * <h2>Durability</h2>
 *
 * A write may be buffered; it must be durable once {@link #flush()} returns, and writes must become
 * durable in the order they were made (a crash keeps a prefix of the write sequence, never a later
 * write without an earlier one).
 *
 * <p>{@link omnipaxos.core.OmniPaxos#outgoingMessages()} flushes before it hands out any message
 * whenever a write since the last flush must be durable before messages leave: every operation
 * except {@link StorageOp.SetDecidedIdx}, that is the promise, accepted round, log entries, stop
 * sign, compacted index and snapshot, which crash recovery and the other nodes rely on (a Promise,
 * Accepted or synchronisation states what this node holds). A transaction that only sets the
 * decided index does not cause a flush: it becomes durable with the next flush (or earlier if the
 * storage syncs on its own). That is safe because a position is decided only once a write quorum
 * made it durable in its log, so a decided index lost in a crash names nothing that could be lost;
 * the node recovers the decided index of its last flush (never less, by the prefix rule) and
 * relearns the rest from the leader. Until then reads of a restarted node may show fewer decided
 * entries than before the crash. Exception: the write that decides a stop sign is flushed at once,
 * because the nodes of a sealed configuration may stop repeating its decision. A driver that
 * completes user requests after {@code outgoingMessages()} gets group commit: at most one flush per
 * batch of events.
 *
 * <h2>Errors</h2>
 *
 * Any failure is reported by throwing {@link StorageException}. The core treats it as fatal.
 */
public interface Storage<T, S> {

  /** Apply {@code ops} in order, all or nothing. */
  void writeAtomically(List<StorageOp<T, S>> ops);

  /** Make every earlier write durable. */
  void flush();

  /**
   * Makes {@code snapshot} durable ahead of the {@link StorageOp.SetSnapshot} that will set it, so
   * that this write need not carry the snapshot's bytes. Called by the application's thread,
   * possibly while the node uses the storage, and never required: a snapshot set without being
   * staged is stored with its write. The default does nothing.
   */
  default void stageSnapshot(S snapshot) {}

  /** Entries at positions {@code [from, to)}; empty if any position in the range is not stored. */
  List<T> entries(long from, long to);

  /** Number of stored entries (the stop sign is not counted). */
  long logLen();

  /** The promised ballot, or empty if this storage never held one (a fresh node). */
  Optional<Ballot> promise();

  /** The ballot whose log this node last adopted, or empty if none. */
  Optional<Ballot> acceptedRound();

  /** The decided index; 0 if never set. */
  long decidedIdx();

  /** The compacted index; 0 if nothing was compacted. */
  long compactedIdx();

  /** The stored stop sign, if any. */
  Optional<StopSign> stopSign();

  /** The snapshot of the compacted prefix, if any. */
  Optional<S> snapshot();

  // The names of 0.0.x, kept for one release.

  /** @deprecated use {@link #entries(long, long)} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default List<T> getEntries(long from, long to) {
    return entries(from, to);
  }

  /** @deprecated use {@link #logLen()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default long getLogLen() {
    return logLen();
  }

  /** @deprecated use {@link #promise()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default Optional<Ballot> getPromise() {
    return promise();
  }

  /** @deprecated use {@link #acceptedRound()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default Optional<Ballot> getAcceptedRound() {
    return acceptedRound();
  }

  /** @deprecated use {@link #decidedIdx()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default long getDecidedIdx() {
    return decidedIdx();
  }

  /** @deprecated use {@link #compactedIdx()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default long getCompactedIdx() {
    return compactedIdx();
  }

  /** @deprecated use {@link #stopSign()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default Optional<StopSign> getStopSign() {
    return stopSign();
  }

  /** @deprecated use {@link #snapshot()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default Optional<S> getSnapshot() {
    return snapshot();
  }
}
