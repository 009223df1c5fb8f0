package omnipaxos.testkit;

/** What a simulation counts. */
public enum Stat {
  STEPS,
  TICKS,
  MESSAGES_SENT,
  MESSAGES_DELIVERED,
  MESSAGES_LOST,
  MESSAGES_DUPLICATED,
  MESSAGES_DROPPED_LINK_CUT,
  MESSAGES_DROPPED_NODE_DOWN,
  MESSAGES_UNROUTABLE,
  CRASHES,
  CRASHES_LOSING_WRITES,
  WRITES_LOST,
  RESTARTS,
  STORAGE_FAILURES,
  LINK_CUTS,
  LINK_RESTORES,
  PROPOSALS,
  PROPOSALS_REJECTED,
  RECONFIGURATIONS,
  RECONFIGURATIONS_REJECTED,
  TRIMS,
  SNAPSHOTS,
  COMPACTIONS_REFUSED,
  POSITIONS_DECIDED,
  CONFIGURATIONS_STARTED,
  /** New members that started fetching the state at a stop sign. */
  MIGRATIONS_STARTED,
  /** Fetches of the state at a stop sign that completed and were verified. */
  MIGRATIONS_DONE,
  /** Bytes of state fetched by completed migrations. */
  MIGRATED_BYTES,
  KV_OPERATIONS,
  /** Key-value histories whose linearizability check ran out of search budget. */
  HISTORIES_UNCHECKED,
}
