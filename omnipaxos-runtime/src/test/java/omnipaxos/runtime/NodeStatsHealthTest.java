package omnipaxos.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The statistics an application needs to tell whether a write could be decided now: the leader
 * election's happy flag, how many heartbeat rounds it rests on, and whether Sequence Paxos accepts.
 */
@Timeout(60)
class NodeStatsHealthTest {

  @Test
  void aConnectedClusterIsHappyAndAcceptingAndALoneNodeIsNot() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      for (long pid : c.pids()) {
        Await.until("node " + pid + " happy and accepting", () -> {
          NodeStats s = Await.result(c.node(pid).stats());
          return s.heartbeatRounds() > 0 && s.happy() && s.acceptPhase();
        });
      }
      long survivor = leader == 1 ? 2 : 1;
      c.pids().stream().filter(p -> p != survivor).forEach(c::crash);
      Await.until("node " + survivor + " unhappy", () -> !Await.result(c.node(survivor).stats()).happy());
    }
  }
}
