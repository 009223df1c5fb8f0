package omnipaxos.testkit;

/** The faults and client operations a {@link RandomRun} injects, counted per kind. */
public enum FaultKind {
  /** A node stops and later restarts on what its storage kept. */
  CRASH,
  /**
   * A node crashes right after its next event that writes, before the writes are flushed and its
   * messages sent.
   */
  CRASH_BEFORE_FLUSH,
  /** A storage write fails; the node stops and restarts. */
  STORAGE_FAILURE,
  /** One direction of a link is cut for a while. */
  CUT_ONE_WAY,
  /** Both directions of a link are cut for a while. */
  CUT_TWO_WAY,
  /** The nodes are split into two groups that cannot talk. */
  PARTITION,
  /** Random links are cut in random directions. */
  PARTIAL_CONNECTIVITY,
  /** Every link of the leader is cut. */
  ISOLATE_LEADER,
  /** The paper's quorum-loss pattern: only one follower stays connected to everyone. */
  QUORUM_LOSS,
  /** The paper's constrained-election pattern. */
  CONSTRAINED_ELECTION,
  /** The paper's chained pattern: the leader and one follower lose their link. */
  CHAINED,
  /** A link goes down and up repeatedly. */
  FLAPPING_LINK,
  /** Links of a node lose half their messages for a while. */
  LOSS_BURST,
  /** Every node's links come back and crashed nodes restart. */
  HEAL,
  /** A client proposes a new configuration. */
  RECONFIGURE,
  /** The leader trims the log. */
  TRIM,
  /** A node snapshots its decided log, locally or everywhere. */
  SNAPSHOT,
}
