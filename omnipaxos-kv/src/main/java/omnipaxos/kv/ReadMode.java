package omnipaxos.kv;

/**
 * How a server answers {@code GET}. Both are linearizable; they differ in cost and in what they
 * assume.
 */
public enum ReadMode {
  /**
   * Every read is appended to the log and answered at its position once decided: no clock
   * assumption.
   */
  LOG,
  /**
   * The leader answers from its own state under a leader lease (no replication round); followers,
   * and a leader without a lease, read through the log. Assumes the servers' clocks run at rates
   * within {@link KvServerConfig#LEASE_CLOCK_DRIFT_PERCENT} percent of each other.
   */
  LEASE
}
