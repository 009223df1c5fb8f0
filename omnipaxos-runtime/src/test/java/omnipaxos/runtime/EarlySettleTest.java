package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An append completes in the batch of events that decided it, so a write its callback submits joins
 * that batch: the follower learns the decision and gets the new entry in one message, with no Decide
 * of its own before it.
 */
@Timeout(60)
class EarlySettleTest {

  /** Long resend and election timeouts: no Decide is ever repeated by a timer during the test. */
  private static NodeConfig quietTimers(NodeConfig c) {
    return c.setElectionTimeoutMs(2_000).setResendTimeoutMs(30_000);
  }

  @Test
  void aWriteSubmittedByACallbackLeavesWithTheDecisionThatCompletedIt() {
    try (LocalCluster c = LocalCluster.of(3, EarlySettleTest::quietTimers)) {
      long leader = c.awaitLeader();
      long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      List<PaxosMessage<Envelope<String>, List<String>>> toFollower = new CopyOnWriteArrayList<>();
      c.network.observe(m -> {
        if (m.from() == leader && m.to() == follower) {
          toFollower.add(m);
        }
      });
      long a = 0;
      // The first round links the callback's code (which takes long enough for "a" to be decided
      // before the callback is attached); the second is the one checked.
      for (int round = 0; round < 2; round++) {
        toFollower.clear();
        CompletableFuture<CompletableFuture<Long>> second = new CompletableFuture<>();
        String next = "b" + round;
        CompletableFuture<Long> first = c.node(leader).appendDecided("a" + round);
        first.thenRun(() -> second.complete(c.node(leader).appendDecided(next)));
        a = Await.result(first);
        long b = Await.result(Await.result(second));
        assertThat(b).isEqualTo(a + 1);
        c.awaitSameDecidedLog(b + 1);
      }
      List<String> kinds = toFollower.stream().map(m -> m.getClass().getSimpleName()
          + (m instanceof PaxosMessage.AcceptDecide<Envelope<String>, List<String>> ad
              ? ad.entries().stream().map(Envelope::entry).toList() + "@" + ad.decidedIdx() : "")).toList();
      assertThat(kinds).as("messages from the leader to follower %d", follower)
          .startsWith("AcceptDecide[a1]@" + a, "AcceptDecide[b1]@" + (a + 1));
    }
  }
}
