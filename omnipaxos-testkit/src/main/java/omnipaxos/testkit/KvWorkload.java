package omnipaxos.testkit;

/**
 * A closed-loop key-value workload for {@link KvClients}: each client invokes one operation at a
 * time at a random up node of the newest configuration, waits for its answer or gives up after
 * {@code timeoutMs}, then thinks for 1 to {@code 1 + maxThinkMs} milliseconds.
 *
 * @param clients concurrent clients
 * @param keys distinct keys operated on
 * @param maxThinkMs longest extra pause between two operations of a client
 * @param timeoutMs how long a client waits before it records the outcome as unknown
 * @param getRatio share of reads
 * @param casRatio share of compare-and-sets
 * @param deleteRatio share of deletes (the rest are puts)
 */
public record KvWorkload(
    int clients,
    int keys,
    long maxThinkMs,
    long timeoutMs,
    double getRatio,
    double casRatio,
    double deleteRatio) {

  public KvWorkload {
    if (clients <= 0 || keys <= 0 || maxThinkMs < 0 || timeoutMs <= 0) {
      throw new IllegalArgumentException("bad workload " + clients + " clients, " + keys + " keys");
    }
    if (getRatio < 0 || casRatio < 0 || deleteRatio < 0 || getRatio + casRatio + deleteRatio > 1) {
      throw new IllegalArgumentException(
          "operation ratios must be non-negative and sum to at most 1");
    }
  }

  /** Three clients on two keys, a third reads, a fifth compare-and-sets, a tenth deletes. */
  public static KvWorkload defaults(long timeoutMs) {
    return new KvWorkload(3, 2, 20, timeoutMs, 0.3, 0.2, 0.1);
  }
}
