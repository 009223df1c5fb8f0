package omnipaxos.runtime;

import omnipaxos.core.OmniPaxosException;

/**
 * An {@link OmniPaxosNode#appendDecided} gave up: the entry is known not to be decided in this
 * configuration, or whether it will be cannot be known here. {@link #definitelyNotDecided()} tells
 * which: when it is false the entry may still be (or already have been) decided, so an application
 * that retries must tolerate applying it twice (e.g. by making the entry idempotent).
 */
public final class EntryNotDecidedException extends OmniPaxosException {

  /** Why the append gave up. */
  public enum Reason {
    /** Its log position was decided with another entry; it is not decided anywhere else. */
    LOST(true),
    /** The configuration's stop sign was decided without it: the log is sealed. */
    RECONFIGURED(true),
    /**
     * This node followed a new leader and, some time after adopting its log, the entry was not in
     * it.
     */
    LEADER_CHANGED(false),
    /**
     * Decided entries where it may be arrived without ids (as a snapshot, or read back after a
     * restart).
     */
    UNTRACEABLE(false),
    /** It was not seen decided within the append time-out. */
    TIMED_OUT(false),
    /** The node closed first. */
    NODE_CLOSED(false);

    private final boolean definite;

    Reason(boolean definite) {
      this.definite = definite;
    }

    /** Whether this reason means the entry is certainly not decided. */
    public boolean definite() {
      return definite;
    }
  }

  private final Reason reason;
  private final EntryId entryId;

  public EntryNotDecidedException(Reason reason, EntryId entryId, String detail) {
    super(reason + (reason.definite() ? " (not decided)" : " (may still be decided)") + ": entry "
        + entryId + ", " + detail);
    this.reason = reason;
    this.entryId = entryId;
  }

  public Reason reason() {
    return reason;
  }

  /** The id the entry was proposed with. */
  public EntryId entryId() {
    return entryId;
  }

  /** Whether the entry is certainly not decided (as opposed to its fate being unknown). */
  public boolean definitelyNotDecided() {
    return reason.definite();
  }
}
