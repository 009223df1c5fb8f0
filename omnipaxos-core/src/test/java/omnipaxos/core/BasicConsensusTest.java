package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BasicConsensusTest {

  @Test
  void threeNodesElectALeaderAndDecide() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    assertThat(leader).isEqualTo(3); // equal priorities: the largest pid wins the first election
    c.proposeAndDecide(1, TestCluster.range(0, 10), 50);
    c.tick(5);
    for (long p : c.pids()) {
      assertThat(c.decidedValues(p)).isEqualTo(TestCluster.range(0, 10));
    }
  }

  @Test
  void aNodeThatHearsNobodyDoesNotStartLeading() {
    OmniPaxos<Long, Void> lonely = new OmniPaxosConfig(ClusterConfig.of(1, List.of(1L, 2L, 3L)),
        ServerConfig.builder().pid(3).build()).build(new omnipaxos.core.storage.MemoryStorage<>());
    for (int i = 0; i < 100; i++) {
      lonely.tick();
      lonely.outgoingMessages();
    }
    assertThat(lonely.promise()).isEqualTo(Ballot.NONE);
    assertThat(lonely.currentLeader()).isEmpty();
  }

  @Test
  void leaderPriorityWinsTheFirstElectionAndTakeovers() {
    TestCluster c = TestCluster.builder(5).priorities(java.util.Map.of(2L, 7, 4L, 3)).build();
    assertThat(c.awaitLeader(50)).isEqualTo(2);
    c.crash(2);
    assertThat(c.awaitLeader(80)).as("next-highest priority among equal takeover rounds").isEqualTo(4);
  }

  @Test
  void proposalsBeforeAnyLeaderAreBufferedAndDecided() {
    TestCluster c = TestCluster.of(5);
    for (long v = 0; v < 100; v++) {
      c.node(1).append(v);
    }
    c.tickUntil(() -> c.decidedValues(1).size() == 100, 100);
    assertThat(c.decidedValues(1)).isEqualTo(TestCluster.range(0, 100));
    assertThat(c.node(1).readDecidedSuffix(0)).allMatch(e -> e instanceof LogEntry.Decided);
  }

  @Test
  void leaderCrashElectsANewLeaderThatKeepsDecidedEntries() {
    TestCluster c = TestCluster.of(5);
    long first = c.awaitLeader(50);
    c.proposeAndDecide(first, TestCluster.range(0, 20), 50);
    c.crash(first);
    long second = c.awaitLeader(80);
    assertThat(second).isNotEqualTo(first);
    c.proposeAndDecide(second, TestCluster.range(20, 40), 50);
    List<Long> expected = TestCluster.range(0, 40);
    for (long p : c.alivePids()) {
      c.tickUntil(() -> c.decidedValues(p).equals(expected), 50);
    }
  }
}
