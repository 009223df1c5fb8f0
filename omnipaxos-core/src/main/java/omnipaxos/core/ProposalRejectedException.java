package omnipaxos.core;

/** An append or reconfiguration was refused; nothing was proposed. */
public final class ProposalRejectedException extends OmniPaxosException {

  /** Why the proposal was refused. */
  public enum Reason {
    /** The stop sign is decided: this configuration's log is sealed. */
    RECONFIGURED,
    /** A stop sign is accepted locally but not yet decided; the log is about to be sealed. */
    RECONFIGURATION_PENDING,
    /** No leader is known and the proposal buffer is full. */
    BUFFER_FULL,
  }

  private final Reason reason;

  public ProposalRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
