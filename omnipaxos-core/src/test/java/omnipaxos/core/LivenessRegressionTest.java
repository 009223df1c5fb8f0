package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;

/** Regressions for two liveness bugs found by the simulator's long sweep. */
class LivenessRegressionTest {

  /**
   * A follower that lost every Decide, including the one covering the stop sign, must still learn the
   * decision: nothing else is ever appended after a stop sign.
   */
  @Test
  void followerLearnsTheDecidedStopSignAfterLostDecides() {
    TestCluster c = TestCluster.of(3);
    long leader = c.awaitLeader(50);
    long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
    c.proposeAndDecide(leader, TestCluster.range(0, 5), 50);
    c.tick(30);
    c.dropWhere(m -> m.to() == follower && m instanceof Message.Paxos<Long, List<Long>> p
        && (p.message() instanceof PaxosMessage.Decide || p.message() instanceof PaxosMessage.AcceptDecide));
    c.node(leader).reconfigure(ClusterConfig.of(2, c.pids()), Optional.empty());
    c.tickUntil(() -> c.node(leader).decidedStopSign().isPresent(), 50);
    c.tick(100);
    assertThat(c.node(follower).decidedStopSign()).isEmpty();
    c.dropWhere(m -> false);
    c.tickUntil(() -> c.node(follower).decidedStopSign().isPresent(), 3 * ServerConfig.DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT);
  }

  /**
   * A node restarting with a durable promise higher than any ballot the others know (it took over,
   * persisted its promise, and crashed before anyone heard of it) must be able to rejoin.
   */
  @Test
  void nodeWithAnUnknownHigherPromiseRejoins() {
    TestCluster c = TestCluster.of(3);
    long first = c.awaitLeader(50);
    c.proposeAndDecide(first, TestCluster.range(0, 5), 50);
    long stranded = c.pids().stream().filter(p -> p != first).findFirst().orElseThrow();
    c.crash(stranded);
    Ballot unknown = new Ballot(1, c.node(first).promise().n() + 5, 0, stranded);
    c.storage(stranded).writeAtomically(List.of(new StorageOp.SetPromise<>(unknown)));
    c.proposeAndDecide(first, TestCluster.range(5, 10), 50);
    c.restart(stranded);
    c.tickUntil(() -> c.agreedLeader().isPresent() && c.node(stranded).promise().greaterThan(unknown), 100);
    long leader = c.agreedLeader().getAsLong();
    c.proposeAndDecide(leader, TestCluster.range(10, 15), 50);
    c.tickUntil(() -> c.decidedValues(stranded).equals(TestCluster.range(0, 15)), 50);
  }
}
