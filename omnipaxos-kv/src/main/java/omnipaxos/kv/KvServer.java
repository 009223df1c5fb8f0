package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.Storage;
import omnipaxos.kv.resp.RespServer;
import omnipaxos.runtime.ChannelClosedException;
import omnipaxos.runtime.ChannelReceiver;
import omnipaxos.runtime.DecidedSubscription;
import omnipaxos.runtime.EntryNotDecidedException;
import omnipaxos.runtime.Envelope;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.NodeStats;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.storage.rocksdb.RocksDbStorage;
import omnipaxos.transport.netty.NettyTransport;
import omnipaxos.transport.netty.NettyTransportConfig;
import omnipaxos.transport.netty.TransportListener;
import omnipaxos.transport.netty.UnknownPeerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the replicated key-value store: an {@link OmniPaxosNode} on RocksDB (or memory),
 * connected to its peers by a {@link NettyTransport}, applying the decided log to a {@link KvState},
 * and serving clients over RESP.
 *
 * <p>By default ({@link ReadMode#LOG}) every command, reads included, goes through the log: a client's
 * GET is appended, and answered with the value at its position in the log once it is decided and
 * applied. Reads are therefore linearizable on every server, leader or not, without any clock
 * assumption, at the price of one replication round per read. With {@link ReadMode#LEASE} the leader
 * answers a GET from its own applied state under a leader lease ({@link OmniPaxosNode#leaseRead}); a
 * follower, or a leader whose lease does not hold, falls back to the log. Any server accepts every
 * command: a follower forwards it to the leader inside the protocol, so clients need no redirect.
 */
public final class KvServer implements KvExecutor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvServer.class);

  /** How often a read through the log is tried before its error reaches the client. */
  private static final int READ_ATTEMPTS = 3;

  private final KvServerConfig config;
  private final Storage<KvCommand, KvSnapshot> storage;
  private final OmniPaxosHandle<KvCommand, KvSnapshot> handle;
  private final OmniPaxosNode<KvCommand, KvSnapshot> node;
  private final NettyTransport<Envelope<KvCommand>, KvSnapshot> transport;
  private final KvStateMachine stateMachine = new KvStateMachine();
  private final DecidedSubscription<KvCommand, KvSnapshot> subscription;
  private final List<Thread> pumps = new ArrayList<>();
  private final Set<Long> cutPeers = ConcurrentHashMap.newKeySet();
  private final KvMetrics metrics;
  private final RespServer resp;
  private final AtomicLong lastSnapshotIdx = new AtomicLong();
  private final AtomicLong leaseReads = new AtomicLong();
  private final AtomicLong leaseFallbacks = new AtomicLong();
  private volatile boolean closed;

  private KvServer(KvServerConfig config) throws InterruptedException {
    this.config = config;
    this.storage = config.dataDir().<Storage<KvCommand, KvSnapshot>>map(
        dir -> RocksDbStorage.open(dir, KvCodecs.commands(), KvCodecs.snapshots()))
        .orElseGet(MemoryStorage::new);
    List<Long> peers = config.nodes().keySet().stream().filter(p -> p != config.pid()).sorted().toList();
    NodeConfig nodeConfig = new NodeConfig().setPid(config.pid()).setPeers(peers)
        .setElectionTimeoutMs(config.electionTimeoutMs()).setLeaseMs(config.leaseMs())
        .setMaxClockDriftPercent(KvServerConfig.LEASE_CLOCK_DRIFT_PERCENT);
    this.handle = OmniPaxosNode.create(nodeConfig, storage, KvSnapshot.snapshotter());
    this.node = handle.omniPaxos();
    NettyTransportConfig.Builder t = NettyTransportConfig.builder().pid(config.pid())
        .listenAddress(config.nodes().get(config.pid()));
    for (long p : peers) {
      t.peer(p, config.nodes().get(p));
    }
    config.tls().ifPresent(t::tls);
    this.transport = new NettyTransport<>(t.build(), Envelope.codec(KvCodecs.commands()), KvCodecs.snapshots(),
        new Inbound());
    transport.start();
    startPump("paxos", handle.seqPaxosHandle().outgoing(), m -> Message.of(m));
    startPump("ble", handle.bleHandle().outgoing(), m -> Message.<Envelope<KvCommand>, KvSnapshot>of(m));
    this.subscription = node.subscribe(0, this::applyDecided);
    this.metrics = new KvMetrics(this);
    this.resp = RespServer.start(this, config.clientAddress(), 64 << 20);
    config.httpAddress().ifPresent(metrics::serve);
    LOG.info("kv server {} up: peers {}, clients on {}", config.pid(), new TreeMap<>(config.nodes()), resp.address());
  }

  /** Starts a server; it recovers from its data directory if that holds a log. */
  public static KvServer start(KvServerConfig config) throws InterruptedException {
    return new KvServer(config);
  }

  // ---- wiring ----

  private interface Wrap<M> {
    Message<Envelope<KvCommand>, KvSnapshot> apply(M m);
  }

  private <M> void startPump(String name, ChannelReceiver<M> outgoing, Wrap<M> wrap) {
    Thread th = new Thread(() -> {
      try {
        while (true) {
          Message<Envelope<KvCommand>, KvSnapshot> m = wrap.apply(outgoing.take());
          if (!cutPeers.contains(m.to())) {
            transport.send(m);
          }
        }
      } catch (ChannelClosedException | InterruptedException e) {
        // The node closed: nothing more to send.
      } catch (UnknownPeerException e) {
        LOG.error("node {} produced a message for an unknown peer", config.pid(), e);
      }
    }, "kv-" + config.pid() + "-pump-" + name);
    th.setDaemon(true);
    th.start();
    pumps.add(th);
  }

  /** Delivers what the transport received into the node's channels without blocking the transport. */
  private final class Inbound implements TransportListener<Envelope<KvCommand>, KvSnapshot> {
    @Override
    public void onMessage(Message<Envelope<KvCommand>, KvSnapshot> message) {
      if (cutPeers.contains(message.from())) {
        return;
      }
      if (message instanceof Message.Paxos<Envelope<KvCommand>, KvSnapshot> p) {
        handle.seqPaxosHandle().incoming().offer(p.message());
      } else if (message instanceof Message.Ble<Envelope<KvCommand>, KvSnapshot> b) {
        handle.bleHandle().incoming().offer(b.message());
      }
    }

    @Override
    public void onReconnected(long pid) {
      node.reconnected(pid);
    }
  }

  private void applyDecided(omnipaxos.runtime.DecidedEvent<KvCommand, KvSnapshot> event) {
    stateMachine.apply(event);
    long applied = event.nextIdx();
    if (applied - lastSnapshotIdx.get() >= config.snapshotEvery()) {
      lastSnapshotIdx.set(applied);
      node.snapshot(applied, true).whenComplete((v, e) -> {
        if (e != null) {
          LOG.debug("node {}: snapshot at {} refused: {}", config.pid(), applied, e.toString());
        }
      });
    }
  }

  // ---- KvExecutor ----

  @Override
  public CompletableFuture<KvResult> execute(KvCommand command) {
    if (config.readMode() == ReadMode.LEASE && command instanceof KvCommand.Get g) {
      return node.leaseRead(idx -> stateMachine.getAtLeast(idx, g.key()))
          .handle((r, e) -> {
            if (e == null) {
              leaseReads.incrementAndGet();
              return CompletableFuture.completedFuture(r);
            }
            leaseFallbacks.incrementAndGet();
            return throughLog(command);
          })
          .thenCompose(f -> f);
    }
    return throughLog(command);
  }

  private CompletableFuture<KvResult> throughLog(KvCommand command) {
    return throughLog(command, READ_ATTEMPTS);
  }

  /**
   * Appends {@code command} and answers with its result once decided and applied. A read (GET, EXISTS)
   * that a leader change lost or left undecided has no effect either way, so it is appended again, up to
   * {@code attempts} times in all; writes are never repeated (their fate is the client's to resolve).
   */
  private CompletableFuture<KvResult> throughLog(KvCommand command, int attempts) {
    long start = System.nanoTime();
    metrics.proposed();
    return node.appendDecided(command)
        .thenCompose(stateMachine::resultAt)
        .whenComplete((r, e) -> metrics.decided(System.nanoTime() - start, e == null))
        .handle((r, e) -> {
          if (e == null) {
            return CompletableFuture.completedFuture(r);
          }
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (attempts > 1 && isRead(command) && cause instanceof EntryNotDecidedException n
              && n.reason() != EntryNotDecidedException.Reason.NODE_CLOSED
              && n.reason() != EntryNotDecidedException.Reason.RECONFIGURED) {
            return throughLog(command, attempts - 1);
          }
          return CompletableFuture.<KvResult>failedFuture(cause);
        })
        .thenCompose(f -> f);
  }

  private static boolean isRead(KvCommand command) {
    return command instanceof KvCommand.Get || command instanceof KvCommand.Exists;
  }

  @Override
  public CompletableFuture<String> clusterInfo() {
    return node.stats().thenApply(s -> {
      StringBuilder b = new StringBuilder("# OmniPaxos\r\n");
      b.append("pid:").append(s.pid()).append("\r\n");
      b.append("leader:").append(s.leader().isPresent() ? s.leader().getAsLong() : 0).append("\r\n");
      b.append("is_leader:").append(s.leader().equals(OptionalLong.of(s.pid())) ? 1 : 0).append("\r\n");
      b.append("ballot:").append(s.promise()).append("\r\n");
      b.append("decided_idx:").append(s.decidedIdx()).append("\r\n");
      b.append("accepted_idx:").append(s.acceptedIdx()).append("\r\n");
      b.append("compacted_idx:").append(s.compactedIdx()).append("\r\n");
      b.append("applied_idx:").append(stateMachine.appliedIdx()).append("\r\n");
      b.append("read_mode:").append(config.readMode().name().toLowerCase(java.util.Locale.ROOT)).append("\r\n");
      b.append("lease_held:").append(s.leaseHeld() ? 1 : 0).append("\r\n");
      b.append("lease_reads:").append(leaseReads()).append("\r\n");
      b.append("lease_read_fallbacks:").append(leaseReadFallbacks()).append("\r\n");
      b.append("keys:").append(stateMachine.keys()).append("\r\n");
      b.append("peers:").append(new TreeMap<>(config.nodes())).append("\r\n");
      b.append("cut_peers:").append(cutPeers).append("\r\n");
      return b.toString();
    });
  }

  @Override
  public CompletableFuture<String> admin(List<String> args) {
    if (!config.faultInjection()) {
      return CompletableFuture.failedFuture(new IllegalStateException("fault injection is disabled on this server"));
    }
    String op = args.isEmpty() ? "" : args.get(0).toLowerCase(java.util.Locale.ROOT);
    try {
      switch (op) {
        case "cut" -> cutPeers.add(Long.parseLong(args.get(1)));
        case "heal" -> {
          List<Long> healed = new ArrayList<>(cutPeers);
          cutPeers.clear();
          healed.forEach(node::reconnected);
        }
        default -> throw new IllegalArgumentException("usage: OMNIPAXOS CUT <pid> | OMNIPAXOS HEAL");
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture("OK");
  }

  // ---- observation ----

  public long pid() {
    return config.pid();
  }

  public KvServerConfig config() {
    return config;
  }

  /** The address clients connect to. */
  public InetSocketAddress clientAddress() {
    return resp.address();
  }

  CompletableFuture<NodeStats> stats() {
    return node.stats();
  }

  NettyTransport<Envelope<KvCommand>, KvSnapshot> transport() {
    return transport;
  }

  long appliedIdx() {
    return stateMachine.appliedIdx();
  }

  long leaseReads() {
    return leaseReads.get();
  }

  long leaseReadFallbacks() {
    return leaseFallbacks.get();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    resp.close();
    metrics.close();
    subscription.close();
    node.close();
    transport.close();
    for (Thread t : pumps) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (storage instanceof RocksDbStorage<KvCommand, KvSnapshot> r) {
      r.close();
    }
  }

  /** For logging: the member addresses. */
  Map<Long, InetSocketAddress> nodes() {
    return config.nodes();
  }
}
