package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.transport.netty.TlsConfig;

/**
 * Settings of one key-value server.
 *
 * @param pid this server's pid
 * @param nodes every member's pid and its server-to-server address (this server's own included: it
 *     listens there); needed to bootstrap a cluster, optional later (the data directory knows the
 *     members), and if given then it must match what the data directory holds
 * @param clientAddress where the RESP server listens (port 0 picks one)
 * @param httpAddress where health and metrics are served, or empty for none
 * @param dataDir where RocksDB keeps the log, or empty to keep it in memory (lost on restart)
 * @param tls mutual TLS between servers, or empty for plain TCP
 * @param electionTimeoutMs the election timeout
 * @param snapshotEvery compact the log into a snapshot every this many applied entries
 * @param faultInjection whether the OMNIPAXOS CUT/HEAL commands may cut links (tests only)
 * @param readMode how {@code GET} is answered: through the log, or under a leader lease
 * @param requestTimeoutMs every client command is answered within this bound, retries included; one
 *     that nothing decided by then gets an error reply (a write's says it may still be decided)
 * @param start how the server becomes part of its cluster the first time
 * @param requirePass the password clients must AUTH with before any other command, or empty
 * @param advertise the addresses this server announces to the others, where they differ from those
 *     it listens on
 */
public record KvServerConfig(
    long pid,
    Map<Long, InetSocketAddress> nodes,
    InetSocketAddress clientAddress,
    Optional<InetSocketAddress> httpAddress,
    Optional<Path> dataDir,
    Optional<TlsConfig> tls,
    long electionTimeoutMs,
    long snapshotEvery,
    boolean faultInjection,
    ReadMode readMode,
    long requestTimeoutMs,
    Start start,
    Optional<String> requirePass,
    Advertise advertise) {

  /**
   * The HTTP and client addresses a server announces through the log (so that every server's
   * dashboard finds it), where they are not those it listens on. Without one, a server announces
   * the address it listens on, and, if that is a wildcard ({@code 0.0.0.0} or {@code ::}), the host
   * of its server-to-server address (its {@code --nodes} entry, or {@code --listen}) with the port
   * it listens on.
   *
   * @param http the HTTP address to announce ({@code --advertise-http})
   * @param client the client address to announce ({@code --advertise-client})
   */
  public record Advertise(Optional<InetSocketAddress> http, Optional<InetSocketAddress> client) {
    /** Announce what the server listens on. */
    public static final Advertise LISTENED = new Advertise(Optional.empty(), Optional.empty());

    public Advertise {
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(client, "client");
    }
  }

  /**
   * How a server with an empty data directory becomes part of a cluster (a server whose data
   * directory already belongs to a cluster resumes there, whatever is given here).
   *
   * @param bootstrap start a new cluster with {@code nodes} as its first configuration
   * @param join the client address of a member of the cluster to join (the server then waits to be
   *     added)
   * @param listen this server's own server-to-server address, if {@code nodes} does not give it
   * @param clusterName the name the new cluster's id is derived from, with its first members
   */
  public record Start(
      boolean bootstrap,
      Optional<InetSocketAddress> join,
      Optional<InetSocketAddress> listen,
      String clusterName) {
    public Start {
      Objects.requireNonNull(join, "join");
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(clusterName, "clusterName");
      if (bootstrap && join.isPresent()) {
        throw new InvalidConfigException("bootstrap and join exclude each other");
      }
    }

    /** Bootstraps a cluster named {@code name} (or resumes it). */
    public static Start bootstrap(String name) {
      return new Start(true, Optional.empty(), Optional.empty(), name);
    }

    /**
     * Joins the cluster a member of which serves clients at {@code member}, listening on {@code
     * listen}.
     */
    public static Start join(InetSocketAddress member, InetSocketAddress listen) {
      return new Start(false, Optional.of(member), Optional.of(listen), DEFAULT_CLUSTER_NAME);
    }

    /** Resumes on a data directory that belongs to a cluster. */
    public static Start resume() {
      return new Start(false, Optional.empty(), Optional.empty(), DEFAULT_CLUSTER_NAME);
    }
  }

  public static final long DEFAULT_ELECTION_TIMEOUT_MS = 500;
  public static final String DEFAULT_CLUSTER_NAME = "omnipaxos";

  /**
   * Below the 2 s socket time-out of Jedis' defaults, so that such a client gets the error reply.
   */
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 1_500;

  public static final long DEFAULT_SNAPSHOT_EVERY = 50_000;
  /** With lease reads: the followers' hold, as a share of the election timeout (percent). */
  public static final int LEASE_PERCENT_OF_ELECTION_TIMEOUT = 80;
  /** With lease reads: the assumed bound on clock-rate differences between servers. */
  public static final int LEASE_CLOCK_DRIFT_PERCENT = 10;

  public KvServerConfig {
    nodes = Map.copyOf(nodes);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(httpAddress, "httpAddress");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(readMode, "readMode");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(requirePass, "requirePass");
    Objects.requireNonNull(advertise, "advertise");
    if (start.bootstrap() && !nodes.containsKey(pid)) {
      throw new InvalidConfigException(
          "own pid " + pid + " has no address among the nodes " + new TreeMap<>(nodes));
    }
    if (electionTimeoutMs <= 0 || snapshotEvery <= 0 || requestTimeoutMs <= 0) {
      throw new InvalidConfigException(
          "electionTimeoutMs, snapshotEvery and requestTimeoutMs must be positive");
    }
  }

  /**
   * A server that announces the addresses it listens on.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig(long pid, Map<Long, InetSocketAddress> nodes,
      InetSocketAddress clientAddress, Optional<InetSocketAddress> httpAddress,
      Optional<Path> dataDir, Optional<TlsConfig> tls, long electionTimeoutMs, long snapshotEvery,
      boolean faultInjection, ReadMode readMode, long requestTimeoutMs, Start start,
      Optional<String> requirePass) {
    this(pid, nodes, clientAddress, httpAddress, dataDir, tls, electionTimeoutMs, snapshotEvery,
        faultInjection, readMode, requestTimeoutMs, start, requirePass, Advertise.LISTENED);
  }

  /**
   * A server starting as {@code start}, without a client password.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig(long pid, Map<Long, InetSocketAddress> nodes,
      InetSocketAddress clientAddress, Optional<InetSocketAddress> httpAddress,
      Optional<Path> dataDir, Optional<TlsConfig> tls, long electionTimeoutMs, long snapshotEvery,
      boolean faultInjection, ReadMode readMode, long requestTimeoutMs, Start start) {
    this(pid, nodes, clientAddress, httpAddress, dataDir, tls, electionTimeoutMs, snapshotEvery,
        faultInjection, readMode, requestTimeoutMs, start, Optional.empty());
  }

  /**
   * A server that bootstraps (or resumes) the cluster of {@code nodes}.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig(long pid, Map<Long, InetSocketAddress> nodes,
      InetSocketAddress clientAddress, Optional<InetSocketAddress> httpAddress,
      Optional<Path> dataDir, Optional<TlsConfig> tls, long electionTimeoutMs, long snapshotEvery,
      boolean faultInjection, ReadMode readMode, long requestTimeoutMs) {
    this(pid, nodes, clientAddress, httpAddress, dataDir, tls, electionTimeoutMs, snapshotEvery,
        faultInjection, readMode, requestTimeoutMs, Start.bootstrap(DEFAULT_CLUSTER_NAME));
  }

  /**
   * A server with the default request time-out.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig(long pid, Map<Long, InetSocketAddress> nodes,
      InetSocketAddress clientAddress, Optional<InetSocketAddress> httpAddress,
      Optional<Path> dataDir, Optional<TlsConfig> tls, long electionTimeoutMs, long snapshotEvery,
      boolean faultInjection, ReadMode readMode) {
    this(pid, nodes, clientAddress, httpAddress, dataDir, tls, electionTimeoutMs, snapshotEvery,
        faultInjection, readMode, DEFAULT_REQUEST_TIMEOUT_MS);
  }

  /**
   * A server that reads through the log, with the default request time-out.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig(long pid, Map<Long, InetSocketAddress> nodes,
      InetSocketAddress clientAddress, Optional<InetSocketAddress> httpAddress,
      Optional<Path> dataDir, Optional<TlsConfig> tls, long electionTimeoutMs, long snapshotEvery,
      boolean faultInjection) {
    this(pid, nodes, clientAddress, httpAddress, dataDir, tls, electionTimeoutMs, snapshotEvery,
        faultInjection, ReadMode.LOG);
  }

  /**
   * A builder with the defaults: no nodes, no HTTP address, in memory, plain TCP, the default
   * election timeout, snapshot interval and request time-out, no fault injection, reads through the
   * log, bootstrapping the default cluster name, no password, announcing what it listens on. The
   * pid and the client address must be set.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this configuration's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * This configuration, starting as {@code how}.
   *
   * @deprecated use {@link #toBuilder()} and {@link Builder#start}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig withStart(Start how) {
    return toBuilder().start(how).build();
  }

  /**
   * This configuration, with clients required to AUTH with {@code password}.
   *
   * @deprecated use {@link #toBuilder()} and {@link Builder#requirePass}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig withRequirePass(String password) {
    return toBuilder().requirePass(password).build();
  }

  /**
   * This configuration, announcing {@code addresses} to the other servers.
   *
   * @deprecated use {@link #toBuilder()} and {@link Builder#advertise}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public KvServerConfig withAdvertise(Advertise addresses) {
    return toBuilder().advertise(addresses).build();
  }

  /** The followers' lease hold in milliseconds, 0 unless reads use leases. */
  public long leaseMs() {
    return readMode == ReadMode.LEASE
        ? electionTimeoutMs * LEASE_PERCENT_OF_ELECTION_TIMEOUT / 100
        : 0;
  }

  /** Collects the settings of a {@link KvServerConfig}; see the record's parameters. */
  public static final class Builder {
    private long pid;
    private Map<Long, InetSocketAddress> nodes = Map.of();
    private InetSocketAddress clientAddress;
    private Optional<InetSocketAddress> httpAddress = Optional.empty();
    private Optional<Path> dataDir = Optional.empty();
    private Optional<TlsConfig> tls = Optional.empty();
    private long electionTimeoutMs = DEFAULT_ELECTION_TIMEOUT_MS;
    private long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
    private boolean faultInjection;
    private ReadMode readMode = ReadMode.LOG;
    private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
    private Start start = Start.bootstrap(DEFAULT_CLUSTER_NAME);
    private Optional<String> requirePass = Optional.empty();
    private Advertise advertise = Advertise.LISTENED;

    private Builder() {}

    private Builder(KvServerConfig c) {
      pid = c.pid;
      nodes = c.nodes;
      clientAddress = c.clientAddress;
      httpAddress = c.httpAddress;
      dataDir = c.dataDir;
      tls = c.tls;
      electionTimeoutMs = c.electionTimeoutMs;
      snapshotEvery = c.snapshotEvery;
      faultInjection = c.faultInjection;
      readMode = c.readMode;
      requestTimeoutMs = c.requestTimeoutMs;
      start = c.start;
      requirePass = c.requirePass;
      advertise = c.advertise;
    }

    /** See {@link KvServerConfig#pid()}. */
    public Builder pid(long pid) {
      this.pid = pid;
      return this;
    }

    /** See {@link KvServerConfig#nodes()}. */
    public Builder nodes(Map<Long, InetSocketAddress> nodes) {
      this.nodes = Map.copyOf(nodes);
      return this;
    }

    /** See {@link KvServerConfig#clientAddress()}. */
    public Builder clientAddress(InetSocketAddress address) {
      this.clientAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** See {@link KvServerConfig#httpAddress()}. */
    public Builder httpAddress(Optional<InetSocketAddress> address) {
      this.httpAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Serves health and metrics at {@code address}. */
    public Builder httpAddress(InetSocketAddress address) {
      return httpAddress(Optional.of(address));
    }

    /** See {@link KvServerConfig#dataDir()}. */
    public Builder dataDir(Optional<Path> dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Keeps the log in RocksDB under {@code dir}. */
    public Builder dataDir(Path dir) {
      return dataDir(Optional.of(dir));
    }

    /** See {@link KvServerConfig#tls()}. */
    public Builder tls(Optional<TlsConfig> tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** See {@link KvServerConfig#electionTimeoutMs()}. */
    public Builder electionTimeoutMs(long ms) {
      this.electionTimeoutMs = ms;
      return this;
    }

    /** See {@link KvServerConfig#snapshotEvery()}. */
    public Builder snapshotEvery(long entries) {
      this.snapshotEvery = entries;
      return this;
    }

    /** See {@link KvServerConfig#faultInjection()}. */
    public Builder faultInjection(boolean enabled) {
      this.faultInjection = enabled;
      return this;
    }

    /** See {@link KvServerConfig#readMode()}. */
    public Builder readMode(ReadMode mode) {
      this.readMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** See {@link KvServerConfig#requestTimeoutMs()}. */
    public Builder requestTimeoutMs(long ms) {
      this.requestTimeoutMs = ms;
      return this;
    }

    /** See {@link KvServerConfig#start()}. */
    public Builder start(Start how) {
      this.start = Objects.requireNonNull(how, "how");
      return this;
    }

    /** See {@link KvServerConfig#requirePass()}. */
    public Builder requirePass(Optional<String> password) {
      this.requirePass = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Requires clients to AUTH with {@code password}. */
    public Builder requirePass(String password) {
      return requirePass(Optional.of(password));
    }

    /** See {@link KvServerConfig#advertise()}. */
    public Builder advertise(Advertise addresses) {
      this.advertise = Objects.requireNonNull(addresses, "addresses");
      return this;
    }

    /**
     * The configuration of these settings.
     *
     * @throws InvalidConfigException if they break a rule of {@link KvServerConfig}
     * @throws NullPointerException if the client address was not set
     */
    public KvServerConfig build() {
      return new KvServerConfig(pid, nodes, clientAddress, httpAddress, dataDir, tls,
          electionTimeoutMs, snapshotEvery, faultInjection, readMode, requestTimeoutMs, start,
          requirePass, advertise);
    }
  }
}
