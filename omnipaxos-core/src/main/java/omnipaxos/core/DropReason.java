package omnipaxos.core;

/**
 * Why an incoming message was dropped without effect; {@link OmniPaxos#droppedMessages} counts
 * them.
 */
public enum DropReason {
  /** Addressed to another pid. */
  WRONG_RECEIVER,
  /** Sent by a pid that is not a member of this configuration. */
  UNKNOWN_SENDER,
  /** Sent by a node of another configuration. */
  OTHER_CONFIGURATION,
}
