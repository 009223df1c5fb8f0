package omnipaxos.bench.microraft;

import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.store.sqlite.RaftSqliteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
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
import omnipaxos.bench.harness.Setting;

/** Three MicroRaft nodes in this JVM, in memory with direct calls or on SQLite with loopback TCP. */
final class MicroRaftCluster implements BenchCluster {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final String GROUP = "bench";

  private final Map<RaftEndpoint, RaftNode> nodes = new ConcurrentHashMap<>();
  private final Map<String, RaftEndpoint> byName = new LinkedHashMap<>();
  private final Map<RaftEndpoint, TcpTransport> transports = new LinkedHashMap<>();
  private final Set<RaftEndpoint> killed = ConcurrentHashMap.newKeySet();
  private volatile RaftEndpoint leader;

  static MicroRaftCluster start(Setting setting, ClusterOptions options, RaftConfig config) throws Exception {
    MicroRaftCluster c = new MicroRaftCluster();
    try {
      c.build(setting, options, config);
      c.awaitLeader();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void build(Setting setting, ClusterOptions options, RaftConfig config) throws IOException {
    List<RaftEndpoint> members = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Ep ep = new Ep("n" + i);
      members.add(ep);
      byName.put(ep.id(), ep);
    }
    RaftModelFactory models = new DefaultRaftModelFactory();
    MicroRaftCodec codec = new MicroRaftCodec(models);
    Map<RaftEndpoint, InetSocketAddress> addresses = new LinkedHashMap<>();
    List<Integer> ports = setting == Setting.DURABLE ? Ports.free(3) : List.of();
    for (int i = 0; i < ports.size(); i++) {
      addresses.put(members.get(i), new InetSocketAddress("127.0.0.1", ports.get(i)));
    }
    for (RaftEndpoint ep : members) {
      RaftNode.RaftNodeBuilder b = RaftNode.newBuilder().setGroupId(GROUP).setLocalEndpoint(ep)
          .setInitialGroupMembers(members).setConfig(config).setModelFactory(models)
          .setStateMachine(new EmptyStateMachine());
      if (setting == Setting.MEMORY) {
        b.setTransport(new DirectTransport(ep, nodes, killed));
      } else {
        Map<RaftEndpoint, InetSocketAddress> peers = new LinkedHashMap<>(addresses);
        peers.remove(ep);
        TcpTransport t = new TcpTransport((Ep) ep, addresses.get(ep), peers, codec);
        transports.put(ep, t);
        b.setTransport(t).setStore(RaftSqliteStore.create(
            options.dataDir().resolve(((Ep) ep).id() + ".sqlite").toFile(), models, new StoreSerializer(codec)));
      }
      nodes.put(ep, b.build());
    }
    transports.forEach((ep, t) -> t.start(nodes.get(ep)));
    nodes.values().forEach(RaftNode::start);
  }

  private void awaitLeader() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      RaftEndpoint agreed = null;
      boolean all = true;
      for (RaftNode n : nodes.values()) {
        RaftEndpoint l = n.getTerm().getLeaderEndpoint();
        if (l == null || (agreed != null && !agreed.equals(l))) {
          all = false;
          break;
        }
        agreed = l;
      }
      if (all && agreed != null) {
        try {
          nodes.get(agreed).replicate(new byte[1]).get(5, TimeUnit.SECONDS);
          leader = agreed;
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
    return List.copyOf(byName.keySet());
  }

  @Override
  public String leader() {
    return ((Ep) leader).id();
  }

  @Override
  public CompletableFuture<?> submit(String node, byte[] payload) {
    return nodes.get(byName.get(node)).replicate(payload);
  }

  @Override
  public void kill(String node) throws Exception {
    RaftEndpoint ep = byName.get(node);
    killed.add(ep);
    TcpTransport t = transports.get(ep);
    if (t != null) {
      t.close();
    }
    nodes.get(ep).terminate().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (Map.Entry<RaftEndpoint, RaftNode> e : nodes.entrySet()) {
      if (killed.add(e.getKey())) {
        try {
          e.getValue().terminate().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
          // A node that cannot terminate cleanly is abandoned with its daemon threads.
        }
      }
    }
    transports.values().forEach(TcpTransport::close);
  }
}
