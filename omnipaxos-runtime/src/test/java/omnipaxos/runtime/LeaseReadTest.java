package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.core.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OmniPaxosNode#leaseRead}: served on the leader once its decided index covers what it had
 * accepted, refused on followers and with leases off, and refused when the lease lapses while the
 * application reads (the lease is checked again when answering).
 */
@Timeout(120)
class LeaseReadTest {

  /** A 150 ms hold with 200 ms elections and 10 ms ticks: a leader lease of 12 ticks. */
  private static NodeConfig.Builder leased(NodeConfig.Builder c) {
    return c.leaseMs(150).maxClockDriftPercent(10);
  }

  @Test
  void leaderServesLeaseReadsFromItsDecidedIndex() {
    try (LocalCluster c = LocalCluster.of(3, LeaseReadTest::leased)) {
      long leader = c.awaitLeader();
      long idx = Await.result(c.node(leader).appendDecided("a"));
      Await.until("the leader holds a lease", () -> Await.result(c.node(leader).stats()).leaseHeld());
      long readIdx = Await.result(c.node(leader).leaseRead(i -> CompletableFuture.completedFuture(i)));
      assertThat(readIdx).isGreaterThan(idx);
      assertThat(Await.result(c.node(leader).decidedIdx())).isGreaterThanOrEqualTo(readIdx);
      for (long p : c.pids()) {
        if (p != leader) {
          assertThat(Await.failure(c.node(p).leaseRead(i -> CompletableFuture.completedFuture(i))))
              .isInstanceOf(LeaseUnavailableException.class).hasMessageContaining("holds no lease");
          assertThat(Await.result(c.node(p).stats()).leaseHeld()).isFalse();
        }
      }
    }
  }

  @Test
  void leaseReadsAreRefusedWithLeasesOff() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      Await.result(c.node(leader).appendDecided("a"));
      assertThat(Await.failure(c.node(leader).leaseRead(i -> CompletableFuture.completedFuture(i))))
          .isInstanceOf(LeaseUnavailableException.class).hasMessageContaining("leases are off");
      assertThat(Await.result(c.node(leader).stats()).leaseHeld()).isFalse();
    }
  }

  @Test
  void aLeaseThatLapsesWhileTheApplicationReadsFailsTheRead() {
    try (LocalCluster c = LocalCluster.of(3, LeaseReadTest::leased)) {
      long leader = c.awaitLeader();
      Await.result(c.node(leader).appendDecided("a"));
      Await.until("the leader holds a lease", () -> Await.result(c.node(leader).stats()).leaseHeld());
      CompletableFuture<String> read = c.node(leader).leaseRead(i -> CompletableFuture.supplyAsync(() -> {
        // The application is slow to read (as in a long pause) and meanwhile the leader is cut off.
        c.network.isolate(leader, c.pids());
        Await.until("the lease lapsed", () -> !Await.result(c.node(leader).stats()).leaseHeld());
        return "stale?";
      }));
      assertThat(Await.failure(read)).isInstanceOf(LeaseUnavailableException.class)
          .hasMessageContaining("lapsed before the read was answered");
      assertThat(Await.failure(c.node(leader).leaseRead(i -> CompletableFuture.completedFuture(i))))
          .isInstanceOf(LeaseUnavailableException.class);
      c.network.healAll();
    }
  }

  @Test
  void aLeaseLongerThanTheElectionTimeoutIsRejected() {
    NodeConfig conf = LocalCluster.testConfig().pid(1).peers(List.of(2L, 3L)).leaseMs(300).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(conf::validate).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("must not exceed electionTickTimeout");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> conf.toBuilder().leaseMs(-1).build())
        .hasMessageContaining("leaseMs must not be negative");
  }
}
