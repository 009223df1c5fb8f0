package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.FlexibleQuorum;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;

/**
 * The settings of one {@link OmniPaxosNode}: who it is, who its peers are, and how time maps to the
 * core's ticks. Immutable: made with a {@link #builder()}, whose {@link Builder#build()} checks
 * every setting, and changed into another config with {@link #toBuilder()}.
 *
 * <pre>{@code
 * NodeConfig conf = NodeConfig.builder().pid(2).peers(List.of(1L, 3L)).build();
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * The node ticks its core every {@link #tickPeriodMs() tick period} (default 10 ms). Leader
 * election's first heartbeat round lasts the {@link #electionTimeoutMs() election timeout} T
 * (default 500 ms), later rounds a tenth of it (at least a tick), so each node sends a heartbeat
 * request to every peer ten times per T. A leader that has not answered for T is dropped at the end
 * of the next round, and a quorum-connected survivor takes over within one or two more rounds
 * (ServerConfig#heartbeatTicks): a crashed leader is replaced about 1.1 to 1.3 T after the crash.
 * Every {@link #resendTimeoutMs() resend timeout} (default 200 ms) messages that may have been
 * lost are resent. Each is rounded up to whole ticks.
 *
 * <h2>Leader leases</h2>
 *
 * Off by default. With {@link Builder#leaseMs(long) a lease} of {@code L} ms, a follower that
 * heard its leader promises no other leader for {@code L} ms (a restarted node waits as long), and
 * the leader serves {@link OmniPaxosNode#leaseRead lease reads} locally for somewhat less than
 * {@code L} ms after a quorum acknowledged it: {@code floor((L/tick - 1) / (1 + drift)) - 1} ticks,
 * measured both in ticks and in {@code System.nanoTime()}. Safe only if the clocks of any two nodes
 * run at rates that differ by at most {@link Builder#maxClockDriftPercent the drift bound}; clocks
 * need not be synchronised. Every node must use the same lease and drift settings. The lease must
 * not exceed the election timeout: a failover waits until the followers' hold runs out.
 *
 * @param pid this node's pid: positive and not among the peers
 * @param peers the pids of the other members of the configuration (not this node's own)
 * @param configurationId the id of the configuration this node runs, positive; each
 *     reconfiguration uses a larger one
 * @param tickPeriodMs how often the core is ticked: the resolution of every timeout below
 * @param electionTimeoutMs the length of a leader-election heartbeat round
 * @param resendTimeoutMs how long the core waits before resending messages that may have been lost
 * @param batchFlushTimeoutMs how long a partly filled batch waits before it is written anyway (only
 *     with a batch size above 1)
 * @param appendTimeoutMs how long {@link OmniPaxosNode#appendDecided} waits for its entry to be
 *     decided before it gives up with {@link EntryNotDecidedException.Reason#TIMED_OUT}
 * @param bufferSize at most this many proposals are buffered while no leader is known (more are
 *     rejected)
 * @param batchSize entries gathered before they are written and replicated together; 1 writes each
 *     at once
 * @param leaderPriority a higher priority wins leader elections between otherwise equal candidates
 * @param flexibleQuorum the read and write quorums, or empty for majorities (the default)
 * @param channelCapacity the capacity of each of the node's four message channels
 * @param leaseMs the follower hold of leader leases ({@code 0}, the default, turns leases off)
 * @param maxClockDriftPercent with leases: the assumed bound on how much faster one node's clock
 *     runs than another's, in percent
 * @param migrationChunkSize the length of the chunks in which a node serves the state at a stop
 *     sign to new members (default 1 MiB); every node of a cluster should use the same, and a chunk
 *     must fit the transport's frames
 * @param migrationWindow how many chunk requests a joining node keeps outstanding at each server it
 *     fetches from (default 4)
 * @param electionStart how the leader election of the configuration started with this config
 *     begins; set by the configuration chain for the configurations it starts, not by users
 */
