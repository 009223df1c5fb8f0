package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OmniPaxosNode#quorumRead}: served on the leader at a read index that covers every write
 * decided before it, many reads on one round, refused on followers, and failed when the leader
 * cannot reach a write quorum (no stale answer from a cut-off leader).
 */
@Timeout(120)
class QuorumReadTest {

  @Test
  void leaderServesQuorumReadsAtAnIndexCoveringEveryEarlierWrite() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      long idx = Await.result(c.node(leader).appendDecided("a"));
      long readIdx = Await.result(c.node(leader).quorumRead(CompletableFuture::completedFuture));
      assertThat(readIdx).isGreaterThan(idx);
      assertThat(Await.result(c.node(leader).decidedIdx())).isGreaterThanOrEqualTo(readIdx);
      List<CompletableFuture<Long>> many = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        many.add(c.node(leader).quorumRead(CompletableFuture::completedFuture));
      }
      for (CompletableFuture<Long> f : many) {
        assertThat(Await.result(f)).isGreaterThanOrEqualTo(readIdx);
      }
      for (long p : c.pids()) {
        if (p != leader) {
          assertThat(Await.failure(c.node(p).quorumRead(CompletableFuture::completedFuture)))
              .isInstanceOf(QuorumReadUnavailableException.class)
              .hasMessageContaining("is not the accepting leader");
        }
      }
    }
  }

  @Test
  void aLeaderCutOffFromItsQuorumAnswersNoRead() {
    try (LocalCluster c = LocalCluster.of(3)) {
      long leader = c.awaitLeader();
      Await.result(c.node(leader).appendDecided("a"));
      c.network.isolate(leader, c.pids());
      CompletableFuture<Long> read = c.node(leader).quorumRead(CompletableFuture::completedFuture);
      assertThat(Await.failure(read)).isInstanceOf(QuorumReadUnavailableException.class)
          .hasMessageContaining("no write quorum confirmed");
      c.network.healAll();
    }
  }
}
