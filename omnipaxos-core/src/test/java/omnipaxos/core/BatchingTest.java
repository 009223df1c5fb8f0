package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Port of upstream {@code batching_test}: entries are decided in whole batches of 31. */
class BatchingTest {

  private static final int BATCH = 31;
  private static final int PROPOSALS = 310;
  /** Upstream waits 3 s. */
  private static final int WAIT = 150;

  @Test
  void entriesAreDecidedInWholeBatches() {
    // Upstream makes all 310 appends well within one batch-flush timeout; we append one per tick, so
    // the flush timeout is set beyond the whole run and only full batches are ever written.
    TestCluster c = TestCluster.builder(3)
        .server(s -> s.batchSize(BATCH).flushBatchTickTimeout(10 * PROPOSALS))
        .build();
    c.awaitLeader(WAIT);
    long last = c.node(1).decidedIdx();
    int growths = 0;
    for (long v = 1; v <= PROPOSALS; v++) {
      c.node(1).append(v);
      c.tick();
      long decided = c.node(1).decidedIdx();
      assertThat(decided - last).as("decided index grew from %d to %d", last, decided)
          .satisfiesAnyOf(d -> assertThat(d).isZero(), d -> assertThat(d).isGreaterThanOrEqualTo(BATCH));
      growths += decided > last ? 1 : 0;
      last = decided;
    }
    // Not vacuous: batches were decided while the appends went on.
    assertThat(growths).isPositive();
    c.tickUntil(() -> c.node(1).decidedIdx() == PROPOSALS, WAIT);
    for (long p : c.pids()) {
      c.tickUntil(() -> c.decidedValues(p).equals(TestCluster.range(1, PROPOSALS + 1)), WAIT);
    }
  }
}
