package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decided-entry subscription: start positions, executors, cancellation and listener failures. */
@Timeout(60)
class SubscriptionTest {

  @Test
  void aSubscriptionStartsAtItsPositionAndStopsWhenCancelled() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      List<String> written = new ArrayList<>(CompactionTest.appendDecided(c, leader, "a", 5));
      long follower = c.pids().stream().filter(p -> p != leader).findFirst().orElseThrow();
      c.awaitSameDecidedLog(5);

      List<DecidedEvent<String, List<String>>> events = Collections.synchronizedList(new ArrayList<>());
      DecidedSubscription<String, List<String>> sub = c.node(follower).subscribe(3, pool, events::add);
      written.addAll(CompactionTest.appendDecided(c, leader, "b", 3));
      Await.until("the subscriber to reach 8", () -> sub.position() == 8);
      assertThat(new ArrayList<>(events)).containsExactly(
          new DecidedEvent.Entry<>(3, written.get(3)), new DecidedEvent.Entry<>(4, written.get(4)),
          new DecidedEvent.Entry<>(5, written.get(5)), new DecidedEvent.Entry<>(6, written.get(6)),
          new DecidedEvent.Entry<>(7, written.get(7)));

      sub.cancel();
      Await.result(sub.completion());
      CompactionTest.appendDecided(c, leader, "c", 2);
      c.awaitSameDecidedLog(10);
      assertThat(events).hasSize(5);
      assertThat(sub.position()).isEqualTo(8);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aListenerThatThrowsEndsItsSubscriptionWithThatError() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      IllegalStateException boom = new IllegalStateException("listener failed");
      DecidedSubscription<String, List<String>> sub = c.node(leader).subscribe(0, e -> {
        throw boom;
      });
      CompactionTest.appendDecided(c, leader, "x", 1);
      assertThat(Await.failure(sub.completion())).isSameAs(boom);
      assertThat(sub.position()).isZero();
    }
  }
}
