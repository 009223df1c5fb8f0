package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;
import org.junit.jupiter.api.Test;

/**
 * Lease reads under faults: key-value clients read under leader leases (writes and fallback reads go
 * through the log) while the leader is isolated, partitioned away with a minority, cut off in one
 * direction, or crashed, so leaders change under running reads. Every node ticks at its own rate
 * ({@code tickMs ± tickDriftMs}). Each history is checked for linearizability.
 *
 * <p>Within the configured drift bound every seed must be linearizable. The negative test runs the same
 * schedule with tick rates that differ far more than the configured bound claims: a slow old leader
 * then still believes in its lease after fast followers elected a new leader that decided writes, and
 * the checker must find the stale reads.
 */
class LeaseReadSimulationTest {

  private static final int TICK_MS = 10;
  private static final int HOLD_TICKS = 10;

  /** Tick periods in [9, 11] ms differ by at most 11/9 - 1 = 22%, within the configured 25%. */
  @Test
  void leaseReadsAreLinearizableWithinTheDriftBound() {
    int seeds = Integer.getInteger("lease.seeds", 60);
    long served = 0;
    long fellBack = 0;
    double slowest = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      Outcome o = run(seed, 1, 25);
      if (!o.result.linearizable()) {
        throw o.sim.failure("seed " + seed + ": lease reads not linearizable: " + o.result.report(), null);
      }
      served += o.clients.leaseReadsServed();
      fellBack += o.clients.leaseReadsFallenBack();
      slowest = Math.max(slowest, o.recovery);
    }
    System.out.printf("lease reads: %d seeds, %d served under a lease, %d fell back to the log; slowest final"
        + " recovery %.2f election timeouts%n", seeds, served, fellBack, slowest);
    assertThat(served).as("lease reads served").isGreaterThan(50L * seeds);
  }

  /**
   * A slow leader (11 ms ticks) and fast followers (9 ms ticks), 22% apart, within the configured 25%:
   * the leader is isolated again and again while clients read at it and write at the new leader.
   */
  @Test
  void slowLeaderIsolatedWithinTheBoundServesNoStaleRead() {
    long served = 0;
    for (long seed = 1; seed <= 6; seed++) {
      Outcome o = isolateSlowLeader(seed, 11, 9, 25);
      if (!o.result.linearizable()) {
        throw o.sim.failure("seed " + seed + ": lease reads not linearizable: " + o.result.report(), null);
      }
      served += o.clients.leaseReadsServed();
    }
    assertThat(served).isGreaterThan(100);
  }

  /**
   * The negative test: the same schedule with the leader ticking every 20 ms and its followers every
   * 5 ms (a 300% difference) while the configuration claims 0% drift. The followers' hold and their
   * elections run out long before the leader's lease does, a new leader decides writes, and the isolated
   * old leader still answers reads from its lease: the checker must reject those histories.
   */
  @Test
  void driftBeyondTheBoundProducesStaleReadsTheCheckerFinds() {
    List<Long> failing = new ArrayList<>();
    for (long seed = 1; seed <= 10; seed++) {
      Outcome o = isolateSlowLeader(seed, 30, 4, 0);
      if (!o.result.linearizable()) {
        if (failing.isEmpty()) {
          System.out.println("seed " + seed + ": " + o.result.report());
        }
        failing.add(seed);
      }
    }
    System.out.printf("drift beyond the bound: %d of 10 seeds not linearizable: %s%n", failing.size(), failing);
    assertThat(failing).as("seeds whose stale lease reads the checker caught").isNotEmpty();
  }

  private static Outcome isolateSlowLeader(long seed, int leaderTickMs, int followerTickMs, int claimedDrift) {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(3).priority(1, 10)
        .tickMs(TICK_MS).tickPeriodMs(1, leaderTickMs).tickPeriodMs(2, followerTickMs).tickPeriodMs(3, followerTickMs)
        .server(b -> b.leaseTicks(HOLD_TICKS).maxClockDriftPercent(claimedDrift))
        .build());
    KvClients<Long, List<Long>> clients = KvClients.startWithLeaseReads(sim,
        new KvWorkload(6, 1, 2, 300, 0.6, 0.1, 0.0), true);
    for (int round = 0; round < 8; round++) {
      sim.runUntil(() -> sim.leader().orElse(0) == 1 && sim.node(1).status().leaseHeld(), 3000);
      sim.run(100);
      sim.note("isolate leader 1");
      sim.isolate(1);
      sim.run(400);
      sim.reconnect(1);
    }
    clients.stop();
    sim.run(3000);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
        LinearizabilityChecker.DEFAULT_BUDGET);
    return new Outcome(sim, clients, r, 0);
  }

  /**
   * Leadership handover while the old leader holds its lease: node 1 (highest priority) is cut off until
   * another node leads with a lease, then comes back and takes over at once, while its Sequence Paxos
   * messages to the old leader are held back (so the old leader does not step down on its Prepare).
   * The Prepare reaches the remaining follower a moment after it heard the old leader; only that
   * follower's hold keeps the new leader from deciding writes while the old one still serves lease
   * reads. (With the hold removed from the core, this test finds stale reads.)
   */
  @Test
  void takeoverByAHigherPriorityNodeWaitsForTheHold() {
    long served = 0;
    for (long seed = 1; seed <= 5; seed++) {
      Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(3).priority(1, 10)
          .tickMs(TICK_MS).server(b -> b.leaseTicks(HOLD_TICKS).maxClockDriftPercent(10)).build());
      KvClients<Long, List<Long>> clients = KvClients.startWithLeaseReads(sim,
          new KvWorkload(4, 1, 2, 300, 0.6, 0.1, 0.0), true);
      for (int round = 0; round < 4; round++) {
        sim.isolate(1);
        List<Long> rest = List.of(2L, 3L);
        sim.runUntil(() -> sim.agreedLeader(rest, 1).isPresent()
            && sim.node(sim.agreedLeader(rest, 1).getAsLong()).status().leaseHeld(), 3000);
        long old = sim.agreedLeader(rest, 1).orElseThrow();
        sim.run(50);
        sim.note("reconnect node 1, which takes over; its Paxos messages to " + old + " are held");
        sim.holdWhere(m -> m.from() == 1 && m.to() == old && m instanceof omnipaxos.core.Message.Paxos);
        sim.reconnect(1);
        sim.run(300);
        sim.holdWhere(m -> false);
        sim.release(m -> true);
        sim.runUntil(() -> sim.leader().orElse(0) == 1 && sim.node(1).status().leaseHeld(), 3000);
        sim.run(100);
      }
      clients.stop();
      sim.run(1000);
      CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
          LinearizabilityChecker.DEFAULT_BUDGET);
      if (!r.linearizable()) {
        throw sim.failure("seed " + seed + ": lease reads not linearizable: " + r.report(), null);
      }
      served += clients.leaseReadsServed();
    }
    assertThat(served).isGreaterThan(50);
  }

  private record Outcome(Simulator<Long, List<Long>> sim, KvClients<Long, List<Long>> clients,
      CheckResult<KvOp, KvResult> result, double recovery) {}

  private static Outcome run(long seed, int tickDriftMs, int claimedDriftPercent) {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(seed).nodes(seed % 4 == 0 ? 5 : 3)
        .tickMs(TICK_MS).tickDriftMs(tickDriftMs)
        .server(b -> b.leaseTicks(HOLD_TICKS).maxClockDriftPercent(claimedDriftPercent))
        .build());
    long et = sim.electionTimeoutMs();
    KvClients<Long, List<Long>> clients = KvClients.startWithLeaseReads(sim,
        new KvWorkload(4, 2, 5, 10 * et, 0.6, 0.1, 0.05), false);
    SplittableRandom rnd = new SplittableRandom(seed * 7919);
    sim.run(5 * et);
    for (int round = 0; round < 4; round++) {
      long leader = sim.leader().orElse(sim.pids().get(rnd.nextInt(sim.pids().size())));
      LeaderFaults.inject(sim, rnd, leader, et);
      sim.run(3 * et + rnd.nextLong(3 * et));
    }
    // Liveness: deferred Prepares are resent, so a leader with progress returns once holds run out.
    double recovery = sim.awaitStableProgress(20 * et, 2 * et).electionTimeouts();
    clients.stop();
    sim.run(12 * et);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(clients.checkableOperations(),
        LinearizabilityChecker.DEFAULT_BUDGET);
    return new Outcome(sim, clients, r, recovery);
  }
}
