package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of upstream {@code preparable_peers_test}, extended to whole clusters: pids need not be 1..N.
 * Every configured peer is prepared by a new leader, entries are decided, and trimming (bounded by
 * what every node accepted) really advances instead of staying at 0 as upstream's pid-indexed tables
 * made it (protocol notes 7.2 #3).
 */
class NonContiguousPidsTest {

  private static final int WAIT_TICKS = 150;

  static List<List<Long>> clusters() {
    return List.of(List.of(6L, 7L, 8L), List.of(7L, 1L, 100L, 4L, 6L));
  }

  private static void awaitAllDecided(TestCluster c, long idx) {
    c.tickUntil(() -> c.alivePids().stream().allMatch(p -> c.node(p).decidedIdx() == idx), WAIT_TICKS);
  }

  private static void assertCompactedEverywhere(TestCluster c, long idx) {
    for (long p : c.alivePids()) {
      assertThat(c.node(p).compactedIdx()).as("node %d compacted index", p).isEqualTo(idx);
      assertThat(c.node(p).read(0)).as("node %d", p).contains(new LogEntry.Trimmed<>(idx));
      if (c.node(p).acceptedIdx() > idx) {
        assertThat(c.node(p).read(idx)).as("node %d", p).contains(new LogEntry.Decided<>(idx));
      }
    }
  }

  @ParameterizedTest(name = "pids {0}")
  @MethodSource("clusters")
  void electsDecidesAndTrims(List<Long> pids) {
    TestCluster c = TestCluster.builder(pids).build();
    long leader = c.awaitLeader(WAIT_TICKS);
    assertThat(leader).isEqualTo(Collections.max(pids));
    for (long p : pids) {
      assertThat(c.node(p).promise()).as("node %d prepared", p).isEqualTo(c.node(leader).promise());
    }
    c.proposeAndDecide(leader, TestCluster.range(0, 100), WAIT_TICKS);
    awaitAllDecided(c, 100);

    c.node(leader).trim(OptionalLong.of(60));
    c.tick(2);
    assertCompactedEverywhere(c, 60);
    c.node(leader).trim(OptionalLong.empty());
    c.tick(2);
    assertCompactedEverywhere(c, 100);

    // A new leader prepares every configured peer, whatever their pids.
    c.crash(leader);
    long second = c.awaitLeader(WAIT_TICKS);
    assertThat(second).isNotEqualTo(leader);
    for (long p : c.alivePids()) {
      assertThat(c.node(p).promise()).as("node %d prepared", p).isEqualTo(c.node(second).promise());
    }
    c.proposeAndDecide(second, TestCluster.range(100, 200), WAIT_TICKS);
    awaitAllDecided(c, 200);

    // Trimming needs every node, the crashed one too: once it is back, the new leader trims it all.
    c.restart(leader);
    awaitAllDecided(c, 200);
    for (long p : pids) {
      assertThat(c.decidedValues(p).subList(100, 200)).as("node %d", p).isEqualTo(TestCluster.range(100, 200));
    }
    c.node(second).trim(OptionalLong.empty());
    c.tick(2);
    assertCompactedEverywhere(c, 200);
  }
}
