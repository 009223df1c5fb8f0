package omnipaxos.bench.ratis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Ports;
import omnipaxos.bench.harness.Setting;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Three Ratis servers in this JVM, each with its own gRPC port (more may join, for the
 * reconfiguration benchmark); writes are submitted in-process.
 */
final class RatisCluster implements BenchCluster {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final int SUBMIT_THREADS = 2;

  private final RaftGroup group;
  private final Setting setting;
  private final ClusterOptions options;
  private final BiFunction<Setting, ClusterOptions, RaftProperties> properties;
  private final Map<String, RaftServer> servers = new LinkedHashMap<>();
  private final ClientId client = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  /**
   * Calls the leader's submit, which blocks its caller until the server's client executor has taken the
   * request. In a real deployment gRPC's executor threads make that call; here these threads do, so that
   * the thread completing a write (Ratis' state-machine updater) never blocks in the next submission.
   */
  private final ExecutorService submitters = Executors.newFixedThreadPool(SUBMIT_THREADS, r -> {
    Thread t = new Thread(r, "ratis-bench-submit");
    t.setDaemon(true);
    return t;
  });
  private volatile String leader;

  private RatisCluster(RaftGroup group, Setting setting, ClusterOptions options,
      BiFunction<Setting, ClusterOptions, RaftProperties> properties) {
    this.group = group;
    this.setting = setting;
    this.options = options;
    this.properties = properties;
  }

  static RatisCluster start(Setting setting, ClusterOptions options,
      BiFunction<Setting, ClusterOptions, RaftProperties> properties) throws Exception {
    List<Integer> ports = Ports.free(3);
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(RaftPeer.newBuilder().setId("n" + (i + 1)).setAddress("127.0.0.1:" + ports.get(i)).build());
    }
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), peers);
    RatisCluster c = new RatisCluster(group, setting, options, properties);
    try {
      for (int i = 0; i < 3; i++) {
        c.startServer(peers.get(i), ports.get(i), group);
      }
      c.awaitLeader();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void startServer(RaftPeer peer, int port, RaftGroup initial) throws IOException {
    RaftProperties p = properties.apply(setting, options);
    File dir = options.dataDir().resolve(peer.getId().toString()).toFile();
    RaftServerConfigKeys.setStorageDir(p, List.of(dir));
    GrpcConfigKeys.Server.setPort(p, port);
    RaftServer s = RaftServer.newBuilder().setGroup(initial).setServerId(peer.getId())
        .setStateMachine(new EmptyStateMachine()).setProperties(p)
        .setOption(RaftStorage.StartupOption.FORMAT).build();
    servers.put(peer.getId().toString(), s);
    s.start();
  }

  /**
   * Starts server {@code id} knowing the group's id but none of its peers, as a server to be added
   * with {@code setConfiguration} starts; returns its peer.
   */
  RaftPeer startJoining(String id) throws IOException {
    int port = Ports.free(1).get(0);
    RaftPeer peer = RaftPeer.newBuilder().setId(id).setAddress("127.0.0.1:" + port).build();
    startServer(peer, port, RaftGroup.valueOf(group.getGroupId()));
    return peer;
  }

  /** The group as it started: its id and the first three peers. */
  RaftGroup group() {
    return group;
  }

  /** Server {@code node}'s member of the group. */
  RaftServer.Division division(String node) {
    try {
      return servers.get(node).getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server that leads now and is ready to take writes; throws if there is none. */
  String currentLeader() {
    for (String node : servers.keySet()) {
      if (division(node).getInfo().isLeaderReady()) {
        return node;
      }
    }
    throw new IllegalStateException("no leader");
  }

  private void awaitLeader() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, RaftServer> e : servers.entrySet()) {
        if (e.getValue().getDivision(group.getGroupId()).getInfo().isLeaderReady()) {
          try {
            submit(e.getKey(), new byte[1]).get(5, TimeUnit.SECONDS);
            leader = e.getKey();
            return;
          } catch (ExecutionException | TimeoutException ex) {
            // Leadership moved on while the write was in flight: look again.
          }
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no leader after " + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s");
  }

  @Override
  public List<String> nodes() {
    return List.copyOf(servers.keySet());
  }

  @Override
  public String leader() {
    return leader;
  }

  @Override
  public CompletableFuture<?> submit(String node, byte[] payload) {
    RaftServer s = servers.get(node);
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(client)
        .setServerId(RaftPeerId.valueOf(node))
        .setGroupId(group.getGroupId())
        .setCallId(callIds.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(payload)))
        .setType(RaftClientRequest.writeRequestType())
        .build();
    return CompletableFuture.supplyAsync(() -> {
      try {
        return s.submitClientRequestAsync(request);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, submitters).thenCompose(f -> f).thenApply(r -> {
      if (!r.isSuccess()) {
        throw new CompletionException(r.getException());
      }
      return r;
    });
  }

  @Override
  public void kill(String node) throws IOException {
    servers.remove(node).close();
  }

  @Override
  public void close() throws IOException {
    for (RaftServer s : servers.values()) {
      s.close();
    }
    servers.clear();
    submitters.shutdownNow();
  }
}
