package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.LongConsumer;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.migration.MigrationSink;
import org.junit.jupiter.api.Test;

/**
 * Reconfiguration with state migration in the deterministic simulator: a server new to a configuration
 * fetches the state at the stop sign in chunks from every server of the sealed one (checked against the
 * chosen log), and takes part only once it holds it, through crashes of old servers and of itself, lost
 * messages and cut links. Each scenario runs on several seeds.
 */
class MigrationSimulationTest {

  private static final int SEEDS = 12;
  private static final int ENTRIES = 120;

  /** Three servers that decided {@link #ENTRIES} entries; returns the simulator. */
  private static Simulator<Long, List<Long>> cluster(long seed) {
    Simulator<Long, List<Long>> s = Simulator.of(SimOptions.builder(seed).nodes(3).migrationChunkSize(32).build());
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(20 * et, 2 * et).leader();
    for (int i = 0; i < ENTRIES; i++) {
      s.propose(leader);
      s.run(2);
    }
    s.awaitStableProgress(20 * et, 2 * et);
    return s;
  }

  private static void reconfigure(Simulator<Long, List<Long>> s, List<Long> members, ClusterConfig next) {
    long et = s.electionTimeoutMs();
    long leader = s.awaitStableProgress(members, 30 * et, 2 * et).leader();
    assertThat(s.reconfigure(leader, next)).isTrue();
  }

  private static void awaitMigration(Simulator<Long, List<Long>> s, long pid, int configId, long maxMs) {
    assertThat(s.runUntil(() -> s.node(pid, configId).isPresent(), maxMs))
        .as("node %d holds the state of configuration %d within %d ms", pid, configId, maxMs).isTrue();
  }

  /** Runs until node {@code pid} has fetched some chunks of configuration {@code configId}'s state. */
  private static void awaitSomeChunks(Simulator<Long, List<Long>> s, long pid) {
    long et = s.electionTimeoutMs();
    assertThat(s.runUntil(() -> s.migrationProgress(pid).map(p -> p.chunksDone() >= 3).orElse(false), 30 * et))
        .as("node %d started fetching", pid).isTrue();
  }

  private static void forSeeds(LongConsumer scenario) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      try {
        scenario.accept(seed);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void aCrashedServerIsReplacedAndTheNewOneFetchesFromEverySurvivor() {
    forSeeds(seed -> {
      Simulator<Long, List<Long>> s = cluster(seed);
      long et = s.electionTimeoutMs();
      s.crash(3);
      reconfigure(s, List.of(1L, 2L), ClusterConfig.of(2, List.of(1L, 2L, 4L)));
      awaitMigration(s, 4, 2, 60 * et);
      MigrationSink.Progress p = s.lastMigration(4).orElseThrow();
      assertThat(p.bytes()).isGreaterThanOrEqualTo(8L * ENTRIES + 4);
      assertThat(p.bytesBySource().get(1L)).as("bytes from 1").isPositive();
      assertThat(p.bytesBySource().get(2L)).as("bytes from 2").isPositive();
      assertThat(s.stats().get(Stat.MIGRATIONS_DONE)).isEqualTo(1);
      Simulator.Recovery r = s.awaitStableProgress(List.of(1L, 2L, 4L), 30 * et, 2 * et);
      assertThat(r.configId()).isEqualTo(2);
      long decidedBefore = s.node(4, 2).orElseThrow().decidedIdx();
      s.propose(4);
      assertThat(s.runUntil(() -> s.node(4, 2).orElseThrow().decidedIdx() > decidedBefore, 20 * et)).isTrue();
    });
  }

  @Test
  void anOldServerThatCrashesDuringTheMigrationIsWorkedAround() {
    forSeeds(seed -> {
      Simulator<Long, List<Long>> s = cluster(seed);
      long et = s.electionTimeoutMs();
      reconfigure(s, List.of(1L, 2L, 3L), ClusterConfig.of(2, List.of(1L, 2L, 3L, 4L)));
      awaitSomeChunks(s, 4);
      s.crash(1);
      awaitMigration(s, 4, 2, 60 * et);
      assertThat(s.lastMigration(4).orElseThrow().bytes()).isGreaterThanOrEqualTo(8L * ENTRIES + 4);
      s.restart(1);
      s.awaitStableProgress(List.of(1L, 2L, 3L, 4L), 30 * et, 2 * et);
    });
  }

  @Test
  void theNewServerCrashingDuringTheMigrationStartsOverAfterItsRestart() {
    forSeeds(seed -> {
      Simulator<Long, List<Long>> s = cluster(seed);
      long et = s.electionTimeoutMs();
      s.crash(3);
      reconfigure(s, List.of(1L, 2L), ClusterConfig.of(2, List.of(1L, 2L, 4L)));
      awaitSomeChunks(s, 4);
      s.crash(4);
      s.run(3 * et);
      assertThat(s.node(4, 2)).isEmpty();
      s.restart(4);
      awaitMigration(s, 4, 2, 60 * et);
      assertThat(s.stats().get(Stat.MIGRATIONS_DONE)).isEqualTo(1);
      s.awaitStableProgress(List.of(1L, 2L, 4L), 30 * et, 2 * et);
    });
  }

  @Test
  void cutLinksOnlyDelayTheMigration() {
    forSeeds(seed -> {
      Simulator<Long, List<Long>> s = cluster(seed);
      long et = s.electionTimeoutMs();
      for (long p : List.of(1L, 2L, 3L)) {
        s.cutBoth(4, p);
      }
      reconfigure(s, List.of(1L, 2L, 3L), ClusterConfig.of(2, List.of(1L, 2L, 3L, 4L)));
      s.run(10 * et);
      assertThat(s.node(4, 2)).as("no state without a link").isEmpty();
      assertThat(s.migrating(4, 2)).isTrue();
      s.restoreBoth(4, 3);
      awaitMigration(s, 4, 2, 60 * et);
      assertThat(s.lastMigration(4).orElseThrow().bytesBySource()).containsEntry(1L, 0L).containsEntry(2L, 0L);
      s.restoreBoth(4, 1);
      s.restoreBoth(4, 2);
      s.awaitStableProgress(List.of(1L, 2L, 3L, 4L), 30 * et, 2 * et);
    });
  }

  @Test
  void aConfigurationOfMostlyNewServersDecidesNothingBeforeOneHoldsTheState() {
    forSeeds(seed -> {
      Simulator<Long, List<Long>> s = cluster(seed);
      long et = s.electionTimeoutMs();
      boolean[] early = new boolean[1];
      s.onDecision((pid, configId, position, value, first) -> {
        if (configId == 2 && s.node(4, 2).isEmpty() && s.node(5, 2).isEmpty()) {
          early[0] = true;
        }
      });
      reconfigure(s, List.of(1L, 2L, 3L), ClusterConfig.of(2, List.of(1L, 4L, 5L)));
      awaitMigration(s, 4, 2, 60 * et);
      awaitMigration(s, 5, 2, 60 * et);
      Simulator.Recovery r = s.awaitStableProgress(List.of(1L, 4L, 5L), 30 * et, 2 * et);
      assertThat(r.configId()).isEqualTo(2);
      assertThat(early[0]).as("configuration 2 decided before a new member held the state").isFalse();
    });
  }
}
