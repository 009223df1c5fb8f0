package omnipaxos.runtime;

import omnipaxos.core.Ballot;

/**
 * What {@link EnvelopeStorage} saw happen to the log, in write order; read by {@link
 * AppendTracker}.
 */
sealed interface LogNote {

  /** An entry with id {@code id} was written at position {@code idx}. */
  record Written(long idx, EntryId id) implements LogNote {}

  /** Every entry at position {@code from} or later was removed (to be replaced). */
  record Truncated(long from) implements LogNote {}

  /**
   * Position {@code idx} became decided holding the entry with id {@code id} (possibly {@link
   * EntryId#NONE}).
   */
  record Decided(long idx, EntryId id) implements LogNote {}

  /**
   * Positions {@code [from, to)} became decided but were compacted before their ids could be seen.
   */
  record DecidedUnseen(long from, long to) implements LogNote {}

  /**
   * This node adopted the log of the leader with ballot {@code round} (as follower or as that
   * leader).
   */
  record Adopted(Ballot round) implements LogNote {}
}
