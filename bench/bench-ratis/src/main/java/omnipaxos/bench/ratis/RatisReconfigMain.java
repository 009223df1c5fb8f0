package omnipaxos.bench.ratis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.ReconfigResult;
import omnipaxos.bench.harness.Setting;
import omnipaxos.bench.harness.WriteLoad;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;

/**
 * The reconfiguration benchmark for Apache Ratis, {@code --mode quick|full|smoke --out DIR
 * [--mib N,...]}: the same trials as OmniPaxos' {@code ReconfigMain}. Three servers (memory
 * setting: the in-memory log, gRPC on loopback, the state machine of the main benchmark, which
 * takes no snapshots) are filled with N MiB of 1 KiB values; under a steady load of 1,000 writes/s
 * a new server 4 (started knowing no peers) replaces a follower by one {@code setConfiguration}
 * through the admin API. Ratis stages the new server, replays it the log, and commits the joint and
 * then the new configuration (the call is repeated if it fails, as an operator would). The catch-up
 * time is from the call until it returned and server 4 applied the leader's commit index at the
 * call. Writes {@code ratis-reconfig.csv}.
 */
public final class RatisReconfigMain {

  private static final int ENTRY_BYTES = 1024;
  private static final int CLIENTS = 4;
  private static final int CLIENT_RATE = 250;
  private static final long BEFORE_MS = 3_000;
  private static final long AFTER_MS = 2_000;
  private static final int MAX_ATTEMPTS = 50;
  private static final String JOINING = "n4";

  private RatisReconfigMain() {}

  /** Runs the sizes the command line asks for, prints a line per trial, writes the CSV, exits. */
  public static void main(String[] args) throws Exception {
    String mode = "full";
    Path out = null;
    List<Integer> sizes = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--mib" -> sizes = Arrays.stream(args[++i].split(","))
            .map(s -> Integer.parseInt(s.trim())).toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
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
        Path data = Files.createTempDirectory(out, "ratis-reconfig-");
        try {
          lines.add(run(mib, data).toCsv());
        } finally {
          BenchMain.deleteRecursively(data);
        }
      }
    }
    Files.write(out.resolve("ratis-reconfig.csv"), lines, StandardCharsets.UTF_8);
    System.exit(0);
  }

  /** One replacement with {@code mib} MiB in the store, the servers' files in {@code data}. */
  static ReconfigResult run(int mib, Path data) throws Exception {
    RatisSystem system = new RatisSystem();
    ClusterOptions options = new ClusterOptions(data, 1_000);
    try (RatisCluster c = RatisCluster.start(Setting.MEMORY, options, system::properties)) {
      String leader = c.leader();
      fill(c, leader, (long) mib << 20);
      List<RaftPeer> old = c.group().getPeers().stream().toList();
      RaftPeer replaced = old.stream().filter(p -> !p.getId().toString().equals(leader))
          .reduce((a, b) -> b).orElseThrow();
      List<RaftPeer> next = new ArrayList<>(old.stream().filter(p -> p != replaced).toList());
      next.add(c.startJoining(JOINING));
      try (RaftClient admin = adminClient(c, leader);
          WriteLoad load = new WriteLoad(v -> c.submit(c.currentLeader(), v), ENTRY_BYTES,
              CLIENT_RATE)) {
        load.start(CLIENTS);
        Thread.sleep(BEFORE_MS);
        WriteLoad.Phase before = load.nextPhase();
        long target = c.division(c.currentLeader()).getRaftLog().getLastCommittedIndex();
        long t0 = System.nanoTime();
        int attempts = setConfiguration(admin, next);
        RaftServer.Division joined = c.division(JOINING);
        while (joined.getInfo().getLastAppliedIndex() < target) {
          Thread.sleep(2);
        }
        double catchUpMs = (System.nanoTime() - t0) / 1e6;
        WriteLoad.Phase during = load.nextPhase();
        Thread.sleep(AFTER_MS);
        ReconfigResult r = new ReconfigResult("ratis", mib, catchUpMs, -1, -1, before, during);
        System.out.printf("%s (%s replaced by %s in %d setConfiguration call(s), leader %s)%n",
            r.summary(), replaced.getId(), JOINING, attempts, leader);
        return r;
      }
    }
  }

  /** A client of the group as it started, for the admin call, which waits as long as it takes. */
  private static RaftClient adminClient(RatisCluster c, String leader) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(300, TimeUnit.SECONDS));
    return RaftClient.newBuilder().setRaftGroup(c.group()).setLeaderId(RaftPeerId.valueOf(leader))
        .setProperties(p).build();
  }

  /** Sets {@code next} as the peers, again while Ratis answers it failed; returns the calls. */
  private static int setConfiguration(RaftClient admin, List<RaftPeer> next) throws Exception {
    for (int attempt = 1; ; attempt++) {
      RaftClientReply reply = admin.admin().setConfiguration(next);
      if (reply.isSuccess()) {
        return attempt;
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException("setConfiguration failed: " + reply.getException());
      }
    }
  }

  private static void fill(RatisCluster c, String leader, long bytes) throws InterruptedException {
    Semaphore window = new Semaphore(256);
    for (long i = bytes / ENTRY_BYTES; i > 0; i--) {
      window.acquire();
      c.submit(leader, new byte[ENTRY_BYTES]).whenComplete((r, e) -> window.release());
    }
    window.acquire(256);
  }
}
