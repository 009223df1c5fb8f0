package omnipaxos.runtime;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck (stress mode) on the node's thread-safe API: concurrent {@link OmniPaxosNode#appendDecided}
 * calls at both nodes of a two-node cluster must behave like appends to one sequential log, each
 * returning the next index, with real-time order respected. (Two nodes, because there every accepted
 * entry is in every prepare quorum, so no append can be lost to a leader change and every one must be
 * decided.) Each invocation runs on a fresh cluster; the previous one is closed first.
 */
@Timeout(180)
public class NodeLincheckTest {

  private static LocalCluster current;

  private final LocalCluster cluster;

  public NodeLincheckTest() {
    if (current != null) {
      current.close();
    }
    cluster = LocalCluster.of(2, conf -> conf.tickPeriodMs(5).electionTimeoutMs(100).appendTimeoutMs(60_000));
    current = cluster;
    cluster.awaitLeader();
  }

  @Operation
  public long appendAt1(int v) {
    return cluster.node(1).appendDecided("v" + v).join();
  }

  @Operation
  public long appendAt2(int v) {
    return cluster.node(2).appendDecided("v" + v).join();
  }

  /** The sequential specification: one log, each append returns the next index. */
  public static class SequentialLog {
    private long next;

    public long appendAt1(int v) {
      return next++;
    }

    public long appendAt2(int v) {
      return next++;
    }
  }

  @Test
  void appendsAreLinearizable() {
    new StressOptions()
        .iterations(8)
        .invocationsPerIteration(4)
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .minimizeFailedScenario(false)
        .sequentialSpecification(SequentialLog.class)
        .check(NodeLincheckTest.class);
  }

  @AfterAll
  static void closeLast() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
