package omnipaxos.bench.ratis;

import java.io.IOException;
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

/** Three Ratis servers in this JVM, each with its own gRPC port; writes are submitted in-process. */
final class RatisCluster implements BenchCluster {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final int SUBMIT_THREADS = 2;

  private final RaftGroup group;
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

  private RatisCluster(RaftGroup group) {
    this.group = group;
  }

  static RatisCluster start(Setting setting, ClusterOptions options,
      BiFunction<Setting, ClusterOptions, RaftProperties> properties) throws Exception {
    List<Integer> ports = Ports.free(3);
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(RaftPeer.newBuilder().setId("n" + (i + 1)).setAddress("127.0.0.1:" + ports.get(i)).build());
    }
    RatisCluster c = new RatisCluster(RaftGroup.valueOf(RaftGroupId.randomId(), peers));
    try {
      for (int i = 0; i < 3; i++) {
        RaftProperties p = properties.apply(setting, options);
        RaftServerConfigKeys.setStorageDir(p, List.of(options.dataDir().resolve("n" + (i + 1)).toFile()));
        GrpcConfigKeys.Server.setPort(p, ports.get(i));
        RaftServer s = RaftServer.newBuilder().setGroup(c.group).setServerId(peers.get(i).getId())
            .setStateMachine(new EmptyStateMachine()).setProperties(p)
            .setOption(RaftStorage.StartupOption.FORMAT).build();
        c.servers.put(peers.get(i).getId().toString(), s);
        s.start();
      }
      c.awaitLeader();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
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
