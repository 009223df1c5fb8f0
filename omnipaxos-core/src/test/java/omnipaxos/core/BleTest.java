package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port of upstream {@code ble_test}: successive leader crashes each lead to a new leader. */
class BleTest {

  private static final int ELECTION = ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT;

  @Test
  void newLeaderAfterEachOfFiveLeaderCrashes() {
    TestCluster c = TestCluster.of(10);
    List<Long> killed = new ArrayList<>();
    // Measured: the first election takes 1 election timeout, each re-election after a crash 3.
    c.tickUntil(() -> c.agreedLeader().isPresent(), 6 * ELECTION);
    for (int round = 0; round < 5; round++) {
      // Let the leader settle (upstream sleeps 8 election timeouts) before reading it.
      c.tick(8 * ELECTION);
      long leader = c.agreedLeader().orElseThrow();
      assertThat(killed).doesNotContain(leader);
      if (!killed.isEmpty()) {
        assertThat(leader).isNotEqualTo(killed.get(killed.size() - 1));
      }
      c.crash(leader);
      killed.add(leader);
      if (round < 4) {
        // Six or more nodes remain: a majority of 10 must elect a new leader within 6 election timeouts.
        c.tickUntil(() -> c.agreedLeader().isPresent(), 6 * ELECTION);
      }
    }
    // Five survivors are no majority of ten: nobody may lead.
    for (int i = 0; i < 20 * ELECTION; i++) {
      c.tick();
      assertThat(c.alivePids()).noneMatch(p -> c.node(p).isLeader());
    }
  }
}
