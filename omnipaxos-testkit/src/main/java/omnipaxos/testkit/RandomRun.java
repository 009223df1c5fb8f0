package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Snapshotter;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.KvResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;

/**
 * One randomized simulation, fully determined by its seed. The seed picks the cluster (3, 4, 5 or 7
 * nodes, sometimes flexible quorums and priorities), timeouts, batching, snapshots, clock drift and
 * link profiles. Then:
 *
 * <ol>
 *   <li><b>chaos</b>: key-value clients run while faults of every {@link FaultKind} are injected at
 *       random and undone after a while, with trims, snapshots and reconfigurations in between;
 *   <li><b>heal</b>: every link comes back, loss stops, crashed nodes restart, clients stop;
 *   <li><b>liveness</b>: within {@link Shape#livenessBound} election timeouts every node of the
 *       newest configuration follows one leader and a new entry is decided everywhere, and the
 *       leader stays for {@link Shape#stableWindow} more election timeouts;
 *   <li><b>linearizability</b>: the clients' history is checked (a history too large for the search
 *       budget is counted as {@link Stat#HISTORIES_UNCHECKED}, not failed).
 * </ol>
 *
 * Safety invariants are checked after every step throughout. A violation throws {@link
 * SimulationFailure}.
 */
public final class RandomRun {

  /**
   * How long the phases of a run last, in election timeouts.
   *
   * @param chaos length of the chaos phase
   * @param livenessBound how long recovery may take after the heal
   * @param stableWindow how long the recovered leader must stay
   */
  public record Shape(int chaos, int livenessBound, int stableWindow) {
    /** The shape used by the CI sweep. */
    public static Shape ci() {
      return new Shape(40, 40, 10);
    }
  }

  /**
   * What one run did.
   *
   * @param seed the seed
   * @param nodes nodes in the first configuration
   * @param steps simulation steps
   * @param virtualMs virtual time simulated
   * @param stats counters, faults included
   * @param recovery recovery after the heal
   * @param kvOperations key-value operations in the checked history
   * @param setup the parameters the seed chose, readable
   */
  public record Report(
      long seed,
      int nodes,
      long steps,
      long virtualMs,
      SimStats stats,
      Simulator.Recovery recovery,
      int kvOperations,
      String setup) {}

  private final Simulator<Long, List<Long>> sim;
  private final SplittableRandom random;
  private final Shape shape;
  private final String setup;
  private boolean chaosOver;
  private int reconfigurationsLeft;
  private long meanFaultGapMs;

  private RandomRun(long seed, Shape shape, int traceCapacity) {
    this.shape = shape;
    SplittableRandom p = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int n = pick(p, new int[] {3, 5, 4, 7}, new double[] {0.45, 0.40, 0.07, 0.08});
    int electionTicks = p.nextBoolean() ? 5 : 10;
    int resendTicks = electionTicks * (1 + p.nextInt(3));
    int flushTicks = pick(p, new int[] {1, 5, 10}, new double[] {0.3, 0.4, 0.3});
    int batch = p.nextDouble() < 0.7 ? 1 : 2 + p.nextInt(4);
    boolean snapshots = p.nextDouble() < 0.7;
    Snapshotter<Long, List<Long>> snapshotter =
        snapshots ? new ListSnapshotter<>() : Snapshotter.disabled();
    SimOptions.Builder<Long, List<Long>> b =
        SimOptions.builder(seed, EntryCodec.longs(), snapshotter)
            .nodes(n)
            .tickMs(10)
            .server(s -> s.electionTickTimeout(electionTicks).resendMessageTickTimeout(resendTicks)
                .flushBatchTickTimeout(flushTicks).batchSize(batch))
            .maxFlushDelayMs(pick(p, new int[] {0, 1, 3}, new double[] {0.3, 0.4, 0.3}))
            .notifyReconnect(p.nextDouble() < 0.85)
            .traceCapacity(traceCapacity);
    StringBuilder desc = new StringBuilder();
    desc.append(n).append(" nodes, election ").append(electionTicks).append(" ticks, resend ")
        .append(resendTicks).append(", batch ").append(batch)
        .append(snapshots ? ", snapshots" : ", no snapshots");
    if (n >= 4 && p.nextDouble() < 0.2) {
      int w = 2 + p.nextInt((n + 1) / 2 - 1);
      b.flexibleQuorum(n - w + 1, w);
      desc.append(", flexible quorum read ").append(n - w + 1).append(" write ").append(w);
    }
    if (p.nextDouble() < 0.2) {
      for (long pid = 1; pid <= n; pid++) {
        b.priority(pid, p.nextInt(3));
      }
      desc.append(", priorities");
    }
    if (p.nextDouble() < 0.3) {
      b.tickDriftMs(1);
      desc.append(", drift");
    }
    if (p.nextDouble() < 0.3) {
      // Everything leaves after the flush, so messages of several events merge (as in the runtime's
      // batches).
      b.sendBeforeFlush(false);
      desc.append(", send after flush");
    }
    LinkProfile link = randomLink(p);
    b.link(link);
    desc.append(", links ").append(link);
    this.sim = Simulator.of(b.build());
    if (p.nextDouble() < 0.3) {
      for (long from = 1; from <= n; from++) {
        for (long to = 1; to <= n; to++) {
          if (from != to) {
            sim.setLink(from, to, randomLink(p));
          }
        }
      }
      desc.append(" (varied per link)");
    }
    this.reconfigurationsLeft = p.nextDouble() < 0.3 ? 2 : 0;
    this.meanFaultGapMs =
        sim.electionTimeoutMs() * pick(p, new int[] {2, 4, 8}, new double[] {0.3, 0.4, 0.3});
    this.random = sim.random().split();
    this.setup = desc.toString();
  }

