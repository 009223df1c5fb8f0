package omnipaxos.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import omnipaxos.core.Message;
import omnipaxos.core.codec.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one node's OmniPaxos messages to and from its peers over TCP, on Netty NIO.
 *
 * <p>Connections: one per peer pair, dialed by the node with the lower pid and used in both
 * directions. Each side first sends a handshake naming its cluster id, its own pid, the pid it
 * expects at the other end and the latest configuration id it knows ({@link #setConfigurationId}).
 * A handshake from an unknown pid, another cluster, or a peer that should have been dialed the
 * other way is refused, counted by reason ({@link HandshakeRefusal}) and logged at WARN once per
 * claimed pid and reason, at DEBUG after; a different configuration id is only reported ({@link
 * TransportListener#onPeerConfiguration}, {@link #peerConfigurationId}). A lost or refused
 * connection is redialed after a backoff that doubles from {@code reconnectBackoffMin} to {@code
 * reconnectBackoffMax} and resets on success. Every connection to a peer after the first is
 * reported with {@link TransportListener#onReconnected}. With {@link TlsConfig} the connection is
 * mutual TLS first. Outgoing connections leave from {@link
 * NettyTransportConfig#outgoingBindAddress()}, the node's own address unless it listens on a
 * wildcard address; {@link #peerRemoteAddress} and {@link #peerLocalAddress} show a connection's
 * ends.
 *
 * <p>Membership: the peers of {@link NettyTransportConfig#peers()} (possibly none) are the first;
 * {@link #addPeer} adds a peer or moves it to a new address and {@link #removePeer} removes one,
 * closing its connection and dropping what is queued for it, at any time and from any thread;
 * {@link #peers()} lists the current ones. Only current peers are dialed, accepted, and sent to.
 *
 * <p>Sending: {@link #send} never blocks. It encodes the message on the caller's thread and queues
 * it on the receiver's bounded queue, which is drained on the connection's event loop into batch
 * frames, one flush per drain; messages sent while the peer is disconnected wait in the queue. A
 * full queue, a message too large for a frame, or a closed transport drops the message and counts
 * it ({@link TransportDropReason}); an unknown receiver throws {@link UnknownPeerException}.
 *
 * <p>Receiving: frames are decoded strictly ({@link MessageCodec}, {@code WIRE.md}); malformed,
 * truncated, oversized or wrong-version input, or a message that does not name the connection's two
 * pids, closes that connection with a logged reason and is counted; the transport keeps running and
 * the dialing side reconnects. Messages reach the {@link TransportListener} on event-loop threads,
 * in the order the peer sent them on that connection.
 *
 * @param <T> the entry type
 * @param <S> the snapshot type
 */
public final class NettyTransport<T, S> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

  private enum State { NEW, STARTED, CLOSED }

  private final NettyTransportConfig config;
  private final MessageCodec<T, S> codec;
  private final FrameCodec<T, S> frames;
  private final TransportListener<T, S> listener;
  private final Map<Long, PeerLink> links = new ConcurrentHashMap<>();
  private final Counters counters = new Counters();
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final HandshakeCheck handshakes;
  /** The pids ever connected; a peer removed and added again is still among them. */
  private final Set<Long> connectedBefore = ConcurrentHashMap.newKeySet();
  private final long backoffMinMillis;
  private final long backoffMaxMillis;
  /** The local host outgoing connections are bound to, or null to let the OS choose. */
  private final InetAddress bindHost;
  private volatile State state = State.NEW;
  private volatile int configurationId = 1;
  private volatile long incarnation;
  private EventLoopGroup group;
  private Channel server;
  private Bootstrap dialer;
  private SslContext serverTls;
  private SslContext clientTls;

  /**
   * A transport for the node {@code config.pid()}; nothing happens until {@link #start()}.
   *
   * @param entries the codec of the application's entries
   * @param snapshots the codec of the application's snapshots
   */
  public NettyTransport(NettyTransportConfig config, Codec<T> entries, Codec<S> snapshots,
      TransportListener<T, S> listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.codec = new MessageCodec<>(entries, snapshots);
    this.frames = new FrameCodec<>(codec);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.backoffMinMillis = Math.max(1, config.reconnectBackoffMin().toMillis());
    this.backoffMaxMillis = Math.max(backoffMinMillis, config.reconnectBackoffMax().toMillis());
    this.bindHost = config.outgoingBindAddress().orElse(null);
    this.handshakes = new HandshakeCheck(config.pid(), config.clusterId(), links::get, counters);
    config.peers().forEach((pid, address) -> links.put(pid, newLink(pid, address)));
  }

  private PeerLink newLink(long pid, InetSocketAddress address) {
    return new PeerLink(
        pid,
        address,
        config.pid() < pid,
        config.peerQueueCapacity(),
        config.maxFrameSize(),
        counters);
  }

  /**
   * Binds the listen address and starts dialing the peers with higher pids.
   *
   * @return the address actually bound (the port is chosen if the configured one is 0)
   * @throws IllegalStateException if already started or closed
   * @throws UncheckedIOException if the address cannot be bound or the TLS files cannot be loaded
   */
  public synchronized InetSocketAddress start() {
    if (state != State.NEW) {
      throw new IllegalStateException("transport of node " + config.pid() + " is " + state);
    }
    loadTls();
    group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
        new DefaultThreadFactory("omnipaxos-net-" + config.pid(), true), NioIoHandler.newFactory());
    WriteBufferWaterMark waterMark = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    ServerBootstrap sb = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .childHandler(initializer(null, null));
    ChannelFuture bound = sb.bind(config.listenAddress()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      state = State.CLOSED;
      throw new UncheckedIOException(
          "node " + config.pid() + " cannot listen on " + config.listenAddress(),
          bound.cause() instanceof IOException io ? io : new IOException(bound.cause()));
    }
    server = bound.channel();
    dialer = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
            config.connectTimeout().toMillis()));
    state = State.STARTED;
    LOG.info("node {}: listening on {}", config.pid(), server.localAddress());
    links.values().stream()
        .filter(l -> l.dialer)
        .sorted(Comparator.comparingLong(l -> l.pid))
        .forEach(this::dial);
    return localAddress();
  }

  /** The bound listen address; only after {@link #start()}. */
  public InetSocketAddress localAddress() {
    if (server == null) {
      throw new IllegalStateException("transport of node " + config.pid() + " is not started");
    }
    return (InetSocketAddress) server.localAddress();
  }

  /**
   * Queues {@code message} for its receiver without blocking. Messages to one peer leave in the
   * order they were queued; those sent before {@link #start()} or while disconnected wait in the
   * queue. A message that cannot be queued is dropped and counted (see {@link
   * TransportDropReason}).
   *
   * @throws UnknownPeerException if the receiver is not a current peer
   * @throws IllegalArgumentException if the sender is not this node
   * @throws RuntimeException whatever the entry or snapshot codec throws while encoding
   */
  public void send(Message<T, S> message) {
    PeerLink link = links.get(message.to());
    if (link == null) {
      throw new UnknownPeerException(message.to());
    }
    if (message.from() != config.pid()) {
      throw new IllegalArgumentException(
          "node " + config.pid() + " cannot send a message from " + message.from());
    }
    if (state == State.CLOSED) {
      counters.dropped(TransportDropReason.CLOSED, 1);
      return;
    }
    byte[] encoded = codec.encode(message);
    if (FrameCodec.BATCH_OVERHEAD + FrameCodec.PER_MESSAGE_OVERHEAD + (long) encoded.length
        > config.maxFrameSize()) {
      counters.dropped(TransportDropReason.MESSAGE_TOO_LARGE, 1);
      LOG.warn(
          "node {}: dropped a message of {} bytes to {}: larger than the maximum frame size {}",
          config.pid(),
          encoded.length,
          message.to(),
          config.maxFrameSize());
      return;
    }
    if (!link.offer(encoded)) {
      counters.dropped(TransportDropReason.QUEUE_FULL, 1);
    } else if (state == State.CLOSED || link.isRemoved()) {
      counters.dropped(TransportDropReason.CLOSED, link.discard());
    }
  }

  /**
   * Adds {@code pid} as a peer at {@code address}, or moves a peer to a new address. If this node
   * has the lower pid and the transport is started, it dials the peer; otherwise it accepts the
   * peer's connection from now on, which it would have refused before. A moved peer that this node
   * dials is dialed at its new address from the next attempt on, and a connection this node dialed
   * to the old one is closed. Adding a peer again at the same address changes nothing. Any thread
   * may call it.
   *
   * @throws IllegalArgumentException if {@code pid} is not positive or is this node's own pid
   */
  public synchronized void addPeer(long pid, InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    if (pid <= 0 || pid == config.pid()) {
      throw new IllegalArgumentException(
          "a peer pid must be positive and differ from the own pid "
              + config.pid()
              + ", got "
              + pid);
    }
    PeerLink link = links.get(pid);
    if (link == null) {
      PeerLink added = newLink(pid, address);
      links.put(pid, added);
      LOG.info("node {}: added peer {} at {}", config.pid(), pid, address);
      if (added.dialer && state == State.STARTED) {
        dial(added);
      }
    } else if (!link.address().equals(address)) {
      LOG.info("node {}: peer {} moves from {} to {}", config.pid(), pid, link.address(), address);
      Channel old = link.moveTo(address);
      if (old != null) {
        old.close();
      }
    }
  }

  /**
   * Removes {@code pid} from the peers: closes its connection, stops redialing it, and drops what
   * is queued for it (counted as {@link TransportDropReason#CLOSED}). From then on messages to it
   * throw {@link UnknownPeerException} and its handshakes are refused ({@link
   * HandshakeRefusal#UNKNOWN_PEER}) until it is added again. Removing a pid that is not a peer does
   * nothing. Any thread may call it.
   */
  public synchronized void removePeer(long pid) {
    PeerLink link = links.remove(pid);
    if (link == null) {
      return;
    }
    List<Channel> open = link.remove();
    open.forEach(Channel::close);
    counters.dropped(TransportDropReason.CLOSED, link.discard());
    LOG.info("node {}: removed peer {}", config.pid(), pid);
  }

  /** The current peers and their addresses, by pid; {@link #config()} has the initial ones. */
  public Map<Long, InetSocketAddress> peers() {
    Map<Long, InetSocketAddress> all = new TreeMap<>();
    links.values().forEach(l -> all.put(l.pid, l.address()));
    return Collections.unmodifiableMap(all);
  }

  /**
   * Sets the configuration id this node names in its handshakes from now on: the latest
   * configuration it knows (1 until set). Connections already up are not affected; peers learn the
   * new id at their next handshake. Any thread may call it.
   *
   * @throws IllegalArgumentException if {@code configurationId} is not positive
   */
  /**
   * Names {@code incarnation} (of this node's durable state) in every handshake and lets {@code
   * admission} refuse peers by theirs ({@link HandshakeRefusal#NEW_INCARNATION}). Call before
   * {@link #start()}.
   */
  public synchronized void admitPeers(long incarnation, PeerAdmission admission) {
    this.incarnation = incarnation;
    handshakes.admission(java.util.Objects.requireNonNull(admission, "admission"));
  }

  public void setConfigurationId(int configurationId) {
    if (configurationId <= 0) {
      throw new IllegalArgumentException(
          "configuration id must be positive, got " + configurationId);
    }
    this.configurationId = configurationId;
  }

  /** The configuration id this node names in its handshakes. */
  public int configurationId() {
    return configurationId;
  }

  /**
   * The configuration id {@code pid} named in its last completed handshake with this node, or empty
   * if none has completed yet. It stays after the connection is lost.
   *
   * @throws UnknownPeerException if {@code pid} is not a peer
   */
  public OptionalInt peerConfigurationId(long pid) {
    int id = link(pid).peerConfigurationId();
    return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * For diagnostics: the other end's address of the established connection to {@code pid}, or empty
   * while not connected. On a connection {@code pid} dialed, it is the address it dialed from.
   *
   * @throws UnknownPeerException if {@code pid} is not a peer
   */
  public Optional<InetSocketAddress> peerRemoteAddress(long pid) {
    return link(pid).channel().map(ch -> (InetSocketAddress) ch.remoteAddress());
  }

  /**
   * For diagnostics: this end's address of the established connection to {@code pid}, or empty
   * while not connected. On a connection this node dialed, it is bound to {@link
   * NettyTransportConfig#outgoingBindAddress()} when that is set.
   *
   * @throws UnknownPeerException if {@code pid} is not a peer
   */
  public Optional<InetSocketAddress> peerLocalAddress(long pid) {
    return link(pid).channel().map(ch -> (InetSocketAddress) ch.localAddress());
  }

  /** Whether a connection to {@code pid} is established (handshake completed) right now. */
  public boolean isConnected(long pid) {
    return link(pid).isConnected();
  }

  private PeerLink link(long pid) {
    PeerLink link = links.get(pid);
    if (link == null) {
      throw new UnknownPeerException(pid);
    }
    return link;
  }

  /** The counters so far. */
  public TransportStats stats() {
    return counters.snapshot();
  }

  /**
   * The configuration this transport was created with; the current peers are in {@link #peers()}.
   */
  public NettyTransportConfig config() {
    return config;
  }

  /** Closes every connection and the listener, drops what is still queued (counted as CLOSED). */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      boolean started = state == State.STARTED;
      state = State.CLOSED;
      if (!started) {
        return;
      }
    }
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    for (Channel ch : List.copyOf(channels)) {
      ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    for (PeerLink link : links.values()) {
      counters.dropped(TransportDropReason.CLOSED, link.discard());
    }
    LOG.info("node {}: transport closed", config.pid());
  }

  // ---- connection management, called by the handlers ----

  long pid() {
    return config.pid();
  }

  String clusterId() {
    return config.clusterId();
  }

  long incarnation() {
    return incarnation;
  }

  Counters counters() {
    return counters;
  }

  HandshakeCheck handshakes() {
    return handshakes;
  }

  /**
   * A handshake with {@code pid}, which named {@code peerConfigurationId}, completed on {@code ch}.
   * Returns the peer's link, or null if the peer was removed meanwhile (then {@code ch} is closed).
   *
   * @param dialed the peer this side dialed, or null on an accepted connection
   */
  PeerLink established(PeerLink dialed, long pid, int peerConfigurationId, Channel ch) {
    PeerLink link = dialed != null ? dialed : links.get(pid);
    PeerLink.Established e =
        link == null ? null : link.establish(ch, peerConfigurationId, backoffMinMillis);
    if (e == null || e.removed()) {
      LOG.info("node {}: closing the new connection to {}: no longer a peer", config.pid(), pid);
      ch.close();
      return null;
    }
    if (e.replaced() != null) {
      LOG.info("node {}: a new connection from {} replaces {}", config.pid(), pid, e.replaced());
      e.replaced().close();
    }
    try {
      listener.onPeerConfiguration(pid, peerConfigurationId);
    } catch (RuntimeException ex) {
      LOG.error(
          "node {}: listener failed on onPeerConfiguration({}, {})",
          config.pid(),
          pid,
          peerConfigurationId,
          ex);
    }
    if (!connectedBefore.add(pid)) {
      counters.reconnects.increment();
      LOG.info(
          "node {}: reconnected to {} (configuration {})", config.pid(), pid, peerConfigurationId);
      try {
        listener.onReconnected(pid);
      } catch (RuntimeException ex) {
        LOG.error("node {}: listener failed on onReconnected({})", config.pid(), pid, ex);
      }
    } else {
      LOG.info(
          "node {}: connected to {} (configuration {})", config.pid(), pid, peerConfigurationId);
    }
    link.scheduleDrain();
    return link;
  }

  /** The connection {@code ch} to {@code link}'s peer closed. */
  void lost(PeerLink link, Channel ch) {
    if (link.lost(ch)) {
      LOG.info("node {}: connection to {} lost", config.pid(), link.pid);
    }
  }

  void deliver(Message<T, S> message) {
    counters.received.increment();
    try {
      listener.onMessage(message);
    } catch (RuntimeException e) {
      LOG.error("node {}: listener failed on a message from {}", config.pid(), message.from(), e);
    }
  }

  // ---- dialing ----

  /**
   * Whether {@code link} should be dialed: the transport runs and the link is its peer's current
   * one.
   */
  private boolean current(PeerLink link) {
    return state == State.STARTED && links.get(link.pid) == link;
  }

  private void dial(PeerLink link) {
    if (!current(link)) {
      return;
    }
    InetSocketAddress target = link.address();
    Channel ch;
    try {
      Bootstrap b = dialer.clone().handler(initializer(link, target));
      ChannelFuture connect = bindHost == null ? b.connect(target)
          : b.connect(target, new InetSocketAddress(bindHost, 0));
      ch = connect.channel();
    } catch (RejectedExecutionException e) {
      return;
    }
    if (!link.dialing(ch)) {
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> redial(link));
    if (!target.equals(link.address())) {
      ch.close(); // moved while this dial started: redial at the new address
    }
  }

  private void redial(PeerLink link) {
    if (!current(link)) {
      return;
    }
    long delay = link.nextBackoff(backoffMinMillis, backoffMaxMillis);
    LOG.debug(
        "node {}: redialing {} at {} in {} ms", config.pid(), link.pid, link.address(), delay);
    try {
      group.schedule(() -> dial(link), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("node {}: not redialing {}, shutting down", config.pid(), link.pid);
    }
  }

  /**
   * The pipeline of a connection: accepted if {@code dialed} is null, else dialed to {@code
   * target}.
   */
  private ChannelInitializer<SocketChannel> initializer(PeerLink dialed, InetSocketAddress target) {
    long idleMillis = config.idleTimeout().toMillis();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
        ChannelPipeline p = ch.pipeline();
        if (dialed == null && serverTls != null) {
          p.addLast("tls", serverTls.newHandler(ch.alloc()));
        } else if (dialed != null && clientTls != null) {
          p.addLast(
              "tls", clientTls.newHandler(ch.alloc(), target.getHostString(), target.getPort()));
        }
        p.addLast(
            "idle", new IdleStateHandler(idleMillis, idleMillis / 3, 0, TimeUnit.MILLISECONDS));
        p.addLast("frames", new FrameDecoder<>(frames, config.maxFrameSize()));
        p.addLast("connection", new ConnectionHandler<>(NettyTransport.this, dialed));
      }
    };
  }

  private void loadTls() {
    if (config.tls().isEmpty()) {
      return;
    }
    TlsConfig tls = config.tls().get();
    try {
      serverTls =
          SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
              .trustManager(tls.trustedCertificates().toFile())
              .clientAuth(ClientAuth.REQUIRE)
              .sslProvider(SslProvider.JDK)
              .build();
      clientTls = SslContextBuilder.forClient()
          .keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile())
          .trustManager(tls.trustedCertificates().toFile())
          .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null)
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      state = State.CLOSED;
      throw new UncheckedIOException("node " + config.pid() + " cannot load its TLS files",
          new IOException(e));
    }
  }
}
