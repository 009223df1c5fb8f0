package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event loop wakes as soon as a request or message arrives, not at its next tick: with a 200 ms
 * tick, sequential writes (each crossing several loops, from a follower four hops) finish far faster
 * than one tick each. A lost wake-up would leave a loop asleep until its next tick, so 200 sequential
 * writes would take tens of seconds; the bound allows a quarter of that on a loaded machine.
 */
@Timeout(120)
class WakeupTest {

  private static final long TICK_MS = 200;
  private static final int WRITES = 200;

  private static NodeConfig.Builder slowTicks(NodeConfig.Builder c) {
    return c.tickPeriodMs(TICK_MS).electionTimeoutMs(5 * TICK_MS).resendTimeoutMs(2 * TICK_MS)
        .batchFlushTimeoutMs(TICK_MS).appendTimeoutMs(60_000);
  }

  @Test
  void sequentialWritesAreNotPacedByTheTick() {
    try (LocalCluster c = LocalCluster.of(3, WakeupTest::slowTicks)) {
      long leader = c.awaitLeader();
      long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      for (long node : new long[] {leader, follower}) {
        long start = System.nanoTime();
        for (int i = 0; i < WRITES; i++) {
          Await.result(c.node(node).appendDecided("w" + node + "-" + i));
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println(WRITES + " sequential writes at node " + node + (node == leader ? " (leader)" : "")
            + ": " + elapsedMs + " ms");
        assertThat(elapsedMs).as("%d sequential writes with a %d ms tick", WRITES, TICK_MS)
            .isLessThan(WRITES * TICK_MS / 4);
      }
    }
  }
}