public record NodeConfig(
    long pid,
    List<Long> peers,
    int configurationId,
    long tickPeriodMs,
    long electionTimeoutMs,
    long resendTimeoutMs,
    long batchFlushTimeoutMs,
    long appendTimeoutMs,
    int bufferSize,
    int batchSize,
    int leaderPriority,
    Optional<FlexibleQuorum> flexibleQuorum,
    int channelCapacity,
    long leaseMs,
    int maxClockDriftPercent,
    int migrationChunkSize,
    int migrationWindow,
    ElectionStart electionStart) {

  public static final int DEFAULT_CONFIGURATION_ID = 1;
  public static final long DEFAULT_TICK_PERIOD_MS = 10;
  public static final long DEFAULT_ELECTION_TIMEOUT_MS = 500;
  public static final long DEFAULT_RESEND_TIMEOUT_MS = 200;
  public static final long DEFAULT_BATCH_FLUSH_TIMEOUT_MS = 100;
  public static final long DEFAULT_APPEND_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_CHANNEL_CAPACITY = 10_000;
  public static final int DEFAULT_MIGRATION_CHUNK_SIZE = 1 << 20;
  public static final int DEFAULT_MIGRATION_WINDOW = 4;

  /** Copies the peers; the settings are checked by {@link Builder#build()}, not here. */
  public NodeConfig {
    peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    Objects.requireNonNull(flexibleQuorum, "flexibleQuorum");
    Objects.requireNonNull(electionStart, "electionStart");
  }

  /**
   * A config with the defaults; the pid and the peers must be set.
   *
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig() {
    this(builder());
  }

  private NodeConfig(Builder b) {
    this(b.pid, b.peers, b.configurationId, b.tickPeriodMs, b.electionTimeoutMs,
        b.resendTimeoutMs, b.batchFlushTimeoutMs, b.appendTimeoutMs, b.bufferSize, b.batchSize,
        b.leaderPriority, b.flexibleQuorum, b.channelCapacity, b.leaseMs, b.maxClockDriftPercent,
        b.migrationChunkSize, b.migrationWindow, b.electionStart);
  }

  /** A builder with the defaults; the pid and the peers must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Every member of the configuration, this node included, in ascending order. */
  public List<Long> nodes() {
    List<Long> all = new ArrayList<>(peers);
    all.add(pid);
    all.sort(null);
    return List.copyOf(all);
  }

  /**
   * Checks every setting, and that there are peers.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  public void validate() {
    NodeConfigRules.check(this, true);
  }

  /**
   * Checks every setting; {@code requirePeers} false allows no peers (a node that waits to be
   * added).
   */
  void validate(boolean requirePeers) {
    NodeConfigRules.check(this, requirePeers);
  }

  /** The core configuration this node config maps to (not validated). */
  public OmniPaxosConfig toOmniPaxosConfig() {
    ClusterConfig cluster = new ClusterConfig(configurationId, nodes(), flexibleQuorum);
    ServerConfig server = ServerConfig.builder()
        .pid(pid)
        .electionTickTimeout(tickCount(electionTimeoutMs))
        .resendMessageTickTimeout(tickCount(resendTimeoutMs))
        .flushBatchTickTimeout(tickCount(batchFlushTimeoutMs))
        .batchSize(batchSize)
        .bufferSize(bufferSize)
        .leaderPriority(leaderPriority)
        .leaseTicks(tickCount(leaseMs))
        .maxClockDriftPercent(maxClockDriftPercent)
        .electionStart(electionStart)
        .build();
    return new OmniPaxosConfig(cluster, server);
  }

  /** {@code ms} in whole ticks, rounded up, at most {@link Integer#MAX_VALUE}. */
  private int tickCount(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, NodeConfigRules.ticks(ms, tickPeriodMs));
  }

  @Override
  public String toString() {
    return "NodeConfig(pid " + pid + ", peers " + peers + ", configuration " + configurationId
        + ", tick " + tickPeriodMs + " ms, election " + electionTimeoutMs + " ms, resend "
        + resendTimeoutMs + " ms, append timeout " + appendTimeoutMs + " ms, batch " + batchSize
        + ", buffer " + bufferSize + ", priority " + leaderPriority
        + flexibleQuorum.map(q -> ", quorums " + q).orElse("")
        + ", channels " + channelCapacity
        + (leaseMs > 0 ? ", lease " + leaseMs + " ms, drift " + maxClockDriftPercent + "%" : "")
        + ")";
  }

  /**
   * Collects the settings of a {@link NodeConfig}; every setting has the default of the record's
   * constant of the same name. Not thread-safe.
   */
  public static final class Builder {
    private long pid;
    private List<Long> peers = List.of();
    private int configurationId = DEFAULT_CONFIGURATION_ID;
    private long tickPeriodMs = DEFAULT_TICK_PERIOD_MS;
    private long electionTimeoutMs = DEFAULT_ELECTION_TIMEOUT_MS;
    private long resendTimeoutMs = DEFAULT_RESEND_TIMEOUT_MS;
    private long batchFlushTimeoutMs = DEFAULT_BATCH_FLUSH_TIMEOUT_MS;
    private long appendTimeoutMs = DEFAULT_APPEND_TIMEOUT_MS;
    private int bufferSize = ServerConfig.DEFAULT_BUFFER_SIZE;
    private int batchSize = ServerConfig.DEFAULT_BATCH_SIZE;
    private int leaderPriority;
    private Optional<FlexibleQuorum> flexibleQuorum = Optional.empty();
    private int channelCapacity = DEFAULT_CHANNEL_CAPACITY;
    private long leaseMs;
    private int maxClockDriftPercent = ServerConfig.DEFAULT_MAX_CLOCK_DRIFT_PERCENT;
    private int migrationChunkSize = DEFAULT_MIGRATION_CHUNK_SIZE;
    private int migrationWindow = DEFAULT_MIGRATION_WINDOW;
    private ElectionStart electionStart = ElectionStart.PEER;

    private Builder() {}

    private Builder(NodeConfig c) {
      pid = c.pid;
      peers = c.peers;
      configurationId = c.configurationId;
      tickPeriodMs = c.tickPeriodMs;
      electionTimeoutMs = c.electionTimeoutMs;
      resendTimeoutMs = c.resendTimeoutMs;
      batchFlushTimeoutMs = c.batchFlushTimeoutMs;
      appendTimeoutMs = c.appendTimeoutMs;
      bufferSize = c.bufferSize;
      batchSize = c.batchSize;
      leaderPriority = c.leaderPriority;
      flexibleQuorum = c.flexibleQuorum;
      channelCapacity = c.channelCapacity;
      leaseMs = c.leaseMs;
      maxClockDriftPercent = c.maxClockDriftPercent;
      migrationChunkSize = c.migrationChunkSize;
      migrationWindow = c.migrationWindow;
      electionStart = c.electionStart;
    }

    /** See {@link NodeConfig#pid()}. */
    public Builder pid(long pid) {
      this.pid = pid;
      return this;
    }

    /** See {@link NodeConfig#peers()}. */
    public Builder peers(List<Long> peers) {
      this.peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
      return this;
    }

    /** See {@link NodeConfig#configurationId()}. */
    public Builder configurationId(int configurationId) {
      this.configurationId = configurationId;
      return this;
    }

    /** See {@link NodeConfig#tickPeriodMs()}. */
    public Builder tickPeriodMs(long tickPeriodMs) {
      this.tickPeriodMs = tickPeriodMs;
      return this;
    }

    /** See {@link NodeConfig#electionTimeoutMs()}. */
    public Builder electionTimeoutMs(long electionTimeoutMs) {
      this.electionTimeoutMs = electionTimeoutMs;
      return this;
    }

    /** See {@link NodeConfig#resendTimeoutMs()}. */
    public Builder resendTimeoutMs(long resendTimeoutMs) {
      this.resendTimeoutMs = resendTimeoutMs;
      return this;
    }

    /** See {@link NodeConfig#batchFlushTimeoutMs()}. */
    public Builder batchFlushTimeoutMs(long batchFlushTimeoutMs) {
      this.batchFlushTimeoutMs = batchFlushTimeoutMs;
      return this;
    }

    /** See {@link NodeConfig#appendTimeoutMs()}. */
    public Builder appendTimeoutMs(long appendTimeoutMs) {
      this.appendTimeoutMs = appendTimeoutMs;
      return this;
    }

    /** See {@link NodeConfig#bufferSize()}. */
    public Builder bufferSize(int bufferSize) {
      this.bufferSize = bufferSize;
      return this;
    }

    /** See {@link NodeConfig#batchSize()}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** See {@link NodeConfig#leaderPriority()}. */
    public Builder leaderPriority(int leaderPriority) {
      this.leaderPriority = leaderPriority;
      return this;
    }

    /**
     * Use {@code read} promises to finish a Prepare phase and {@code write} acceptances to decide.
     */
    public Builder flexibleQuorum(int read, int write) {
      this.flexibleQuorum = Optional.of(new FlexibleQuorum(read, write));
      return this;
    }

    /** Use majority quorums (the default). */
    public Builder majorityQuorums() {
      this.flexibleQuorum = Optional.empty();
      return this;
    }

    /** See {@link NodeConfig#channelCapacity()}. */
    public Builder channelCapacity(int channelCapacity) {
      this.channelCapacity = channelCapacity;
      return this;
    }

    /** See {@link NodeConfig#leaseMs()} and the class doc of {@link NodeConfig}. */
    public Builder leaseMs(long leaseMs) {
      this.leaseMs = leaseMs;
      return this;
    }

    /** See {@link NodeConfig#maxClockDriftPercent()}. */
    public Builder maxClockDriftPercent(int maxClockDriftPercent) {
      this.maxClockDriftPercent = maxClockDriftPercent;
      return this;
    }

    /** See {@link NodeConfig#migrationChunkSize()}. */
    public Builder migrationChunkSize(int bytes) {
      this.migrationChunkSize = bytes;
      return this;
    }

    /** See {@link NodeConfig#migrationWindow()}. */
    public Builder migrationWindow(int chunks) {
      this.migrationWindow = chunks;
      return this;
    }

    /** See {@link NodeConfig#electionStart()}. */
    Builder electionStart(ElectionStart start) {
      this.electionStart = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * The config of these settings, checked except for the presence of peers and the core's own
     * rules, which {@link OmniPaxosNode#create} checks: a node that waits to be added has none.
     *
     * @throws InvalidConfigException naming the first rule that is broken
     */
    public NodeConfig build() {
      NodeConfig c = new NodeConfig(this);
      c.validate(false);
      return c;
    }
  }

  // The API of 0.0.x, kept for one release: setters return a changed copy.

  /**
   * This config itself: it is immutable.
   *
   * @deprecated a config is immutable; use it as it is, or {@link #toBuilder()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig copy() {
    return this;
  }

  /** A changed copy. @deprecated use {@link Builder#pid} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setPid(long pid) {
    return new NodeConfig(toBuilder().pid(pid));
  }

  /** A changed copy. @deprecated use {@link Builder#peers} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setPeers(List<Long> peers) {
    return new NodeConfig(toBuilder().peers(peers));
  }

  /** A changed copy. @deprecated use {@link Builder#configurationId} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setConfigurationId(int configurationId) {
    return new NodeConfig(toBuilder().configurationId(configurationId));
  }

  /** A changed copy. @deprecated use {@link Builder#tickPeriodMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setTickPeriodMs(long tickPeriodMs) {
    return new NodeConfig(toBuilder().tickPeriodMs(tickPeriodMs));
  }

  /** A changed copy. @deprecated use {@link Builder#electionTimeoutMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setElectionTimeoutMs(long electionTimeoutMs) {
    return new NodeConfig(toBuilder().electionTimeoutMs(electionTimeoutMs));
  }

  /** A changed copy. @deprecated use {@link Builder#resendTimeoutMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setResendTimeoutMs(long resendTimeoutMs) {
    return new NodeConfig(toBuilder().resendTimeoutMs(resendTimeoutMs));
  }

  /** A changed copy. @deprecated use {@link Builder#batchFlushTimeoutMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setBatchFlushTimeoutMs(long batchFlushTimeoutMs) {
    return new NodeConfig(toBuilder().batchFlushTimeoutMs(batchFlushTimeoutMs));
  }

  /** A changed copy. @deprecated use {@link Builder#appendTimeoutMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setAppendTimeoutMs(long appendTimeoutMs) {
    return new NodeConfig(toBuilder().appendTimeoutMs(appendTimeoutMs));
  }

  /** A changed copy. @deprecated use {@link Builder#bufferSize} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setBufferSize(int bufferSize) {
    return new NodeConfig(toBuilder().bufferSize(bufferSize));
  }

  /** A changed copy. @deprecated use {@link Builder#batchSize} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setBatchSize(int batchSize) {
    return new NodeConfig(toBuilder().batchSize(batchSize));
  }

  /** A changed copy. @deprecated use {@link Builder#leaderPriority} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setLeaderPriority(int leaderPriority) {
    return new NodeConfig(toBuilder().leaderPriority(leaderPriority));
  }

  /** A changed copy. @deprecated use {@link Builder#channelCapacity} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setChannelCapacity(int channelCapacity) {
    return new NodeConfig(toBuilder().channelCapacity(channelCapacity));
  }

  /** A changed copy. @deprecated use {@link Builder#leaseMs} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setLeaseMs(long leaseMs) {
    return new NodeConfig(toBuilder().leaseMs(leaseMs));
  }

  /** A changed copy. @deprecated use {@link Builder#maxClockDriftPercent} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setMaxClockDriftPercent(int maxClockDriftPercent) {
    return new NodeConfig(toBuilder().maxClockDriftPercent(maxClockDriftPercent));
  }

  /** A changed copy. @deprecated use {@link Builder#migrationChunkSize} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setMigrationChunkSize(int migrationChunkSize) {
    return new NodeConfig(toBuilder().migrationChunkSize(migrationChunkSize));
  }

  /** A changed copy. @deprecated use {@link Builder#migrationWindow} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setMigrationWindow(int migrationWindow) {
    return new NodeConfig(toBuilder().migrationWindow(migrationWindow));
  }

  /** A copy with a flexible quorum. @deprecated use {@link Builder#flexibleQuorum} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig setFlexibleQuorum(int read, int write) {
    return new NodeConfig(toBuilder().flexibleQuorum(read, write));
  }

  /** A copy with majority quorums. @deprecated use {@link Builder#majorityQuorums} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public NodeConfig clearFlexibleQuorum() {
    return new NodeConfig(toBuilder().majorityQuorums());
  }

  /** @deprecated use {@link #pid()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getPid() {
    return pid;
  }

  /** @deprecated use {@link #peers()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public List<Long> getPeers() {
    return peers;
  }

  /** @deprecated use {@link #configurationId()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getConfigurationId() {
    return configurationId;
  }

  /** @deprecated use {@link #tickPeriodMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getTickPeriodMs() {
    return tickPeriodMs;
  }

  /** @deprecated use {@link #electionTimeoutMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getElectionTimeoutMs() {
    return electionTimeoutMs;
  }

  /** @deprecated use {@link #resendTimeoutMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getResendTimeoutMs() {
    return resendTimeoutMs;
  }

  /** @deprecated use {@link #batchFlushTimeoutMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getBatchFlushTimeoutMs() {
    return batchFlushTimeoutMs;
  }

  /** @deprecated use {@link #appendTimeoutMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getAppendTimeoutMs() {
    return appendTimeoutMs;
  }

  /** @deprecated use {@link #bufferSize()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getBufferSize() {
    return bufferSize;
  }

  /** @deprecated use {@link #batchSize()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getBatchSize() {
    return batchSize;
  }

  /** @deprecated use {@link #leaderPriority()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getLeaderPriority() {
    return leaderPriority;
  }

  /** @deprecated use {@link #channelCapacity()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getChannelCapacity() {
    return channelCapacity;
  }

  /** @deprecated use {@link #leaseMs()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public long getLeaseMs() {
    return leaseMs;
  }

  /** @deprecated use {@link #maxClockDriftPercent()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getMaxClockDriftPercent() {
    return maxClockDriftPercent;
  }

  /** @deprecated use {@link #migrationChunkSize()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getMigrationChunkSize() {
    return migrationChunkSize;
  }

  /** @deprecated use {@link #migrationWindow()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int getMigrationWindow() {
    return migrationWindow;
  }

  /** @deprecated use {@link #flexibleQuorum()} */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Optional<FlexibleQuorum> getFlexibleQuorum() {
    return flexibleQuorum;
  }
}
