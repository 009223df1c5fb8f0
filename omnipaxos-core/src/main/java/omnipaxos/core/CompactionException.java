package omnipaxos.core;

/** A trim or snapshot was refused; the log is unchanged. */
public final class CompactionException extends OmniPaxosException {

  /** Why the compaction was refused; {@link #index()} gives the bound that was violated. */
  public enum Reason {
    /** The index is not decided; {@code index} is the decided index. */
    UNDECIDED_INDEX,
    /** The index is already compacted; {@code index} is the compacted index. */
    TRIMMED_INDEX,
    /**
     * Not every node has the entries below the index; {@code index} is the largest trimmable one.
     */
    NOT_ALL_DECIDED,
    /** Trim runs at the leader only; {@code index} is the leader's pid, 0 if unknown. */
    NOT_CURRENT_LEADER,
    /** The node has no snapshot support; {@code index} is 0. */
    SNAPSHOTS_DISABLED,
  }

  private final Reason reason;
  private final long index;

  public CompactionException(Reason reason, long index) {
    super(reason + " (" + index + ")");
    this.reason = reason;
    this.index = index;
  }

  public Reason reason() {
    return reason;
  }

  public long index() {
    return index;
  }
}
