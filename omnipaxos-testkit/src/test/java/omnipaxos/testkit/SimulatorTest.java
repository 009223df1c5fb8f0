package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  private static Simulator<Long, List<Long>> sim(long seed, int nodes) {
    return Simulator.of(SimOptions.builder(seed).nodes(nodes).build());
  }

  /** What a random run did, or how it failed (with the whole trace). */
  private static String outcome(long seed) {
    try {
      RandomRun.Report r = RandomRun.run(seed, RandomRun.Shape.ci(), 200);
      return r.steps() + " steps, " + r.virtualMs() + "ms, " + r.stats() + ", " + r.recovery();
    } catch (SimulationFailure f) {
      return f.getMessage();
    }
  }

  @Test
  void oneSeedReplaysOneRunExactly() {
    for (long seed = 11; seed <= 13; seed++) {
      assertThat(outcome(seed)).isEqualTo(outcome(seed));
    }
    assertThat(outcome(12)).isNotEqualTo(outcome(13));
  }

  @Test
  void traceOfAScriptedRunIsReproducible() {
    String[] traces = new String[2];
    for (int i = 0; i < 2; i++) {
      Simulator<Long, List<Long>> s = sim(3, 3);
      s.awaitStableProgress(2000, 500);
      s.crash(1);
      s.propose(2);
      s.run(300);
      traces[i] = s.trace().format();
    }
    assertThat(traces[1]).isEqualTo(traces[0]).isNotEmpty();
  }

  @Test
  void aMissedLivenessBoundFailsWithSeedAndTrace() {
    Simulator<Long, List<Long>> s = sim(5, 3);
    s.partition(List.of(List.of(1L), List.of(2L), List.of(3L)));
    assertThatThrownBy(() -> s.awaitStableProgress(500, 100))
        .isInstanceOf(SimulationFailure.class)
        .hasMessageContaining("seed 5")
        .hasMessageContaining("replay with -Dsim.seed=5")
        .hasMessageContaining("liveness: no stable leader")
        .hasMessageContaining("DROP")
        .satisfies(e -> assertThat(((SimulationFailure) e).seed()).isEqualTo(5));
  }

  @Test
  void aCrashBeforeFlushLosesWritesAndTheNodeRecovers() {
    // Not torn: a torn crash keeps a random prefix of the unflushed writes, possibly all of them.
    Simulator<Long, List<Long>> s =
        Simulator.of(SimOptions.builder(4).nodes(3).tornCrashes(false).build());
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    long follower = leader == 1 ? 2 : 1;
    s.crashBeforeFlush(follower);
    for (int i = 0; i < 5; i++) {
      s.propose(leader);
    }
    s.run(et);
    assertThat(s.isUp(follower)).isFalse();
    assertThat(s.stats().get(Stat.CRASHES_LOSING_WRITES)).isEqualTo(1);
    s.restart(follower);
    s.awaitStableProgress(20 * et, 2 * et);
    assertThat(s.node(follower).decidedIdx()).isEqualTo(s.node(leader).decidedIdx());
  }

  @Test
  void heldMessagesWaitUntilReleased() {
    Simulator<Long, List<Long>> s = sim(6, 3);
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    s.holdWhere(m -> m.from() == leader && m instanceof Message.Paxos<Long, List<Long>>);
    long id = s.propose(leader).orElseThrow();
    s.run(5 * et);
    assertThat(s.held()).anyMatch(m -> ((Message.Paxos<Long, List<Long>>) m).message() instanceof PaxosMessage.AcceptDecide);
    assertThat(s.invariants().position(id)).isEmpty();
    s.holdWhere(m -> false);
    int held = s.held().size();
    assertThat(s.release(m -> true)).isEqualTo(held).isPositive();
    assertThat(s.held()).isEmpty();
    assertThat(s.runUntil(() -> s.invariants().position(id).isPresent(), 5 * et)).isTrue();
  }

  @Test
  void aDecidedStopSignStartsTheNextConfigurationWithItsNewNode() {
    Simulator<Long, List<Long>> s = sim(8, 3);
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    ClusterConfig next = ClusterConfig.of(2, List.of(2L, 3L, 4L));
    assertThat(s.reconfigure(leader, next)).isTrue();
    Simulator.Recovery r = s.awaitStableProgress(30 * et, 2 * et);
    assertThat(r.configId()).isEqualTo(2);
    assertThat(s.pids()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(s.latestConfig()).isEqualTo(next);
    assertThat(s.node(1).decidedStopSign()).isPresent();
    OptionalLong refused = s.propose(1);
    assertThat(refused).isEmpty();
    assertThat(s.node(4, 2)).isPresent();
  }

  @Test
  void aStorageFailureStopsTheNodeWhichRestartsAndCatchesUp() {
    Simulator<Long, List<Long>> s = sim(9, 3);
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    s.failNextWrite(leader);
    s.propose(leader);
    s.run(et / 2);
    assertThat(s.isUp(leader)).isFalse();
    assertThat(s.stats().get(Stat.STORAGE_FAILURES)).isEqualTo(1);
    s.run(2 * et);
    assertThat(s.isUp(leader)).isTrue();
    s.awaitStableProgress(20 * et, 2 * et);
  }

  @Test
  void keyValueClientsProduceALinearizableHistory() {
    Simulator<Long, List<Long>> s = sim(10, 5);
    KvClients<Long, List<Long>> c = KvClients.start(s, KvWorkload.defaults(10 * s.electionTimeoutMs()));
    s.run(3000);
    c.stop();
    s.run(1500);
    assertThat(c.invoked()).isGreaterThan(100);
    assertThat(omnipaxos.testkit.linearizability.LinearizabilityChecker.checkKv(c.history()).linearizable()).isTrue();
  }

  @Test
  void networkControlsAndObservations() {
    Simulator<Long, List<Long>> s = Simulator.of(SimOptions.builder(14).nodes(3).traceCapacity(50).build());
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    assertThat(s.invariants().leaderOf(s.node(leader).promise())).contains(leader);
    assertThat(s.storage(leader, 1).orElseThrow().flushes()).isPositive();
    assertThat(s.storage(leader, 1).orElseThrow().writes()).isPositive();
    s.cut(1, 2);
    assertThat(s.linkUp(1, 2)).isFalse();
    assertThat(s.linkUp(2, 1)).isTrue();
    assertThat(s.cutLinks()).containsExactly(new Link(1, 2));
    s.heal();
    assertThat(s.cutLinks()).isEmpty();
    s.setAllLinks(LinkProfile.DEFAULT.withLoss(1));
    assertThat(s.link(2, 3).loss()).isEqualTo(1);
    // Loss applies when a message is sent: what was in flight lands within the longest delay.
    s.run(5);
    long delivered = s.stats().get(Stat.MESSAGES_DELIVERED);
    s.run(et);
    assertThat(s.stats().get(Stat.MESSAGES_DELIVERED)).isEqualTo(delivered);
    s.setAllLinks(LinkProfile.DEFAULT);
    s.awaitStableProgress(20 * et, 2 * et);
    assertThat(s.trace().total()).isGreaterThan(s.trace().events().size());
  }
}
