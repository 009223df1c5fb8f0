package omnipaxos.bench.reconfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.bench.harness.ReconfigResult;
import omnipaxos.bench.harness.WriteLoad;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.runtime.ReconfigurationRequest;

/**
 * The reconfiguration benchmark for OmniPaxos: {@code --mode quick|full --out DIR [--mib N,...]}. For
 * each data size (full: 100 and 256 MiB, three trials each; quick: 16 MiB once), a fresh in-memory cluster {1, 2, 3} is filled with that many MiB of 1 KiB values,
 * a steady write load of 1,000 writes/s starts, and after a measured "before" interval a follower is replaced by a new
 * server 4 (started empty, waiting to be added) with one reconfiguration request at the leader.
 * Measured: the time from the request until server 4 is a member that has decided at least what the
 * leader had decided when the request was made; the state bytes each old server served; client
 * throughput and p99 before and during the change. Writes {@code omnipaxos-reconfig.csv}.
 */
public final class ReconfigMain {

  private static final int ENTRY_BYTES = 1024;
  private static final int CLIENTS = 4;
  /** Writes per second of each client: 4 x 250 = 1,000 writes/s, 1 MiB/s of new data. */
  private static final int CLIENT_RATE = 250;
  private static final long BEFORE_MS = 3_000;
  /** How long the load goes on after the change, so that writes held up by it complete and count. */
  private static final long AFTER_MS = 2_000;
  private static final long LIMIT_MS = 300_000;

  private ReconfigMain() {}

  /** Runs the sizes the command line asks for, prints a line per size and writes the CSV, then exits. */
  public static void main(String[] args) throws Exception {
    String mode = "full";
    Path out = null;
    List<Integer> sizes = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--mib" -> sizes = parseSizes(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: --mode quick|full|smoke --out DIR [--mib N,...])");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("usage: --mode quick|full|smoke --out DIR [--mib N,...]");
    }
    if (sizes == null) {
      sizes = switch (mode) {
        case "smoke" -> List.of(1);
        case "quick" -> List.of(16);
        default -> List.of(100, 256);
      };
    }
    int trials = mode.equals("full") ? 3 : 1;
    Files.createDirectories(out);
    List<String> lines = new ArrayList<>(List.of(ReconfigResult.HEADER));
    for (int mib : sizes) {
      for (int t = 0; t < trials; t++) {
        lines.add(run(mib).toCsv());
      }
    }
    Files.write(out.resolve("omnipaxos-reconfig.csv"), lines, StandardCharsets.UTF_8);
    System.exit(0);
  }

  private static List<Integer> parseSizes(String s) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : s.split(",")) {
      sizes.add(Integer.parseInt(part.trim()));
    }
    return sizes;
  }

  /** One replacement with {@code mib} MiB in the store. */
  static ReconfigResult run(int mib) throws Exception {
    NodeConfig.Builder base = NodeConfig.builder().electionTimeoutMs(1_000).batchSize(1);
    List<Long> old = List.of(1L, 2L, 3L);
    try (ReconfigCluster c = new ReconfigCluster(base)) {
      old.forEach(p -> c.start(p, old));
      long leader = awaitLeader(c, old);
      fill(c.node(leader), (long) mib << 20);
      long replaced = old.stream().filter(p -> p != leader).reduce((a, b) -> b).orElseThrow();
      List<Long> next = new ArrayList<>(old.stream().filter(p -> p != replaced).toList());
      next.add(4L);
      AtomicLong current = new AtomicLong(leader);
      Thread tracker = trackLeader(c, next.get(0), current);
      c.join(4);
      try (WriteLoad load = new WriteLoad(v -> c.node(current.get()).appendDecided(v), ENTRY_BYTES, CLIENT_RATE)) {
        load.start(CLIENTS);
        Thread.sleep(BEFORE_MS);
        WriteLoad.Phase before = load.nextPhase();
        long target = c.node(leader).decidedIdx().get(5, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        c.node(leader).reconfigure(ReconfigurationRequest.with(next)).get(LIMIT_MS, TimeUnit.MILLISECONDS);
        awaitCaughtUp(c.node(next.get(0)), c.node(4), target, t0);
        double catchUpMs = (System.nanoTime() - t0) / 1e6;
        WriteLoad.Phase during = load.nextPhase();
        Thread.sleep(AFTER_MS);
        long leaderBytes = c.node(leader).membership().bytesServed();
        long total = old.stream().mapToLong(p -> c.node(p).membership().bytesServed()).sum();
        c.stop(replaced);
        ReconfigResult r = new ReconfigResult("omnipaxos", mib, catchUpMs, leaderBytes, total, before, during);
        System.out.println(r.summary() + " (server " + replaced + " replaced by 4, leader " + leader + ")");
        tracker.interrupt();
        return r;
      }
    }
  }

  private static long awaitLeader(ReconfigCluster c, List<Long> pids) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var l = c.leaderSeenBy(pids.get(0));
      if (l.isPresent()) {
        try {
          c.node(l.getAsLong()).appendDecided(new byte[1]).get(5, TimeUnit.SECONDS);
          return l.getAsLong();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          // Leadership moved while the first write was in flight: look again.
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no leader");
  }

  /** Writes {@code bytes} of 1 KiB values at {@code leader}, 256 at a time. */
  private static void fill(OmniPaxosNode<byte[], List<byte[]>> leader, long bytes) throws Exception {
    Semaphore window = new Semaphore(256);
    long n = bytes / ENTRY_BYTES;
    for (long i = 0; i < n; i++) {
      window.acquire();
      byte[] v = new byte[ENTRY_BYTES];
      v[0] = (byte) i;
      leader.appendDecided(v).whenComplete((x, e) -> window.release());
    }
    window.acquire(256);
  }

  /** Keeps {@code current} set to the leader that server {@code pid} follows, every 5 ms. */
  private static Thread trackLeader(ReconfigCluster c, long pid, AtomicLong current) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          c.leaderSeenBy(pid).ifPresent(current::set);
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // The node is between configurations: ask again.
        }
      }
    }, "leader-tracker");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits until {@code joined} is a member that decided {@code target}; prints when the old servers
   * switched and the last migration progress {@code joined} reported.
   */
  private static void awaitCaughtUp(OmniPaxosNode<byte[], List<byte[]>> old, OmniPaxosNode<byte[], List<byte[]>> joined,
      long target, long t0) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
    long switched = 0;
    Object progress = null;
    while (System.nanoTime() < deadline) {
      Membership m = joined.membership();
      if (m.migration().isPresent()) {
        progress = m.migration().get();
      }
      if (switched == 0 && old.membership().configuration().map(x -> x.configurationId() > 1).orElse(false)) {
        switched = System.nanoTime();
        System.out.printf("  old servers switched to configuration 2 after %.0f ms%n", (switched - t0) / 1e6);
      }
      if (m.state() == Membership.State.MEMBER && joined.decidedIdx().get(5, TimeUnit.SECONDS) >= target) {
        System.out.println("  last migration progress of server 4: " + progress);
        return;
      }
      Thread.sleep(2);
    }
    throw new TimeoutException("server 4 not caught up after " + LIMIT_MS + " ms: " + joined.membership());
  }
}
