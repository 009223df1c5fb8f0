package omnipaxos.kv;

/**
 * How a server answers {@code GET}. Both are linearizable; they differ in cost and in what they
 * assume.
 */
public enum ReadMode {
  /**
   * No clock assumption. On the leader a read waits for one read-index round (a write quorum
   * confirms the leader's ballot; the reads that arrive together share it) and for the decided
   * index to cover what the leader had accepted when the read arrived, then it is answered from
   * the applied state, with no log entry and no disk write. On a follower, or when the round
   * fails (leadership changing, no quorum in time), reads are appended to the log as a fence and
   * answered at its position once decided.
   */
  LOG,
  /**
   * The leader answers from its own state under a leader lease (no replication round); followers,
   * and a leader without a lease, read through the log. Assumes the servers' clocks run at rates
   * within {@link KvServerConfig#LEASE_CLOCK_DRIFT_PERCENT} percent of each other.
   */
  LEASE
}
