package omnipaxos.core.storage;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;

/**
 * One write of a {@link Storage#writeAtomically} transaction. All indices are absolute log
 * positions.
 */
public sealed interface StorageOp<T, S> {

  /** Append entries at the end of the stored log. */
  record AppendEntries<T, S>(List<T> entries) implements StorageOp<T, S> {
    public AppendEntries {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Drop every stored entry at position {@code >= from}, then append {@code entries} starting at
   * {@code from}.
   */
  record AppendOnPrefix<T, S>(long from, List<T> entries) implements StorageOp<T, S> {
    public AppendOnPrefix {
      entries = List.copyOf(entries);
    }
  }

  /** Store the promised ballot. */
  record SetPromise<T, S>(Ballot promise) implements StorageOp<T, S> {}

  /** Store the ballot of the leader whose log this node last adopted. */
  record SetAcceptedRound<T, S>(Ballot round) implements StorageOp<T, S> {}

  /** Store the decided index (the number of decided positions). */
  record SetDecidedIdx<T, S>(long idx) implements StorageOp<T, S> {}

  /**
   * Delete every entry below {@code idx} and remember {@code idx} as the compacted index, even if
   * it lies beyond the last stored entry (a lagging node may install a snapshot ahead of its log).
   * The entries from {@code idx} on keep their positions.
   */
  record Trim<T, S>(long idx) implements StorageOp<T, S> {}

  /** Store the stop sign, or remove a stored one with {@code Optional.empty()}. */
  record SetStopSign<T, S>(Optional<StopSign> stopSign) implements StorageOp<T, S> {}

  /** Store the snapshot of the compacted prefix, or remove it with {@code Optional.empty()}. */
  record SetSnapshot<T, S>(Optional<S> snapshot) implements StorageOp<T, S> {}
}
