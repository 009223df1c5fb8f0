package omnipaxos.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.StopSign;
import org.junit.jupiter.api.Test;

/** The migration protocol between one sink and several sources on a small deterministic network. */
class MigrationTest {

  private static final ClusterConfig OLD = ClusterConfig.of(1, List.of(1L, 2L, 3L));
  private static final StopSign SS = new StopSign(ClusterConfig.of(2, List.of(1L, 2L, 4L)), Optional.empty());
  private static final int CHUNK = 1000;

  private static byte[] state(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** One sink (pid 4) and sources 1..3, with per-source faults; a tick is one step. */
  private static final class Net {
    final MigrationSink sink;
    final Map<Long, MigrationSource> sources = new TreeMap<>();
    final Set<Long> dead = new HashSet<>();
    final Map<Long, UnaryOperator<MigrationMessage>> tamper = new TreeMap<>();
    final Map<Long, Long> requestsTo = new TreeMap<>();
    final SplittableRandom random = new SplittableRandom(7);
    double loss;
    long steps;

    Net(List<Long> pids, MigrationOptions options) {
      sink = new MigrationSink(4, 2, pids, options);
      for (long p : pids) {
        sources.put(p, new MigrationSource(p));
      }
    }

    void offerAll(byte[] state) {
      for (MigrationSource s : sources.values()) {
        s.offer(StateImage.of(OLD, SS, 11, state, CHUNK));
      }
    }

    /** Runs until the sink is done or {@code maxSteps} pass; returns the steps taken. */
    long run(long maxSteps) {
      while (sink.phase() != MigrationSink.Phase.DONE && steps < maxSteps) {
        steps++;
        sink.tick();
        List<MigrationMessage> replies = new ArrayList<>();
        for (MigrationMessage m : sink.takeOutgoing()) {
          requestsTo.merge(m.to(), 1L, Long::sum);
          if (dead.contains(m.to()) || random.nextDouble() < loss) {
            continue;
          }
          MigrationSource s = sources.get(m.to());
          s.handle(m);
          for (MigrationMessage r : s.takeOutgoing()) {
            replies.add(tamper.getOrDefault(m.to(), UnaryOperator.identity()).apply(r));
          }
        }
        for (MigrationMessage r : replies) {
          if (random.nextDouble() >= loss) {
            sink.handle(r);
          }
        }
      }
      return steps;
    }
  }

  @Test
  void fetchesFromEverySourceInParallelAndVerifies() {
    byte[] state = state(25_500, 1);
    Net net = new Net(List.of(1L, 2L, 3L), MigrationOptions.DEFAULT);
    net.offerAll(state);
    net.run(1000);
    assertThat(net.sink.phase()).isEqualTo(MigrationSink.Phase.DONE);
    StateImage image = net.sink.image().orElseThrow();
    assertThat(image.bytes()).isEqualTo(state);
    assertThat(image.manifest().chunks()).isEqualTo(26);
    assertThat(image.manifest().startPosition()).isEqualTo(11);
    assertThat(image.manifest().stopSign()).isEqualTo(SS);
    Map<Long, Long> by = net.sink.progress().bytesBySource();
    assertThat(by.values()).allSatisfy(b -> assertThat(b).isGreaterThanOrEqualTo(8 * CHUNK));
    assertThat(by.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(state.length);
  }

  @Test
  void anEmptyStateIsOneEmptyChunk() {
    Net net = new Net(List.of(1L, 2L), MigrationOptions.DEFAULT);
    net.offerAll(new byte[0]);
    net.run(100);
    assertThat(net.sink.image().orElseThrow().bytes()).isEmpty();
  }

  @Test
  void aDeadSourceOnlySlowsItsOwnChunks() {
    byte[] state = state(40_000, 2);
    Net net = new Net(List.of(1L, 2L, 3L), new MigrationOptions(4, 10, 5));
    net.offerAll(state);
    net.dead.add(1L);
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
    assertThat(net.sink.progress().bytesBySource().get(1L)).isZero();
  }

  @Test
  void aSourceThatDiesMidwayIsReplacedAfterTheTimeout() {
    byte[] state = state(60_000, 3);
    Net net = new Net(List.of(1L, 2L, 3L), new MigrationOptions(2, 10, 5));
    net.offerAll(state);
    net.run(3);
    assertThat(net.sink.progress().chunksDone()).isPositive();
    net.dead.add(2L);
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
    assertThat(net.sink.progress().timeouts()).isPositive();
  }

  @Test
  void corruptChunksAreRejectedAndFetchedAgain() {
    byte[] state = state(30_000, 4);
    Net net = new Net(List.of(1L, 2L, 3L), new MigrationOptions(4, 10, 5));
    net.offerAll(state);
    net.tamper.put(3L, m -> {
      if (m instanceof MigrationMessage.ChunkReply c && c.chunk() % 2 == 0) {
        byte[] d = c.data();
        d[d.length / 2] ^= 1;
        return new MigrationMessage.ChunkReply(c.from(), c.to(), c.configId(), c.chunk(), d);
      }
      return m;
    });
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
    assertThat(net.sink.progress().corruptChunks()).isPositive();
  }

  @Test
  void aSourceWithAnotherImageIsNeverUsed() {
    byte[] state = state(30_000, 5);
    Net net = new Net(List.of(1L, 2L, 3L), MigrationOptions.DEFAULT);
    net.offerAll(state);
    byte[] other = state.clone();
    other[0] ^= 1;
    net.sources.get(3L).offer(StateImage.of(OLD, SS, 11, other, CHUNK));
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
    assertThat(net.sink.inconsistentManifests()).isEqualTo(1);
    assertThat(net.sink.progress().bytesBySource().get(3L)).isZero();
  }

  @Test
  void aManifestWhoseDigestLiesIsDroppedAndTheMigrationStartsOver() {
    byte[] state = state(10_000, 6);
    Net net = new Net(List.of(1L, 2L), MigrationOptions.DEFAULT);
    net.offerAll(state);
    // Source 1 answers first (pid order) with a manifest whose CRCs are right but whose digest is not.
    net.tamper.put(1L, m -> {
      if (m instanceof MigrationMessage.ManifestReply r) {
        Manifest g = r.manifest();
        byte[] sha = g.sha256();
        sha[0] ^= 1;
        return new MigrationMessage.ManifestReply(r.from(), r.to(),
            new Manifest(g.previous(), g.stopSign(), g.startPosition(), g.size(), g.chunkSize(), sha, g.chunkCrcs()));
      }
      return m;
    });
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
    assertThat(net.sink.progress().restarts()).isEqualTo(1);
  }

  @Test
  void sourcesThatDoNotHoldTheStateYetAreAskedAgain() {
    byte[] state = state(5_000, 7);
    Net net = new Net(List.of(1L, 2L), new MigrationOptions(4, 10, 5));
    net.sources.get(1L).preparing(2, "server 1 is writing the image");
    net.run(50);
    assertThat(net.sink.phase()).isEqualTo(MigrationSink.Phase.MANIFEST);
    net.offerAll(state);
    net.run(10_000);
    assertThat(net.sink.image().orElseThrow().bytes()).isEqualTo(state);
  }

  @Test
  void survivesHeavyLossWithEveryByteChecked() {
    for (long seed = 0; seed < 20; seed++) {
      byte[] state = state(20_000 + (int) seed * 77, seed);
      Net net = new Net(List.of(1L, 2L, 3L), new MigrationOptions(3, 8, 4));
      net.loss = 0.3;
      net.offerAll(state);
      net.run(100_000);
      assertThat(net.sink.image()).as("seed %d", seed).isPresent();
      assertThat(net.sink.image().get().bytes()).isEqualTo(state);
    }
  }
}
