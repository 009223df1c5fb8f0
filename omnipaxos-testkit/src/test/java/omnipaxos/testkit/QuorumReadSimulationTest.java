package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import omnipaxos.core.Message;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;
import org.junit.jupiter.api.Test;

/**
 * Quorum reads (read-index rounds) under faults: key-value clients read at the node that believes it
 * leads, which answers after a write quorum confirmed its ballot (writes and fallback reads go
 * through the log), while leaders are isolated, partitioned, cut off in one direction or crashed,
 * and every node ticks at its own rate. No clock assumption is made, so even clocks far apart (where
 * lease reads turn stale, {@link LeaseReadSimulationTest}) must give linearizable histories.
 */
class QuorumReadSimulationTest {

  private static final int TICK_MS = 10;

  @Test
  void quorumReadsAreLinearizableUnderFaultsWithAnyClockDrift() {
    int seeds = Integer.getInteger("quorum.seeds", 40);
    long served = 0;
    long fellBack = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      Outcome o = run(seed, seed % 2 == 0 ? 1 : 8);
      if (!o.result.linearizable()) {
        throw o.sim.failure(
            "seed " + seed + ": quorum reads not linearizable: " + o.result.report(), null);
      }
      served += o.clients.quorumReadsServed();
      fellBack += o.clients.quorumReadsFallenBack();
    }
    System.out.printf("quorum reads: %d seeds, %d served after a round, %d fell back to the log%n",
        seeds, served, fellBack);
    assertThat(served).as("quorum reads served").isGreaterThan(50L * seeds);
  }

  /**
   * The schedule under which lease reads with a wrong drift bound turn stale: a slow leader (30 ms
   * ticks) is isolated again and again while fast followers (4 ms ticks) elect a new leader that
   * decides writes, and clients keep reading at the old leader. Its reads are never confirmed (no
   * quorum answers it), so none is stale.
   */
  @Test
  void anIsolatedOldLeaderServesNoStaleReadWhateverTheClocks() {
    long served = 0;
    for (long seed = 1; seed <= 10; seed++) {
      Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(3)
          .priority(1, 10).tickMs(TICK_MS).tickPeriodMs(1, 30).tickPeriodMs(2, 4)
          .tickPeriodMs(3, 4).build());
      KvClients<Long, List<Long>> clients = KvClients.startWithQuorumReads(sim,
          new KvWorkload(6, 1, 2, 300, 0.6, 0.1, 0.0), true);
      for (int round = 0; round < 8; round++) {
        sim.runUntil(() -> sim.leader().orElse(0) == 1, 3000);
        sim.run(100);
        sim.note("isolate leader 1");
        sim.isolate(1);
        sim.run(400);
        sim.reconnect(1);
      }
      served += check(sim, clients, seed, 3000);
    }
    assertThat(served).isGreaterThan(100);
  }

  /**
   * A takeover the old leader does not notice: node 1 (highest priority) is cut off until another
   * node leads, then comes back and takes over while its Sequence Paxos messages to the old leader
   * are held back, so the old leader still believes it leads and keeps starting quorum reads. The
   * remaining follower promised node 1's higher ballot and does not answer them, so none is
   * confirmed. (A follower that answered whatever it promised would let stale reads through here.)
   */
  @Test
  void aLeaderDeposedWithoutKnowingItServesNoStaleRead() {
    long served = 0;
    for (long seed = 1; seed <= 8; seed++) {
      Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(3)
          .priority(1, 10).tickMs(TICK_MS).build());
      KvClients<Long, List<Long>> clients = KvClients.startWithQuorumReads(sim,
          new KvWorkload(4, 1, 2, 300, 0.6, 0.1, 0.0), true);
      for (int round = 0; round < 4; round++) {
        sim.isolate(1);
        List<Long> rest = List.of(2L, 3L);
        sim.runUntil(() -> sim.agreedLeader(rest, 1).isPresent(), 3000);
        long old = sim.agreedLeader(rest, 1).orElseThrow();
        sim.run(50);
        sim.note("reconnect node 1, which takes over; its Paxos messages and every election"
            + " message to " + old + " are held");
        sim.holdWhere(m -> m.to() == old
            && (m instanceof Message.Ble || m.from() == 1 && m instanceof Message.Paxos));
        sim.reconnect(1);
        sim.run(300);
        sim.holdWhere(m -> false);
        sim.release(m -> true);
        sim.runUntil(() -> sim.leader().orElse(0) == 1, 3000);
        sim.run(100);
      }
      served += check(sim, clients, seed, 1000);
    }
    assertThat(served).isGreaterThan(50);
  }

  private static long check(Simulator<Long, List<Long>> sim, KvClients<Long, List<Long>> clients,
      long seed, long drainMs) {
    clients.stop();
    sim.run(drainMs);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
        LinearizabilityChecker.DEFAULT_BUDGET);
    if (!r.linearizable()) {
      throw sim.failure("seed " + seed + ": quorum reads not linearizable: " + r.report(), null);
    }
    return clients.quorumReadsServed();
  }

  private record Outcome(Simulator<Long, List<Long>> sim, KvClients<Long, List<Long>> clients,
      CheckResult<KvOp, KvResult> result) {}

  private static Outcome run(long seed, int tickDriftMs) {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed)
        .nodes(seed % 4 == 0 ? 5 : 3).tickMs(TICK_MS).tickDriftMs(tickDriftMs).build());
    long et = sim.electionTimeoutMs();
    KvClients<Long, List<Long>> clients = KvClients.startWithQuorumReads(sim,
        new KvWorkload(4, 2, 5, 10 * et, 0.6, 0.1, 0.05), seed % 3 == 0);
    SplittableRandom rnd = new SplittableRandom(seed * 7919);
    sim.run(5 * et);
    for (int round = 0; round < 4; round++) {
      long leader = sim.leader().orElse(sim.pids().get(rnd.nextInt(sim.pids().size())));
      LeaderFaults.inject(sim, rnd, leader, et);
      sim.run(3 * et + rnd.nextLong(3 * et));
    }
    sim.awaitStableProgress(20 * et, 2 * et);
    clients.stop();
    sim.run(12 * et);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
        LinearizabilityChecker.DEFAULT_BUDGET);
    return new Outcome(sim, clients, r);
  }
}
