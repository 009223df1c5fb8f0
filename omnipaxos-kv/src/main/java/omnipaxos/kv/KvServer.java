package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import omnipaxos.core.Message;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.dashboard.Dashboard;
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
import omnipaxos.transport.netty.NettyTransport;
import omnipaxos.transport.netty.NettyTransportConfig;
import omnipaxos.transport.netty.TransportListener;
import omnipaxos.transport.netty.UnknownPeerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the replicated key-value store: an {@link OmniPaxosNode} on RocksDB (or memory),
 * connected to its peers by a {@link NettyTransport}, applying the decided log to a {@link
 * KvState}, and serving clients over RESP.
 *
 * <p>By default ({@link ReadMode#LOG}) reads make no clock assumption: on the leader a GET waits
 * for a read-index round ({@link OmniPaxosNode#quorumRead}: a write quorum confirms the leader's
 * ballot, shared by the reads that arrive together) and is answered from the applied state; on a
 * follower, or if the round fails, it is appended to the log as a fence and answered at its
 * position once decided and applied. Reads are linearizable on every server, leader or not, at the
 * price of one round trip per batch of reads. With {@link ReadMode#LEASE} the
 * leader answers a GET from its own applied state under a leader lease ({@link
 * OmniPaxosNode#leaseRead}); a follower, or a leader whose lease does not hold, falls back to the
 * log. Any server accepts every command: a follower forwards it to the leader inside the protocol,
 * so clients need no redirect.
 *
 * <p>Every command is answered within {@link KvServerConfig#requestTimeoutMs}: one that nothing
 * decided by then gets {@code CLUSTERDOWN no quorum: ...} (or {@code TIMEOUT ...} while a quorum is
 * reachable), saying whether a write may still be decided or that a read did nothing. {@link
 * KvHealth} tells whether a write could be decided now.
 */
public final class KvServer implements KvExecutor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvServer.class);

  /**
   * How often a command is tried through the log before its error reaches the client (see
   * repeatable).
   */
  private static final int ATTEMPTS = 3;

  private final KvServerConfig config;
  private final KvStateMachine stateMachine = new KvStateMachine();
  private final List<Thread> pumps = new ArrayList<>();
  private final Set<Long> cutPeers = ConcurrentHashMap.newKeySet();
  private final AtomicLong leaseReads = new AtomicLong();
  private final AtomicLong leaseFallbacks = new AtomicLong();
  private final AtomicLong quorumReads = new AtomicLong();
  private final AtomicLong quorumFallbacks = new AtomicLong();
  /** When the last snapshot was taken here (the start until then), for LASTSAVE. */
  private KvHealth health;
  /** Polls the node's health and ends requests at their deadline: one thread for all requests. */
  /** How often the leader appends its time while some key has an expiry: the TTL precision. */
  static final long CLOCK_PERIOD_MS = 100;

  /** How often requests past their deadline are answered: the time-out's precision. */
  static final long DEADLINE_SWEEP_MS = 10;

  private final ScheduledThreadPoolExecutor timer;
  private final RequestDeadlines deadlines;
  private final ReadBatcher reads = new ReadBatcher(new FenceLog());
  // Set one by one while starting, so that a failed start releases exactly what it opened.
  private KvCluster cluster;
  private ClusterAdmin clusterAdmin;
  private KvBackups backups;
  private OmniPaxosHandle<KvEntry, KvSnapshot> handle;
  private OmniPaxosNode<KvEntry, KvSnapshot> node;
  private NettyTransport<Envelope<KvEntry>, KvSnapshot> transport;
  private DecidedSubscription<KvEntry, KvSnapshot> subscription;
  private KvSnapshotTaker snapshots;
  private KvMetrics metrics;
  private RespServer resp;
  private volatile Dashboard dashboard;
  private KvAnnouncer announcer;
  private volatile boolean closed;

  private KvServer(KvServerConfig config) throws InterruptedException {
    this.config = config;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "kv-" + config.pid() + "-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    deadlines = new RequestDeadlines(TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs()),
        this::timedOut);
    try {
      open();
    } catch (RuntimeException | Error | InterruptedException e) {
      closed = true;
      release();
      throw e;
    }
    LOG.info(
        "kv server {} of cluster {} up: members {}, clients on {}",
        config.pid(),
        cluster.clusterId(),
        MemberAddresses.format(cluster.members()),
        resp.address());
  }

  private void open() throws InterruptedException {
    cluster = KvCluster.open(config);
    health =
        new KvHealth(
            config.pid(),
            cluster.peers().keySet(),
            config.electionTimeoutMs(),
            this::stats,
            () -> closed);
    NodeConfig.Builder nodeConfig = NodeConfig.builder()
        .electionTimeoutMs(config.electionTimeoutMs()).leaseMs(config.leaseMs())
        .maxClockDriftPercent(KvServerConfig.LEASE_CLOCK_DRIFT_PERCENT)
        .appendTimeoutMs(config.requestTimeoutMs());
    handle = cluster.createNode(nodeConfig);
    node = handle.omniPaxos();
    NettyTransportConfig.Builder t =
        NettyTransportConfig.builder()
            .pid(config.pid())
            .clusterId(cluster.clusterId())
            .listenAddress(cluster.listenAddress())
            .peers(cluster.peers());
    config.tls().ifPresent(t::tls);
    transport =
        new NettyTransport<>(
            t.build(), Envelope.codec(KvCodecs.entries()), KvCodecs.snapshots(), new Inbound());
    transport.admitPeers(cluster.incarnation(), cluster.knownPeers());
    cluster.follow(node, transport, health);
    KvStartup.startTransport(transport, config, cluster.listenAddress());
    clusterAdmin =
        new ClusterAdmin(
            cluster.clusterId(),
            node,
            cluster::members,
            Math.max(config.requestTimeoutMs(), 20 * config.electionTimeoutMs()),
            4 * config.electionTimeoutMs(),
            timer);
    backups = new KvBackups(config.pid(), cluster.clusterId(), this::execute, stateMachine,
        () -> node.membership().configuration().map(c -> c.configurationId()).orElse(0), timer);
    serve();
  }

  /** Starts what runs on the node once it is open: pumps, subscription, timers, listeners. */
  private void serve() throws InterruptedException {
    startPump("paxos", handle.seqPaxosHandle().outgoing(), m -> Message.of(m));
    startPump(
        "ble", handle.bleHandle().outgoing(), m -> Message.<Envelope<KvEntry>, KvSnapshot>of(m));
    startPump(
        "migration",
        handle.migrationHandle().outgoing(),
        m -> Message.<Envelope<KvEntry>, KvSnapshot>of(m));
    snapshots = new KvSnapshotTaker(config.pid(), config.snapshotEvery(), stateMachine, node);
    subscription = node.subscribe(0, this::applyDecided);
    health.startPolling(timer);
    timer.scheduleWithFixedDelay(this::tickClock, CLOCK_PERIOD_MS, CLOCK_PERIOD_MS,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(deadlines::sweep, DEADLINE_SWEEP_MS, DEADLINE_SWEEP_MS,
        TimeUnit.MILLISECONDS);
    metrics = new KvMetrics(this);
    resp = KvStartup.listen("client", "--client", config.clientAddress(),
        () -> RespServer.start(this, config.clientAddress(), 64 << 20,
            config.requirePass().orElse(null)));
    Optional<InetSocketAddress> http = config.httpAddress();
    if (http.isPresent()) {
      KvStartup.listen("HTTP", "--http", http.get(), () -> {
        metrics.serve(http.get());
        return null;
      });
    }
    omnipaxos.kv.command.ServerAddresses own = KvAnnouncer.addresses(config,
        cluster.members().getOrDefault(config.pid(), cluster.listenAddress()),
        metrics.httpAddress(), resp.address());
    if (http.isPresent()) {
      dashboard = new Dashboard(config.pid(), new KvDashboardSource(this, metrics, own));
      dashboard.serveOn(metrics.httpServer());
    }
    announcer = new KvAnnouncer(config.pid(), own, node, stateMachine, this::latestStats,
        Optional.ofNullable(dashboard));
    timer.scheduleWithFixedDelay(announcer::tick, 0, KvAnnouncer.PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts a server; it recovers from its data directory if that holds a log.
   *
   * @throws StartupException if it cannot start for a reason it can name (a port in use, a data
   *     directory that is locked, a file or not writable, TLS files that cannot be loaded);
   *     everything it had opened is released first, so the same directory and ports can be used
   *     right away
   */
  public static KvServer start(KvServerConfig config) throws InterruptedException {
    return new KvServer(config);
  }

  // ---- wiring ----

  private interface Wrap<M> {
    Message<Envelope<KvEntry>, KvSnapshot> apply(M m);
  }

  private <M> void startPump(String name, ChannelReceiver<M> outgoing, Wrap<M> wrap) {
    Thread th =
        new Thread(
            () -> {
              long unknown = 0;
              try {
                while (true) {
                  Message<Envelope<KvEntry>, KvSnapshot> m = wrap.apply(outgoing.take());
                  if (!cutPeers.contains(m.to())) {
                    try {
                      transport.send(m);
                    } catch (UnknownPeerException e) {
                      // A server of an old configuration that the transport forgot: the message is
                      // not needed.
                      if (unknown++ == 0) {
                        LOG.info(
                            "server {}: dropping messages to {}, not a member of the recent"
                                + " configurations",
                            config.pid(),
                            m.to());
                      }
                    }
                  }
                }
              } catch (ChannelClosedException | InterruptedException e) {
                // The node closed: nothing more to send.
              }
            },
            "kv-" + config.pid() + "-pump-" + name);
    th.setDaemon(true);
    th.start();
    pumps.add(th);
  }

  /**
   * Delivers what the transport received into the node's channels without blocking the transport.
   */
  private final class Inbound implements TransportListener<Envelope<KvEntry>, KvSnapshot> {
    @Override
    public void onMessage(Message<Envelope<KvEntry>, KvSnapshot> message) {
      if (cutPeers.contains(message.from())) {
        return;
      }
      health.heard(message.from());
      if (message instanceof Message.Paxos<Envelope<KvEntry>, KvSnapshot> p) {
        handle.seqPaxosHandle().incoming().offer(p.message());
      } else if (message instanceof Message.Ble<Envelope<KvEntry>, KvSnapshot> b) {
        handle.bleHandle().incoming().offer(b.message());
      } else if (message instanceof Message.Migration<Envelope<KvEntry>, KvSnapshot> g) {
        handle.migrationHandle().incoming().offer(g.message());
      }
    }

    @Override
    public void onReconnected(long pid) {
      Dashboard d = dashboard;
      if (d != null) {
        d.event("peer", "connection to " + pid + " re-established");
      }
      node.reconnected(pid);
    }

    @Override
    public void onPeerConfiguration(long pid, int configurationId) {
      // After every handshake, the first included: heartbeat requests sent before it were lost.
      OmniPaxosNode<KvEntry, KvSnapshot> n = node;
      if (n != null) {
        n.linkUp(pid);
      }
    }
  }

  private void applyDecided(omnipaxos.runtime.DecidedEvent<KvEntry, KvSnapshot> event) {
    stateMachine.apply(event);
    snapshots.applied(event.nextIdx());
  }

  // ---- KvExecutor ----

  /**
   * Executes {@code command} and answers within the request time-out, retries included. A read on a
   * server that has lacked a quorum for an election timeout is answered at once, without touching
   * the log; everything else goes to the log (or, for a lease read, to the leader's state).
   */
  @Override
  public CompletableFuture<Reply> execute(KvEntry.Invoke command) {
    return submit(command);
  }

  @Override
  public CompletableFuture<Reply> transact(KvEntry.Txn txn) {
    return submit(txn);
  }

  @Override
  public List<KvEntry.Watch> watch(int db, List<String> keys) {
    return stateMachine.watch(db, keys);
  }

  @Override
  public CompletableFuture<List<DbStats>> keyspaceStats() {
    return CompletableFuture.completedFuture(stateMachine.keyspaceStats());
  }

  @Override
  public CompletableFuture<MemoryStats> memoryStats() {
    return CompletableFuture.completedFuture(stateMachine.memoryStats());
  }

  /** A decided write is on a majority: this many servers besides the one that answered. */
  @Override
  public int replicasHolding() {
    return cluster.members().size() / 2;
  }

  @Override
  public CompletableFuture<Void> save() {
    return snapshots.save();
  }

  @Override
  public long lastSaveSeconds() {
    return snapshots.lastSaveMs() / 1000;
  }

  private CompletableFuture<Reply> submit(KvEntry command) {
    String notServing = cluster.notServing();
    if (notServing != null) {
      return CompletableFuture.completedFuture(new Reply.Error(notServing));
    }
    boolean read = isRead(command);
    if (read) {
      Optional<String> lost = health.quorumLost();
      if (lost.isPresent()) {
        return CompletableFuture.completedFuture(
            new Reply.Error("CLUSTERDOWN no quorum: " + lost.get() + "; the read did nothing"));
      }
    }
    if (closed) {
      return CompletableFuture.completedFuture(new Reply.Error("ERR server is closing"));
    }
    CompletableFuture<Reply> answer = new CompletableFuture<>();
    long deadline = deadlines.add(answer, read);
    run(command, read, deadline).whenComplete((r, e) -> {
      if (e != null) {
        answer.completeExceptionally(e);
      } else {
        answer.complete(r);
      }
    });
    return answer;
  }

  private CompletableFuture<Reply> run(KvEntry command, boolean read, long deadline) {
    if (!read || !(command instanceof KvEntry.Invoke invoke)) {
      return throughLog(command, read, ATTEMPTS, deadline);
    }
    LongFunction<CompletableFuture<Reply>> readAt = idx -> stateMachine.readAtLeast(idx, invoke);
    return config.readMode() == ReadMode.LEASE
        ? orThroughLog(node.leaseRead(readAt), leaseReads, leaseFallbacks, command, deadline)
        : orThroughLog(node.quorumRead(readAt), quorumReads, quorumFallbacks, command, deadline);
  }

  /**
   * The reply of a local read ({@code local}: under a lease, or after a read-index round), counted
   * in {@code served}; if it could not be served so, the read goes through the log, counted in
   * {@code fellBack}.
   */
  private CompletableFuture<Reply> orThroughLog(CompletableFuture<Reply> local, AtomicLong served,
      AtomicLong fellBack, KvEntry command, long deadline) {
    return local
        .handle((r, e) -> {
          if (e == null) {
            served.incrementAndGet();
            return CompletableFuture.completedFuture(r);
          }
          fellBack.incrementAndGet();
          return throughLog(command, true, ATTEMPTS, deadline);
        })
        .thenCompose(f -> f);
  }

  /** Appends the fences of batched log-mode reads and answers them from the applied state. */
  private final class FenceLog implements ReadBatcher.Log {
    @Override
    public CompletableFuture<Long> appendFence() {
      return node.appendDecided(new KvEntry.Fence());
    }

    @Override
    public CompletableFuture<Reply> readAtLeast(long position, KvEntry.Invoke command) {
      return stateMachine.readAtLeast(position, command);
    }

    @Override
    public boolean repeatable(Throwable cause) {
      return cause instanceof EntryNotDecidedException n
          && n.reason() != EntryNotDecidedException.Reason.TIMED_OUT
          && KvServer.repeatable(true, n.reason());
    }

    @Override
    public Reply failedReply(Throwable cause) {
      return cause instanceof EntryNotDecidedException n
          && n.reason() == EntryNotDecidedException.Reason.TIMED_OUT ? timedOut(true) : null;
    }
  }

  /** The reply to a command that nothing decided within the request time-out. */
  private Reply timedOut(boolean read) {
    String outcome = read ? "the read did nothing" : "the write may still be decided";
    String within = "nothing decided within " + config.requestTimeoutMs() + " ms";
    return new Reply.Error(
        health.quorum()
            ? "TIMEOUT " + within + " although a quorum is reachable; " + outcome
            : "CLUSTERDOWN no quorum: " + within + "; " + outcome);
  }

  /**
   * Appends {@code command} and answers with its result once decided and applied. A read that a
   * leader change lost or left undecided, or a write that is certainly decided nowhere ({@link
   * #repeatable}), is appended again, up to {@code attempts} times in all and only before the
   * deadline; a write whose fate is unknown is never repeated (it is the client's to resolve).
   */
  private CompletableFuture<Reply> throughLog(
      KvEntry command, boolean read, int attempts, long deadline) {
    long start = System.nanoTime();
    metrics.proposed(read);
    if (read && command instanceof KvEntry.Invoke invoke) {
      return reads.read(invoke, attempts, deadline)
          .whenComplete((r, e) -> metrics.decided(System.nanoTime() - start, e == null));
    }
    return node.appendDecided(command)
        .thenCompose(stateMachine::resultAt)
        .whenComplete((r, e) -> metrics.decided(System.nanoTime() - start, e == null))
        .handle(
            (r, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(r);
              }
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof EntryNotDecidedException n
                  && n.reason() == EntryNotDecidedException.Reason.TIMED_OUT) {
                return CompletableFuture.completedFuture(timedOut(read));
              }
              if (attempts > 1
                  && System.nanoTime() - deadline < 0
                  && cause instanceof EntryNotDecidedException n
                  && repeatable(read, n.reason())) {
                return throughLog(command, read, attempts - 1, deadline);
              }
              return CompletableFuture.<Reply>failedFuture(cause);
            })
        .thenCompose(f -> f);
  }

  /**
   * Whether a command that was not decided for {@code reason} is appended again. A read has no
   * effect either way, so it is, unless the node closed or its configuration ended. A write is only
   * when its position was decided with another entry ({@code LOST}): the runtime then knows that it
   * is decided nowhere, so appending it again cannot apply it twice (a leader change, often just
   * after a cluster starts, would otherwise fail the client's write for nothing).
   */
  private static boolean repeatable(boolean read, EntryNotDecidedException.Reason reason) {
    if (read) {
      return reason != EntryNotDecidedException.Reason.NODE_CLOSED
          && reason != EntryNotDecidedException.Reason.RECONFIGURED;
    }
    return reason == EntryNotDecidedException.Reason.LOST;
  }

  /** Whether the table calls the command read-only (lease reads, retries); transactions are not. */
  private static boolean isRead(KvEntry entry) {
    if (!(entry instanceof KvEntry.Invoke command) || command.args().isEmpty()) {
      return false;
    }
    CommandSpec spec = CommandTable.standard().get(
        new String(command.args().get(0), java.nio.charset.StandardCharsets.ISO_8859_1));
    return spec != null && spec.has(Flag.READONLY);
  }

  /**
   * While this server leads and some key has an expiry, appends its time to the log, so that
   * every replica hides and deletes expired keys at the same log position.
   */
  private void tickClock() {
    OmniPaxosNode<KvEntry, KvSnapshot> n = node;
    if (n == null || !stateMachine.hasExpiries()) {
      return;
    }
    n.stats().thenAccept(s -> {
      if (s.leader().equals(OptionalLong.of(s.pid()))) {
        n.appendDecided(new KvEntry.Clock(System.currentTimeMillis())).exceptionally(e -> -1L);
      }
    });
  }

  @Override
  public CompletableFuture<String> clusterInfo() {
    return node.stats()
        .handle(
            (s, e) -> {
              StringBuilder b = new StringBuilder("# OmniPaxos\r\n");
              b.append("pid:").append(config.pid()).append("\r\n");
              if (s != null) {
                b.append("leader:")
                    .append(s.leader().isPresent() ? s.leader().getAsLong() : 0)
                    .append("\r\n");
                b.append("is_leader:")
                    .append(s.leader().equals(OptionalLong.of(s.pid())) ? 1 : 0)
                    .append("\r\n");
                b.append("ballot:").append(s.promise()).append("\r\n");
                b.append("decided_idx:").append(s.decidedIdx()).append("\r\n");
                b.append("accepted_idx:").append(s.acceptedIdx()).append("\r\n");
                b.append("compacted_idx:").append(s.compactedIdx()).append("\r\n");
                b.append("health:").append(health.evaluate(s).info()).append("\r\n");
                b.append("lease_held:").append(s.leaseHeld() ? 1 : 0).append("\r\n");
              } else {
                b.append("leader:0\r\n");
                b.append("health:unavailable (")
                    .append(Optional.ofNullable(cluster.notServing()).orElse("no configuration"))
                    .append(")\r\n");
              }
              b.append("applied_idx:").append(stateMachine.appliedIdx()).append("\r\n");
              b.append("read_mode:")
                  .append(config.readMode().name().toLowerCase(java.util.Locale.ROOT))
                  .append("\r\n");
              b.append("lease_reads:").append(leaseReads()).append("\r\n");
              b.append("lease_read_fallbacks:").append(leaseReadFallbacks()).append("\r\n");
              b.append("quorum_reads:").append(quorumReads()).append("\r\n");
              b.append("quorum_read_fallbacks:").append(quorumFallbacks.get()).append("\r\n");
              b.append("keys:").append(stateMachine.keys()).append("\r\n");
              b.append("cut_peers:").append(cutPeers).append("\r\n");
              b.append("# Cluster\r\n").append(clusterAdmin.describe());
              return b.toString();
            });
  }

  @Override
  public CompletableFuture<AdminReply> admin(List<String> args) {
    String op = args.isEmpty() ? "" : args.get(0).toLowerCase(java.util.Locale.ROOT);
    if (op.equals("cluster")) {
      return clusterAdmin
          .run(args.subList(1, args.size()))
          .thenApply(
              text ->
                  text.contains("\r\n")
                      ? new AdminReply.Data(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                      : new AdminReply.Status(text));
    }
    if (op.equals("backup") || op.startsWith("backup-")) {
      return backups.run(op, args.subList(1, args.size()));
    }
    if (!config.faultInjection()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "unknown OMNIPAXOS subcommand '"
                  + op
                  + "' (CUT and HEAL need --fault-injection); "
                  + ClusterAdmin.USAGE));
    }
    try {
      switch (op) {
        case "cut" -> cutPeers.add(Long.parseLong(args.get(1)));
        case "heal" -> {
          List<Long> healed = new ArrayList<>(cutPeers);
          cutPeers.clear();
          healed.forEach(node::reconnected);
        }
        default ->
            throw new IllegalArgumentException(
                "usage: OMNIPAXOS CUT <pid> | OMNIPAXOS HEAL | "
                    + ClusterAdmin.USAGE.substring("usage: ".length()));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture(new AdminReply.Status("OK"));
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

  /**
   * Where the other servers serve HTTP, for the dashboard at {@code /} of this server's HTTP
   * address, which gathers their views there: these take the place of the addresses the servers
   * announced through the log ({@code --dashboard-peers}).
   */
  public void dashboardPeers(Map<Long, InetSocketAddress> http) {
    announcer.override(http);
  }

  /** What every server announced about its addresses, at the applied position. */
  java.util.SortedMap<Long, omnipaxos.kv.command.ServerAddresses> announcedAddresses() {
    return stateMachine.announced();
  }

  omnipaxos.runtime.Membership membership() {
    return node.membership();
  }

  CompletableFuture<NodeStats> stats() {
    return node.stats();
  }

  NettyTransport<Envelope<KvEntry>, KvSnapshot> transport() {
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

  /** GETs in log mode answered after a read-index round, without a log entry. */
  long quorumReads() {
    return quorumReads.get();
  }

  public boolean isClosed() {
    return closed;
  }

  KvHealth health() {
    return health;
  }

  /** The node's statistics as last polled, or null before the first poll. */
  NodeStats latestStats() {
    return health.latestStats();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    release();
  }

  /**
   * Releases whatever is open, in the reverse order of opening (pumps end once the node closed).
   */
  private void release() {
    quietly("the client server", resp, RespServer::close);
    quietly("the dashboard", dashboard, Dashboard::close);
    quietly("the metrics", metrics, KvMetrics::close);
    quietly("the backups", backups, KvBackups::close);
    timer.shutdownNow();
    quietly("the decided subscription", subscription, DecidedSubscription::close);
    quietly("the snapshots", snapshots, KvSnapshotTaker::close);
    quietly("the node", node, OmniPaxosNode::close);
    quietly("the transport", transport, NettyTransport::close);
    for (Thread t : pumps) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    quietly("the cluster state", cluster, KvCluster::close);
  }

  private <R> void quietly(String what, R resource, java.util.function.Consumer<R> close) {
    if (resource == null) {
      return;
    }
    try {
      close.accept(resource);
    } catch (RuntimeException e) {
      LOG.warn("server {}: closing {} failed: {}", config.pid(), what, e.toString());
    }
  }

}
