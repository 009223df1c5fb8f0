package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
  private static NodeConfig.Builder quietTimers(NodeConfig.Builder c) {
    return c.electionTimeoutMs(2_000).resendTimeoutMs(30_000);
  }

  @Test
  void aWriteSubmittedByACallbackLeavesWithTheDecisionThatCompletedIt() {
    try (LocalCluster c = LocalCluster.of(3, EarlySettleTest::quietTimers)) {
      long leader = c.awaitLeader();
      long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      List<PaxosMessage<Envelope<String>, List<String>>> toFollower = new CopyOnWriteArrayList<>();
      // Acceptances reach the leader only once the callback is attached, so "a" cannot be decided
      // (and the callback run on this thread) before; the pump threads wait at the gate.
      CountDownLatch gate = new CountDownLatch(1);
      c.network.observe(m -> {
        if (m.from() == leader && m.to() == follower) {
          toFollower.add(m);
        }
        if (m.to() == leader && m instanceof PaxosMessage.Accepted) {
          awaitQuietly(gate);
        }
      });
      CompletableFuture<CompletableFuture<Long>> second = new CompletableFuture<>();
      CompletableFuture<Long> first = c.node(leader).appendDecided("a");
      first.thenRun(() -> second.complete(c.node(leader).appendDecided("b")));
      gate.countDown();
      long a = Await.result(first);
      long b = Await.result(Await.result(second));
      assertThat(b).isEqualTo(a + 1);
      c.awaitSameDecidedLog(b + 1);
      List<String> kinds = toFollower.stream().map(m -> m.getClass().getSimpleName()
          + (m instanceof PaxosMessage.AcceptDecide<Envelope<String>, List<String>> ad
              ? ad.entries().stream().map(Envelope::entry).toList() + "@" + ad.decidedIdx() : "")).toList();
      assertThat(kinds).as("messages from the leader to follower %d", follower)
          .startsWith("AcceptDecide[a]@" + a, "AcceptDecide[b]@" + (a + 1));
    }
  }

  private static void awaitQuietly(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
