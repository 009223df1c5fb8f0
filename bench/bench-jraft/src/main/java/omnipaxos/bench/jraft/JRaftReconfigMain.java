package omnipaxos.bench.jraft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Ports;
import omnipaxos.bench.harness.ReconfigResult;
import omnipaxos.bench.harness.Setting;
import omnipaxos.bench.harness.WriteLoad;

/**
 * The reconfiguration benchmark for SOFAJRaft: {@code --mode quick|full --out DIR [--mib N,...]}, the
 * same trials as OmniPaxos' {@code ReconfigMain}: three nodes (memory setting: RocksDB log without
 * fsync, Bolt on loopback, no snapshots configured, as in the main benchmark) filled with N MiB of 1 KiB
 * values, a steady load of 1,000 writes/s, then a new node 4 (started with an empty configuration) is
 * added with {@code Node.addPeer} at the leader (again while JRaft answers ECATCHUP) and a follower
 * removed with {@code removePeer}. The
 * catch-up time is from the {@code addPeer} call until node 4 is a voter that applied the leader's
 * commit index at the call. Writes {@code jraft-reconfig.csv}.
 */
public final class JRaftReconfigMain {

  private static final int ENTRY_BYTES = 1024;
  private static final int CLIENTS = 4;
  private static final int CLIENT_RATE = 250;
  private static final long BEFORE_MS = 3_000;
  private static final long AFTER_MS = 2_000;
  private static final long LIMIT_MS = 300_000;
  private static final int MAX_ADD_ATTEMPTS = 50;

  private final String group = "reconfig-" + System.nanoTime();
  private final Map<PeerId, RaftGroupService> services = new LinkedHashMap<>();
  private final Map<PeerId, Node> nodes = new LinkedHashMap<>();

  private JRaftReconfigMain() {}