  private static LinkProfile randomLink(SplittableRandom p) {
    DelayDistribution delay = switch (p.nextInt(4)) {
      case 0 -> new DelayDistribution.Uniform(1, 3);
      case 1 -> new DelayDistribution.Uniform(1, 10);
      case 2 -> new DelayDistribution.Uniform(2, 25);
      default -> new DelayDistribution.LongTail(1, 8, 0.05, 80);
    };
    double loss = pick(p, new double[] {0, 0.01, 0.05, 0.15}, new double[] {0.4, 0.3, 0.2, 0.1});
    double dup = pick(p, new double[] {0, 0.02, 0.1}, new double[] {0.5, 0.3, 0.2});
    return new LinkProfile(delay, loss, dup);
  }

  private static int pick(SplittableRandom r, int[] values, double[] weights) {
    double x = r.nextDouble();
    for (int i = 0; i < values.length - 1; i++) {
      x -= weights[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static double pick(SplittableRandom r, double[] values, double[] weights) {
    double x = r.nextDouble();
    for (int i = 0; i < values.length - 1; i++) {
      x -= weights[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  /** Runs seed {@code seed}. @throws SimulationFailure on any violation */
  public static Report run(long seed, Shape shape) {
    return run(seed, shape, 600);
  }

  /**
   * Runs seed {@code seed}, keeping the last {@code traceCapacity} events for the failure report.
   */
  public static Report run(long seed, Shape shape, int traceCapacity) {
    return new RandomRun(seed, shape, traceCapacity).execute();
  }

  private Report execute() {
    long et = sim.electionTimeoutMs();
    sim.note("setup: " + setup);
    KvClients<Long, List<Long>> clients = KvClients.start(sim, new KvWorkload(1 + random.nextInt(4),
        1 + random.nextInt(3), random.nextInt(40), 10 * et, 0.3, 0.2, 0.1));
    sim.after(random.nextLong(meanFaultGapMs + 1), "fault", this::injectFault);
    sim.after(random.nextLong(5 * et + 1), "admin", this::adminOperation);
    sim.run(shape.chaos() * et);
    chaosOver = true;
    clients.stop();
    sim.fault(FaultKind.HEAL);
    sim.cancelPendingFaults();
    sim.heal();
    sim.setLossEverywhere(0);
    for (long pid : sim.pids()) {
      sim.restart(pid);
    }
    Simulator.Recovery recovery =
        sim.awaitStableProgress(shape.livenessBound() * et, shape.stableWindow() * et);
    sim.run(10 * et);
    CheckResult<KvOp, KvResult> lin = LinearizabilityChecker.checkKv(clients.checkableOperations(),
        LinearizabilityChecker.DEFAULT_BUDGET);
    if (lin.verdict() == CheckResult.Verdict.UNKNOWN) {
      sim.stats().count(Stat.HISTORIES_UNCHECKED);
    } else if (!lin.linearizable()) {
      throw sim.failure("the key-value history is not linearizable: " + lin.report(), null);
    }
    return new Report(
        sim.seed(),
        sim.options().pids().size(),
        sim.steps(),
        sim.now(),
        sim.stats(),
        recovery,
        clients.invoked(),
        setup);
  }

  // ---------------------------------------------------------------------------------------------
  // Faults
  // ---------------------------------------------------------------------------------------------

  private void injectFault() {
    if (chaosOver) {
      return;
    }
    long et = sim.electionTimeoutMs();
    long hold = et + random.nextLong(15 * et);
    List<Long> members = sim.latestConfig().nodes();
    FaultKind kind = FaultKind.values()[random.nextInt(FaultKind.HEAL.ordinal())];
    boolean injected = switch (kind) {
      case CRASH -> crash(members, hold, false);
      case CRASH_BEFORE_FLUSH -> crash(members, hold, true);
      case STORAGE_FAILURE -> storageFailure(members);
      case CUT_ONE_WAY -> cutOneWay(members, hold);
      case CUT_TWO_WAY -> cutTwoWay(members, hold);
      case PARTITION -> partition(members, hold);
      case PARTIAL_CONNECTIVITY -> partial(members, hold);
      case ISOLATE_LEADER -> isolateLeader(members, hold);
      case QUORUM_LOSS -> quorumLoss(members, hold);
      case CONSTRAINED_ELECTION -> constrainedElection(members, hold);
      case CHAINED -> chained(members, hold);
      case FLAPPING_LINK -> flapping(members, hold);
      case LOSS_BURST -> lossBurst(members, hold);
      default -> false;
    };
    if (injected) {
      sim.fault(kind);
    }
    sim.after(random.nextLong(2 * meanFaultGapMs + 1), "fault", this::injectFault);
  }

  /**
   * Runs {@code undo} after {@code hold} unless the chaos is over (the heal undoes everything
   * then).
   */
  private void later(long hold, String label, Runnable undo) {
    sim.after(hold, label, () -> {
      if (!chaosOver) {
        undo.run();
      }
    });
  }

  private long any(List<Long> pids) {
    return pids.get(random.nextInt(pids.size()));
  }

  private long other(List<Long> pids, long not) {
    List<Long> rest = new ArrayList<>(pids);
    rest.remove(not);
    return any(rest);
  }

  private long leaderOr(List<Long> members) {
    OptionalLong l = sim.leader();
    return l.isPresent() && members.contains(l.getAsLong()) ? l.getAsLong() : any(members);
  }

  private boolean crash(List<Long> members, long hold, boolean beforeFlush) {
    List<Long> up = new ArrayList<>(members);
    up.removeIf(p -> !sim.isUp(p));
    if (up.isEmpty()) {
      return false;
    }
    long p = any(up);
    if (beforeFlush) {
      sim.crashBeforeFlush(p);
    } else {
      sim.crash(p);
    }
    later(hold, "restart", () -> sim.restart(p));
    return true;
  }

  private boolean storageFailure(List<Long> members) {
    long p = any(members);
    if (!sim.isUp(p)) {
      return false;
    }
    sim.failNextWrite(p);
    return true;
  }

  private boolean cutOneWay(List<Long> members, long hold) {
    long a = any(members);
    long b = other(members, a);
    sim.cut(a, b);
    later(hold, "restore", () -> sim.restore(a, b));
    return true;
  }

  private boolean cutTwoWay(List<Long> members, long hold) {
    long a = any(members);
    long b = other(members, a);
    sim.cutBoth(a, b);
    later(hold, "restore", () -> sim.restoreBoth(a, b));
    return true;
  }

  private boolean partition(List<Long> members, long hold) {
    List<Long> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
    int k = 1 + random.nextInt(shuffled.size() - 1);
    List<Link> cut =
        sim.partition(List.of(shuffled.subList(0, k), shuffled.subList(k, shuffled.size())));
    later(hold, "heal partition", () -> sim.restore(cut));
    return true;
  }

  private boolean partial(List<Long> members, long hold) {
    List<Link> cut = new ArrayList<>();
    for (long a : members) {
      for (long b : members) {
        if (a < b && random.nextDouble() < 0.3) {
          int how = random.nextInt(3);
          if (how != 1) {
            sim.cut(a, b);
            cut.add(new Link(a, b));
          }
          if (how != 0) {
            sim.cut(b, a);
            cut.add(new Link(b, a));
          }
        }
      }
    }
    later(hold, "restore links", () -> sim.restore(cut));
    return !cut.isEmpty();
  }

  private boolean isolateLeader(List<Long> members, long hold) {
    long l = leaderOr(members);
    sim.isolate(l);
    later(hold, "reconnect", () -> sim.reconnect(l));
    return true;
  }

  /** Everyone but {@code c} loses the links among themselves; {@code c} stays connected to all. */
  private boolean quorumLoss(List<Long> members, long hold) {
    long l = leaderOr(members);
    long c = other(members, l);
    List<Long> rest = new ArrayList<>(members);
    rest.remove(c);
    List<Link> cut = cutAmong(rest);
    later(hold, "end quorum loss", () -> sim.restore(cut));
    return true;
  }

  private List<Link> cutAmong(List<Long> group) {
    List<Link> cut = new ArrayList<>();
    for (long a : group) {
      for (long b : group) {
        if (a != b) {
          sim.cut(a, b);
          cut.add(new Link(a, b));
        }
      }
    }
    return cut;
  }

  /**
   * A follower is cut from the leader, then the leader is isolated and the others keep links only
   * to it.
   */
  private boolean constrainedElection(List<Long> members, long hold) {
    long l = leaderOr(members);
    long f = other(members, l);
    sim.cutBoth(l, f);
    List<Link> cut = new ArrayList<>(List.of(new Link(l, f), new Link(f, l)));
    long delay = random.nextLong(3 * sim.electionTimeoutMs() + 1);
    sim.after(delay, "constrain", () -> {
      if (chaosOver) {
        return;
      }
      List<Long> rest = new ArrayList<>(members);
      rest.remove(f);
      cut.addAll(cutAmong(rest));
      later(hold, "end constrained election", () -> sim.restore(cut));
    });
    return true;
  }

  private boolean chained(List<Long> members, long hold) {
    long l = leaderOr(members);
    long b = other(members, l);
    sim.cutBoth(l, b);
    later(hold, "end chained", () -> sim.restoreBoth(l, b));
    return true;
  }

  private boolean flapping(List<Long> members, long hold) {
    long a = any(members);
    long b = other(members, a);
    long end = sim.now() + hold;
    flap(a, b, end, true);
    return true;
  }

  private void flap(long a, long b, long end, boolean down) {
    if (chaosOver) {
      return;
    }
    if (down) {
      sim.cutBoth(a, b);
    } else {
      sim.restoreBoth(a, b);
    }
    if (!down && sim.now() >= end) {
      return;
    }
    long period = 10 + random.nextLong(sim.electionTimeoutMs());
    sim.after(period, "flap", () -> flap(a, b, end, !down));
  }

  private boolean lossBurst(List<Long> members, long hold) {
    long p = any(members);
    for (long q : members) {
      if (q != p) {
        sim.startLossBurst(p, q);
        sim.startLossBurst(q, p);
      }
    }
    later(hold, "end loss burst", () -> {
      for (long q : members) {
        if (q != p) {
          sim.endLossBurst(p, q);
          sim.endLossBurst(q, p);
        }
      }
    });
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Trims, snapshots, reconfigurations
  // ---------------------------------------------------------------------------------------------

  private void adminOperation() {
    if (chaosOver) {
      return;
    }
    List<Long> members = sim.latestConfig().nodes();
    double r = random.nextDouble();
    if (r < 0.4) {
      sim.fault(FaultKind.SNAPSHOT);
      sim.snapshot(any(members), random.nextBoolean());
    } else if (r < 0.8) {
      sim.fault(FaultKind.TRIM);
      sim.trim(leaderOr(members));
    } else if (reconfigurationsLeft > 0) {
      reconfigurationsLeft--;
      sim.fault(FaultKind.RECONFIGURE);
      sim.reconfigure(any(members), nextConfig(sim.latestConfig()));
    }
    sim.after(random.nextLong(10 * sim.electionTimeoutMs() + 1), "admin", this::adminOperation);
  }

  /** The same nodes, one removed or one new added, with the next configuration id. */
  private ClusterConfig nextConfig(ClusterConfig c) {
    List<Long> nodes = new ArrayList<>(c.nodes());
    int choice = random.nextInt(3);
    if (choice == 1 && nodes.size() > 3) {
      nodes.remove(random.nextInt(nodes.size()));
    } else if (choice == 2 && nodes.size() < 7) {
      long max = 0;
      for (long p : sim.pids()) {
        max = Math.max(max, p);
      }
      nodes.add(max + 1);
    }
    return ClusterConfig.of(c.configurationId() + 1, nodes);
  }
}
