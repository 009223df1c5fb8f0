package omnipaxos.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Ports;
import omnipaxos.bench.harness.Setting;
import omnipaxos.core.Message;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.Storage;
import omnipaxos.runtime.Envelope;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.storage.rocksdb.RocksDbStorage;
import omnipaxos.transport.netty.MessageCodec;
import omnipaxos.transport.netty.NettyTransport;
import omnipaxos.transport.netty.NettyTransportConfig;
import omnipaxos.transport.netty.TransportListener;

/**
 * Three OmniPaxos runtime nodes in this JVM: in memory with direct in-JVM delivery, or on RocksDB with
 * the Netty transport over loopback (wired as the key-value server wires a node).
 */
final class OmniPaxosCluster implements BenchCluster {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final List<Long> PIDS = List.of(1L, 2L, 3L);

  /**
   * The log is trimmed whenever this many entries were decided since the last trim: MicroRaft's
   * {@code commitCountToTakeSnapshot} in this benchmark (with an empty state machine a snapshot is just
   * a trim). Without it the in-memory log grows by hundreds of MB/s and every young collection copies it.
   */
  static final long COMPACT_EVERY = 50_000;
  private static final long COMPACTION_CHECK_MS = 20;

  private final Map<Long, Node> nodes = new LinkedHashMap<>();
  private volatile long leader;
  private volatile boolean closed;
  private Thread compactor;

  /** One node and what it runs on. */
  private static final class Node {
    OmniPaxosHandle<byte[], Void> handle;
    Storage<byte[], Void> storage;
    NettyTransport<Envelope<byte[]>, Void> transport;
    final List<Thread> pumps = new ArrayList<>();
    boolean dead;

    OmniPaxosNode<byte[], Void> api() {
      return handle.omniPaxos();
    }

    void stop() {
      api().close();
      if (transport != null) {
        transport.close();
      }
      for (Thread t : pumps) {
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (storage instanceof RocksDbStorage<byte[], Void> r) {
        r.close();
      }
    }
  }

