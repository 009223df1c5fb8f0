package omnipaxos.core.storage;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;

/**
 * Where a node keeps its replicated state. The protocol core calls it synchronously from one thread.
 *
 * <h2>The log</h2>
 * Positions are absolute: position {@code p} keeps its number after compaction. Positions below
 * {@link #getCompactedIdx()} are compacted; the stored entries occupy
 * {@code [compactedIdx, compactedIdx + getLogLen())}. The stop sign, if stored, is not an entry and
 * is not counted in {@link #getLogLen()}.
 *
 * <h2>Atomicity</h2>
 * Every write goes through {@link #writeAtomically}: the listed operations are applied in order, all
 * or nothing. If it throws, the stored state must be exactly as before the call. The core relies on
 * this when it adopts a leader's log (accepted round, decided index, snapshot and log change together)
 * and when it compacts (entries and compacted index change together).
 *
 * <h2>Durability</h2>
 * A write may be buffered; it must be durable once {@link #flush()} returns, and writes must become
 * durable in the order they were made (a crash keeps a prefix of the write sequence, never a later
 * write without an earlier one). {@link omnipaxos.core.OmniPaxos#outgoingMessages()} calls
 * {@code flush()} before it hands out any message, so no message that depends on a write leaves before
 * the write is durable; a driver that also completes user requests after draining gets group commit:
 * one flush per batch of events. For crash recovery the promise, accepted round, log, stop sign,
 * compacted index and snapshot must be durable; the decided index should be, so that reads never
 * regress after a restart, but agreement does not depend on it.
 *
 * <h2>Errors</h2>
 * Any failure is reported by throwing {@link StorageException}. The core treats it as fatal.
 */
public interface Storage<T, S> {

  /** Apply {@code ops} in order, all or nothing. */
  void writeAtomically(List<StorageOp<T, S>> ops);

  /** Make every earlier write durable. */
  void flush();

  /** Entries at positions {@code [from, to)}; empty if any position in the range is not stored. */
  List<T> getEntries(long from, long to);

  /** Number of stored entries (the stop sign is not counted). */
  long getLogLen();

  /** The promised ballot, or empty if this storage never held one (a fresh node). */
  Optional<Ballot> getPromise();

  /** The ballot whose log this node last adopted, or empty if none. */
  Optional<Ballot> getAcceptedRound();

  /** The decided index; 0 if never set. */
  long getDecidedIdx();

  /** The compacted index; 0 if nothing was compacted. */
  long getCompactedIdx();

  /** The stored stop sign, if any. */
  Optional<StopSign> getStopSign();

  /** The snapshot of the compacted prefix, if any. */
  Optional<S> getSnapshot();
}
