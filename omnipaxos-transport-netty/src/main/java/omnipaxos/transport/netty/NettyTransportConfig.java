package omnipaxos.transport.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import omnipaxos.core.InvalidConfigException;

/**
 * Settings of one node's {@link NettyTransport}. Build it with {@link #builder()}; the constructor
 * checks every rule and throws {@link InvalidConfigException} naming the first one broken.
 *
 * @param pid this node's pid, positive
 * @param clusterId names the cluster; a connection from a node with another cluster id is refused
 *     (1 to 255 bytes of UTF-8)
 * @param listenAddress where this node accepts connections; port 0 picks a free port
 * @param peers the other members' pids and addresses at start, possibly none (a server that joins a
 *     cluster may start before it knows anyone; {@link NettyTransport#addPeer} adds peers later);
 *     the node with the lower pid of a pair dials the other, so only the addresses of higher pids
 *     are ever dialed
 * @param maxFrameSize the largest frame accepted or sent, in bytes after the 4-byte length prefix;
 *     a message that does not fit is dropped on send ({@link
 *     TransportDropReason#MESSAGE_TOO_LARGE}), so this must hold the largest log sync or snapshot
 *     the application produces; give every node of a cluster the same value, since a frame larger
 *     than the receiver's maximum closes the connection
 * @param peerQueueCapacity messages queued per peer while the connection is down or busy; beyond it
 *     sends are dropped ({@link TransportDropReason#QUEUE_FULL}). The bound counts messages, not
 *     bytes: memory use is up to this many of the largest messages the node sends
 * @param reconnectBackoffMin the first delay before redialing a lost or refused connection
 * @param reconnectBackoffMax the delay doubles after each failed attempt up to this bound
 * @param connectTimeout how long one dial may take
 * @param idleTimeout a connection that receives nothing for this long (the handshake included) is
 *     closed; an idle sender pings every third of it, so give every node of a cluster the same
 *     value
 * @param ioThreads Netty event-loop threads
 * @param tls mutual TLS, or empty for plain TCP
 * @param bindAddress the local address outgoing connections are bound to (with a port the OS
 *     picks); when empty, the host of {@code listenAddress}, unless that is a wildcard address
 *     (then the OS chooses). Dialing from the node's own address lets a firewall rule on source and
 *     destination address cut exactly one pair of nodes; see {@link #outgoingBindAddress()}
 */