  static OmniPaxosCluster start(Setting setting, ClusterOptions options, NodeConfig.Builder base, Pumps pumps)
      throws Exception {
    OmniPaxosCluster c = new OmniPaxosCluster();
    try {
      if (setting == Setting.MEMORY) {
        c.startInMemory(base, pumps);
      } else {
        c.startDurable(options, base, pumps);
      }
      c.awaitLeader();
      c.startCompactor();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void startInMemory(NodeConfig.Builder base, Pumps pumps) {
    for (long pid : PIDS) {
      Node n = new Node();
      n.storage = new MemoryStorage<>();
      n.handle = OmniPaxosNode.create(config(base, pid), n.storage);
      nodes.put(pid, n);
    }
    for (Map.Entry<Long, Node> e : nodes.entrySet()) {
      Node n = e.getValue();
      String name = "pump-" + e.getKey();
      addPump(n, pumps.start(name + "-paxos", n.handle.seqPaxosHandle().outgoing(),
          m -> nodes.get(m.to()).handle.seqPaxosHandle().incoming().offer(m)));
      addPump(n, pumps.start(name + "-ble", n.handle.bleHandle().outgoing(),
          m -> nodes.get(m.to()).handle.bleHandle().incoming().offer(m)));
    }
  }

  private void startDurable(ClusterOptions options, NodeConfig.Builder base, Pumps pumps) {
    List<Integer> ports = Ports.free(PIDS.size());
    Map<Long, InetSocketAddress> addresses = new LinkedHashMap<>();
    for (int i = 0; i < PIDS.size(); i++) {
      addresses.put(PIDS.get(i), new InetSocketAddress("127.0.0.1", ports.get(i)));
    }
    for (long pid : PIDS) {
      Node n = new Node();
      n.storage = RocksDbStorage.open(options.dataDir().resolve("node-" + pid), Codecs.bytes());
      n.handle = OmniPaxosNode.create(config(base, pid), n.storage);
      NettyTransportConfig.Builder t = NettyTransportConfig.builder().pid(pid).listenAddress(addresses.get(pid));
      addresses.forEach((p, a) -> {
        if (p != pid) {
          t.peer(p, a);
        }
      });
      n.transport = new NettyTransport<>(t.build(), Envelope.codec(Codecs.bytes()), MessageCodec.noSnapshots(),
          new Inbound(n));
      nodes.put(pid, n);
      n.transport.start();
      String name = "pump-" + pid;
      addPump(n, pumps.start(name + "-paxos", n.handle.seqPaxosHandle().outgoing(),
          m -> n.transport.send(Message.of(m))));
      addPump(n, pumps.start(name + "-ble", n.handle.bleHandle().outgoing(),
          m -> n.transport.send(Message.<Envelope<byte[]>, Void>of(m))));
    }
  }

  private static void addPump(Node n, Thread t) {
    if (t != null) {
      n.pumps.add(t);
    }
  }

  private static NodeConfig config(NodeConfig.Builder base, long pid) {
    return base.pid(pid).peers(PIDS.stream().filter(p -> p != pid).toList()).build();
  }

  /** Hands what the transport received to the node's incoming channels without blocking. */
  private static final class Inbound implements TransportListener<Envelope<byte[]>, Void> {
    private final Node node;

    Inbound(Node node) {
      this.node = node;
    }

    @Override
    public void onMessage(Message<Envelope<byte[]>, Void> message) {
      if (message instanceof Message.Paxos<Envelope<byte[]>, Void> p) {
        node.handle.seqPaxosHandle().incoming().offer(p.message());
      } else if (message instanceof Message.Ble<Envelope<byte[]>, Void> b) {
        node.handle.bleHandle().incoming().offer(b.message());
      }
    }

    @Override
    public void onReconnected(long pid) {
      node.api().reconnected(pid);
    }
  }

  /** Trims the log at the leader every {@link #COMPACT_EVERY} decided entries, from a thread of its own. */
  private void startCompactor() {
    compactor = new Thread(() -> {
      long trimmedTo = 0;
      while (!closed) {
        try {
          Thread.sleep(COMPACTION_CHECK_MS);
          Node n = nodes.get(leader);
          if (n == null || n.dead) {
            continue;
          }
          long decided = n.api().stats().get(5, TimeUnit.SECONDS).decidedIdx();
          if (decided - trimmedTo >= COMPACT_EVERY) {
            n.api().trim(OptionalLong.empty()).get(5, TimeUnit.SECONDS);
            trimmedTo = decided;
          }
        } catch (InterruptedException e) {
          return;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          // A follower lags behind (trims never pass what every node accepted) or the node closed: next time.
        }
      }
    }, "compactor");
    compactor.setDaemon(true);
    compactor.start();
  }

  /** Waits until every node follows one leader and that leader has decided a first write. */
  private void awaitLeader() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    byte[] first = new byte[1];
    while (System.nanoTime() < deadline) {
      OptionalLong agreed = agreedLeader();
      if (agreed.isPresent()) {
        try {
          nodes.get(agreed.getAsLong()).api().appendDecided(first).get(5, TimeUnit.SECONDS);
          leader = agreed.getAsLong();
          return;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          // Leadership moved on while the write was in flight: look again.
        }
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("no leader after " + TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NANOS) + " s");
  }

  private OptionalLong agreedLeader() throws Exception {
    OptionalLong common = null;
    for (Node n : nodes.values()) {
      OptionalLong l = n.api().currentLeader().get(5, TimeUnit.SECONDS);
      if (l.isEmpty() || (common != null && !common.equals(l))) {
        return OptionalLong.empty();
      }
      common = l;
    }
    return common;
  }

  @Override
  public List<String> nodes() {
    return nodes.keySet().stream().map(String::valueOf).toList();
  }

  @Override
  public String leader() {
    return String.valueOf(leader);
  }

  @Override
  public CompletableFuture<?> submit(String node, byte[] payload) {
    return nodes.get(Long.parseLong(node)).api().appendDecided(payload);
  }

  @Override
  public void kill(String node) {
    Node n = nodes.get(Long.parseLong(node));
    n.dead = true;
    n.stop();
  }

  @Override
  public void close() {
    closed = true;
    if (compactor != null) {
      compactor.interrupt();
      try {
        compactor.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Node n : nodes.values()) {
      if (!n.dead && n.handle != null) {
        n.dead = true;
        n.stop();
      }
    }
  }
}