  /** Runs the sizes the command line asks for, prints a line per trial and writes the CSV, then exits. */
  public static void main(String[] args) throws Exception {
    String mode = "full";
    Path out = null;
    List<Integer> sizes = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--mib" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(s -> Integer.parseInt(s.trim()))
            .toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("usage: --mode quick|full --out DIR [--mib N,...]");
    }
    if (sizes == null) {
      sizes = mode.equals("quick") ? List.of(16) : List.of(100, 256);
    }
    int trials = mode.equals("full") ? 3 : 1;
    Files.createDirectories(out);
    List<String> lines = new ArrayList<>(List.of(ReconfigResult.HEADER));
    for (int mib : sizes) {
      for (int t = 0; t < trials; t++) {
        Path data = Files.createTempDirectory(out, "jraft-reconfig-");
        JRaftReconfigMain m = new JRaftReconfigMain();
        try {
          lines.add(m.run(mib, data).toCsv());
        } finally {
          m.close();
          BenchMain.deleteRecursively(data);
        }
      }
    }
    Files.write(out.resolve("jraft-reconfig.csv"), lines, StandardCharsets.UTF_8);
    System.exit(0);
  }

  private ReconfigResult run(int mib, Path data) throws Exception {
    List<PeerId> peers = Ports.free(4).stream().map(p -> new PeerId("127.0.0.1", p)).toList();
    Configuration conf = new Configuration(peers.subList(0, 3));
    for (PeerId p : peers.subList(0, 3)) {
      startNode(p, conf, data);
    }
    PeerId joining = peers.get(3);
    startNode(joining, new Configuration(), data);
    PeerId leader = awaitLeader(peers.get(0));
    fill(nodes.get(leader), (long) mib << 20);
    PeerId replaced = peers.subList(0, 3).stream().filter(p -> !p.equals(leader)).reduce((a, b) -> b).orElseThrow();
    Node observer = nodes.get(peers.subList(0, 3).stream().filter(p -> !p.equals(replaced)).findFirst().orElseThrow());
    try (WriteLoad load = new WriteLoad(v -> submit(nodes.get(observer.getLeaderId()), v), ENTRY_BYTES, CLIENT_RATE)) {
      load.start(CLIENTS);
      Thread.sleep(BEFORE_MS);
      WriteLoad.Phase before = load.nextPhase();
      Node l = nodes.get(leader);
      long target = l.getLastCommittedIndex();
      long t0 = System.nanoTime();
      int attempts = addPeer(l, joining);
      Node joined = nodes.get(joining);
      while (joined.getLastAppliedLogIndex() < target) {
        Thread.sleep(2);
      }
      double catchUpMs = (System.nanoTime() - t0) / 1e6;
      CompletableFuture<Status> removed = new CompletableFuture<>();
      nodes.get(observer.getLeaderId()).removePeer(replaced, removed::complete);
      check(removed.get(LIMIT_MS, TimeUnit.MILLISECONDS), "removePeer");
      double totalMs = (System.nanoTime() - t0) / 1e6;
      WriteLoad.Phase during = load.nextPhase();
      Thread.sleep(AFTER_MS);
      ReconfigResult r = new ReconfigResult("jraft", mib, catchUpMs, -1, -1, before, during);
      System.out.printf("%s (node 4 added in %d attempt(s) and caught up; %s removed after %.0f ms in all)%n",
          r.summary(), attempts, replaced, totalMs);
      return r;
    }
  }

  /**
   * Adds {@code peer} at {@code leader}, again as long as JRaft answers that it failed to catch up in
   * time (it allows an election timeout for the last entries), as an operator would; returns how many
   * calls it took.
   */
  private static int addPeer(Node leader, PeerId peer) throws Exception {
    for (int attempt = 1; ; attempt++) {
      CompletableFuture<Status> added = new CompletableFuture<>();
      leader.addPeer(peer, added::complete);
      Status s = added.get(LIMIT_MS, TimeUnit.MILLISECONDS);
      if (s.isOk()) {
        return attempt;
      }
      if (s.getRaftError() != com.alipay.sofa.jraft.error.RaftError.ECATCHUP || attempt == MAX_ADD_ATTEMPTS) {
        check(s, "addPeer");
      }
    }
  }

  private static void check(Status s, String what) {
    if (!s.isOk()) {
      throw new IllegalStateException(what + " failed: " + s);
    }
  }

  private void startNode(PeerId peer, Configuration conf, Path data) throws Exception {
    Path dir = data.resolve("node-" + peer.getPort());
    Files.createDirectories(dir.resolve("log"));
    Files.createDirectories(dir.resolve("meta"));
    NodeOptions o = JRaftSystem.nodeOptions(Setting.MEMORY, new ClusterOptions(dir, 1_000));
    o.setFsm(new JRaftCluster.EmptyStateMachine());
    o.setLogUri(dir.resolve("log").toString());
    o.setRaftMetaUri(dir.resolve("meta").toString());
    o.setInitialConf(conf.copy());
    RpcServer rpc = RpcFactoryHelper.rpcFactory().createRpcServer(peer.getEndpoint());
    RaftRpcServerFactory.addRaftRequestProcessors(rpc);
    RaftGroupService service = new RaftGroupService(group, peer, o, rpc);
    services.put(peer, service);
    nodes.put(peer, service.start());
  }

  private PeerId awaitLeader(PeerId asked) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      PeerId l = nodes.get(asked).getLeaderId();
      if (l != null && !l.isEmpty()) {
        try {
          submit(nodes.get(l), new byte[1]).get(5, TimeUnit.SECONDS);
          return l;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          // Leadership moved while the first write was in flight: look again.
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no leader");
  }

  private static void fill(Node leader, long bytes) throws InterruptedException {
    Semaphore window = new Semaphore(256);
    for (long i = bytes / ENTRY_BYTES; i > 0; i--) {
      window.acquire();
      leader.apply(new Task(ByteBuffer.wrap(new byte[ENTRY_BYTES]), s -> window.release()));
    }
    window.acquire(256);
  }

  private static CompletableFuture<?> submit(Node node, byte[] value) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    node.apply(new Task(ByteBuffer.wrap(value), s -> {
      if (s.isOk()) {
        f.complete(null);
      } else {
        f.completeExceptionally(new IllegalStateException(s.toString()));
      }
    }));
    return f;
  }

  private void close() throws InterruptedException {
    services.values().forEach(RaftGroupService::shutdown);
    for (RaftGroupService s : services.values()) {
      s.join();
    }
  }
}
