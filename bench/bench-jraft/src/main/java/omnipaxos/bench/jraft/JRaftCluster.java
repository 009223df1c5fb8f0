package omnipaxos.bench.jraft;

import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Ports;
import omnipaxos.bench.harness.Profile;
import omnipaxos.bench.harness.Setting;

/** Three JRaft nodes in this JVM, each with its own Bolt server on a loopback port and a RocksDB log. */
final class JRaftCluster implements BenchCluster {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String group = "bench-" + System.nanoTime();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, RaftGroupService> services = new LinkedHashMap<>();
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();
  private volatile String leader;

  static JRaftCluster start(Setting setting, ClusterOptions options, Profile profile) throws Exception {
    JRaftCluster c = new JRaftCluster();
    try {
      c.build(setting, options, profile);
      c.awaitLeader();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void build(Setting setting, ClusterOptions options, Profile profile) throws IOException {
    List<Integer> ports = Ports.free(3);
    Configuration conf = new Configuration();
    for (int port : ports) {
      conf.addPeer(new PeerId("127.0.0.1", port));
    }
    for (PeerId peer : conf.getPeers()) {
      String name = peer.getEndpoint().toString();
      Path dir = options.dataDir().resolve("node-" + peer.getPort());
      Files.createDirectories(dir.resolve("log"));
      Files.createDirectories(dir.resolve("meta"));
      NodeOptions o = JRaftSystem.nodeOptions(setting, options, profile);
      o.setFsm(new EmptyStateMachine());
      o.setLogUri(dir.resolve("log").toString());
      o.setRaftMetaUri(dir.resolve("meta").toString());
      o.setInitialConf(conf.copy());
      RpcServer rpc = new CrashableRpcServer(RpcFactoryHelper.rpcFactory().createRpcServer(peer.getEndpoint()),
          crashed);
      RaftRpcServerFactory.addRaftRequestProcessors(rpc);
      RaftGroupService service = new RaftGroupService(group, peer, o, rpc);
      services.put(name, service);
      nodes.put(name, service.start());
    }
  }

  /** Applies nothing and completes every task's closure. */
  static final class EmptyStateMachine extends StateMachineAdapter {
    @Override
    public void onApply(Iterator it) {
      while (it.hasNext()) {
        if (it.done() != null) {
          it.done().run(Status.OK());
        }
        it.next();
      }
    }
  }

  private void awaitLeader() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      PeerId agreed = null;
      boolean all = true;
      for (Node n : nodes.values()) {
        PeerId l = n.getLeaderId();
        if (l == null || l.isEmpty() || (agreed != null && !agreed.equals(l))) {
          all = false;
          break;
        }
        agreed = l;
      }
      if (all && agreed != null) {
        String name = agreed.getEndpoint().toString();
        try {
          submit(name, new byte[1]).get(5, TimeUnit.SECONDS);
          leader = name;
          return;
        } catch (ExecutionException | TimeoutException e) {
          // Leadership moved on while the write was in flight: look again.
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no leader after " + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s");
  }

  @Override
  public List<String> nodes() {
    return List.copyOf(nodes.keySet());
  }

  @Override
  public String leader() {
    return leader;
  }

  @Override
  public CompletableFuture<?> submit(String node, byte[] payload) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    nodes.get(node).apply(new Task(ByteBuffer.wrap(payload), status -> {
      if (status.isOk()) {
        f.complete(null);
      } else {
        f.completeExceptionally(new IllegalStateException(status.toString()));
      }
    }));
    return f;
  }

  @Override
  public void kill(String node) throws InterruptedException {
    crashed.add(node);
    RaftGroupService s = services.remove(node);
    s.shutdown();
    s.join();
  }

  @Override
  public void close() throws InterruptedException {
    for (RaftGroupService s : services.values()) {
      s.shutdown();
    }
    for (RaftGroupService s : services.values()) {
      s.join();
    }
    services.clear();
  }
}