public record NettyTransportConfig(
    long pid,
    String clusterId,
    InetSocketAddress listenAddress,
    Map<Long, InetSocketAddress> peers,
    int maxFrameSize,
    int peerQueueCapacity,
    Duration reconnectBackoffMin,
    Duration reconnectBackoffMax,
    Duration connectTimeout,
    Duration idleTimeout,
    int ioThreads,
    Optional<TlsConfig> tls,
    Optional<InetAddress> bindAddress) {

  public static final String DEFAULT_CLUSTER_ID = "omnipaxos";
  public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
  /** The smallest allowed {@link #maxFrameSize}. */
  public static final int MIN_MAX_FRAME_SIZE = 1024;
  public static final int DEFAULT_PEER_QUEUE_CAPACITY = 16_384;
  public static final Duration DEFAULT_RECONNECT_BACKOFF_MIN = Duration.ofMillis(50);
  public static final Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

  public NettyTransportConfig {
    if (pid <= 0) {
      throw new InvalidConfigException("pid must be positive, got " + pid);
    }
    Objects.requireNonNull(clusterId, "clusterId");
    int idBytes = clusterId.getBytes(StandardCharsets.UTF_8).length;
    if (idBytes == 0 || idBytes > FrameCodec.MAX_CLUSTER_ID_BYTES) {
      throw new InvalidConfigException("clusterId must have 1.." + FrameCodec.MAX_CLUSTER_ID_BYTES
          + " bytes of UTF-8, got " + idBytes);
    }
    Objects.requireNonNull(listenAddress, "listenAddress");
    peers = Map.copyOf(peers);
    for (long peer : peers.keySet()) {
      if (peer <= 0 || peer == pid) {
        throw new InvalidConfigException(
            "peer pids must be positive and differ from the own pid " + pid + ", got " + peer);
      }
    }
    if (maxFrameSize < MIN_MAX_FRAME_SIZE) {
      throw new InvalidConfigException(
          "maxFrameSize must be at least " + MIN_MAX_FRAME_SIZE + ", got " + maxFrameSize);
    }
    if (peerQueueCapacity <= 0) {
      throw new InvalidConfigException(
          "peerQueueCapacity must be positive, got " + peerQueueCapacity);
    }
    positive("reconnectBackoffMin", reconnectBackoffMin);
    positive("reconnectBackoffMax", reconnectBackoffMax);
    if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
      throw new InvalidConfigException("reconnectBackoffMax " + reconnectBackoffMax
          + " is below reconnectBackoffMin " + reconnectBackoffMin);
    }
    positive("connectTimeout", connectTimeout);
    positive("idleTimeout", idleTimeout);
    if (idleTimeout.toMillis() < 30) {
      throw new InvalidConfigException("idleTimeout must be at least 30 ms, got " + idleTimeout);
    }
    if (ioThreads <= 0) {
      throw new InvalidConfigException("ioThreads must be positive, got " + ioThreads);
    }
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(bindAddress, "bindAddress");
  }

  /**
   * A configuration whose outgoing connections leave from the default address (no {@code
   * bindAddress}).
   */
  public NettyTransportConfig(
      long pid,
      String clusterId,
      InetSocketAddress listenAddress,
      Map<Long, InetSocketAddress> peers,
      int maxFrameSize,
      int peerQueueCapacity,
      Duration reconnectBackoffMin,
      Duration reconnectBackoffMax,
      Duration connectTimeout,
      Duration idleTimeout,
      int ioThreads,
      Optional<TlsConfig> tls) {
    this(pid, clusterId, listenAddress, peers, maxFrameSize, peerQueueCapacity, reconnectBackoffMin,
        reconnectBackoffMax, connectTimeout, idleTimeout, ioThreads, tls, Optional.empty());
  }

  /**
   * The local address outgoing connections are bound to: {@link #bindAddress} if set, else the host
   * of {@link #listenAddress} if it is a specific (resolved, not wildcard) address, else empty: the
   * OS picks the source address.
   */
  public Optional<InetAddress> outgoingBindAddress() {
    if (bindAddress.isPresent()) {
      return bindAddress;
    }
    InetAddress host = listenAddress.getAddress();
    return host == null || host.isAnyLocalAddress() ? Optional.empty() : Optional.of(host);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(name + " must be positive, got " + d);
    }
  }

  /** A builder starting from the defaults; pid and listen address must be set, peers may be. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .pid(pid)
        .clusterId(clusterId)
        .listenAddress(listenAddress)
        .peers(peers)
        .maxFrameSize(maxFrameSize)
        .peerQueueCapacity(peerQueueCapacity)
        .reconnectBackoff(reconnectBackoffMin, reconnectBackoffMax)
        .connectTimeout(connectTimeout)
        .idleTimeout(idleTimeout)
        .ioThreads(ioThreads)
        .tls(tls.orElse(null))
        .bindAddress(bindAddress.orElse(null));
  }

  /** Fluent builder for {@link NettyTransportConfig}. */
  public static final class Builder {
    private long pid;
    private String clusterId = DEFAULT_CLUSTER_ID;
    private InetSocketAddress listenAddress;
    private final Map<Long, InetSocketAddress> peers = new LinkedHashMap<>();
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int peerQueueCapacity = DEFAULT_PEER_QUEUE_CAPACITY;
    private Duration reconnectBackoffMin = DEFAULT_RECONNECT_BACKOFF_MIN;
    private Duration reconnectBackoffMax = DEFAULT_RECONNECT_BACKOFF_MAX;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int ioThreads = 1;
    private TlsConfig tls;
    private InetAddress bindAddress;

    private Builder() {}

    public Builder pid(long pid) {
      this.pid = pid;
      return this;
    }

    public Builder clusterId(String clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    public Builder listenAddress(InetSocketAddress address) {
      this.listenAddress = address;
      return this;
    }

    /** Adds or replaces one peer. */
    public Builder peer(long pid, InetSocketAddress address) {
      peers.put(pid, Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Replaces all peers. */
    public Builder peers(Map<Long, InetSocketAddress> all) {
      peers.clear();
      all.forEach(this::peer);
      return this;
    }

    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    public Builder peerQueueCapacity(int messages) {
      this.peerQueueCapacity = messages;
      return this;
    }

    public Builder reconnectBackoff(Duration min, Duration max) {
      this.reconnectBackoffMin = min;
      this.reconnectBackoffMax = max;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /** Mutual TLS, or {@code null} for plain TCP. */
    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /** The local address outgoing connections leave from, or {@code null} for the default. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = address;
      return this;
    }

    /** The configuration; throws {@link InvalidConfigException} naming the first rule broken. */
    public NettyTransportConfig build() {
      return new NettyTransportConfig(
          pid,
          clusterId,
          listenAddress,
          peers,
          maxFrameSize,
          peerQueueCapacity,
          reconnectBackoffMin,
          reconnectBackoffMax,
          connectTimeout,
          idleTimeout,
          ioThreads,
          Optional.ofNullable(tls),
          Optional.ofNullable(bindAddress));
    }
  }
}
