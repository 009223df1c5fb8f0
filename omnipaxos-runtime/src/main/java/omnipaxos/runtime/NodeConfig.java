package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.FlexibleQuorum;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;

/**
 * The settings of one {@link OmniPaxosNode}: who it is, who its peers are, and how time maps to the
 * core's ticks. Setters are fluent; {@link OmniPaxosNode#create} validates and copies the config,
 * so changing it afterwards does not affect a running node.
 *
 * <pre>{@code
 * NodeConfig conf = new NodeConfig().setPid(2).setPeers(List.of(1L, 3L));
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * The node ticks its core every {@link #getTickPeriodMs() tick period} (default 10 ms). Leader
 * election's first heartbeat round lasts the {@link #getElectionTimeoutMs() election timeout} T
 * (default 500 ms), later rounds a tenth of it (at least a tick), so each node sends a heartbeat
 * request to every peer ten times per T. A leader that has not answered for T is dropped at the end
 * of the next round, and a quorum-connected survivor takes over within one or two more rounds
 * (ServerConfig#heartbeatTicks): a crashed leader is replaced about 1.1 to 1.3 T after the crash.
 * Every {@link #getResendTimeoutMs() resend timeout} (default 200 ms) messages that may have been
 * lost are resent. Each is rounded up to whole ticks.
 *
 * <h2>Leader leases</h2>
 *
 * Off by default. With {@link #setLeaseMs(long) a lease} of {@code L} ms, a follower that heard its
 * leader promises no other leader for {@code L} ms (a restarted node waits as long), and the leader
 * serves {@link OmniPaxosNode#leaseRead lease reads} locally for somewhat less than {@code L} ms
 * after a quorum acknowledged it: {@code floor((L/tick - 1) / (1 + drift)) - 1} ticks, measured
 * both in ticks and in {@code System.nanoTime()}. Safe only if the clocks of any two nodes run at
 * rates that differ by at most {@link #setMaxClockDriftPercent the drift bound}; clocks need not be
 * synchronised. Every node must use the same lease and drift settings. The lease must not exceed
 * the election timeout: a failover waits until the followers' hold runs out.
 */
public final class NodeConfig {

  public static final int DEFAULT_CONFIGURATION_ID = 1;
  public static final long DEFAULT_TICK_PERIOD_MS = 10;
  public static final long DEFAULT_ELECTION_TIMEOUT_MS = 500;
  public static final long DEFAULT_RESEND_TIMEOUT_MS = 200;
  public static final long DEFAULT_BATCH_FLUSH_TIMEOUT_MS = 100;
  public static final long DEFAULT_APPEND_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_CHANNEL_CAPACITY = 10_000;
  public static final int DEFAULT_MIGRATION_CHUNK_SIZE = 1 << 20;
  public static final int DEFAULT_MIGRATION_WINDOW = 4;

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
  /** Set by the configuration chain for the configurations it starts, not by users. */
  private ElectionStart electionStart = ElectionStart.PEER;

  /** A config with the defaults; the pid and the peers must be set. */
  public NodeConfig() {}

  /** An independent copy of this config. */
  public NodeConfig copy() {
    NodeConfig c = new NodeConfig();
    c.pid = pid;
    c.peers = peers;
    c.configurationId = configurationId;
    c.tickPeriodMs = tickPeriodMs;
    c.electionTimeoutMs = electionTimeoutMs;
    c.resendTimeoutMs = resendTimeoutMs;
    c.batchFlushTimeoutMs = batchFlushTimeoutMs;
    c.appendTimeoutMs = appendTimeoutMs;
    c.bufferSize = bufferSize;
    c.batchSize = batchSize;
    c.leaderPriority = leaderPriority;
    c.flexibleQuorum = flexibleQuorum;
    c.channelCapacity = channelCapacity;
    c.leaseMs = leaseMs;
    c.maxClockDriftPercent = maxClockDriftPercent;
    c.migrationChunkSize = migrationChunkSize;
    c.migrationWindow = migrationWindow;
    c.electionStart = electionStart;
    return c;
  }

  /** This node's pid: positive and not among the peers. */
  public NodeConfig setPid(long pid) {
    this.pid = pid;
    return this;
  }

  /** The pids of the other members of the configuration (not this node's own). */
  public NodeConfig setPeers(List<Long> peers) {
    this.peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    return this;
  }

  /**
   * The id of the configuration this node runs, positive; each reconfiguration uses a larger one.
   */
  public NodeConfig setConfigurationId(int configurationId) {
    this.configurationId = configurationId;
    return this;
  }

  /** How often the core is ticked: the resolution of every timeout below. */
  public NodeConfig setTickPeriodMs(long tickPeriodMs) {
    this.tickPeriodMs = tickPeriodMs;
    return this;
  }

  /** The length of a leader-election heartbeat round. */
  public NodeConfig setElectionTimeoutMs(long electionTimeoutMs) {
    this.electionTimeoutMs = electionTimeoutMs;
    return this;
  }

  /** How long the core waits before resending messages that may have been lost. */
  public NodeConfig setResendTimeoutMs(long resendTimeoutMs) {
    this.resendTimeoutMs = resendTimeoutMs;
    return this;
  }

  /**
   * How long a partly filled batch waits before it is written anyway (only with a batch size above
   * 1).
   */
  public NodeConfig setBatchFlushTimeoutMs(long batchFlushTimeoutMs) {
    this.batchFlushTimeoutMs = batchFlushTimeoutMs;
    return this;
  }

  /**
   * How long {@link OmniPaxosNode#appendDecided} waits for its entry to be decided before it gives
   * up with {@link EntryNotDecidedException.Reason#TIMED_OUT}.
   */
  public NodeConfig setAppendTimeoutMs(long appendTimeoutMs) {
    this.appendTimeoutMs = appendTimeoutMs;
    return this;
  }

  /** At most this many proposals are buffered while no leader is known (more are rejected). */
  public NodeConfig setBufferSize(int bufferSize) {
    this.bufferSize = bufferSize;
    return this;
  }

  /** Entries gathered before they are written and replicated together; 1 writes each at once. */
  public NodeConfig setBatchSize(int batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  /** A higher priority wins leader elections between otherwise equal candidates. */
  public NodeConfig setLeaderPriority(int leaderPriority) {
    this.leaderPriority = leaderPriority;
    return this;
  }

  /** How the leader election of the configuration started with this config begins. */
  NodeConfig setElectionStart(ElectionStart start) {
    this.electionStart = Objects.requireNonNull(start, "start");
    return this;
  }

  /**
   * Use {@code read} promises to finish a Prepare phase and {@code write} acceptances to decide.
   */
  public NodeConfig setFlexibleQuorum(int read, int write) {
    this.flexibleQuorum = Optional.of(new FlexibleQuorum(read, write));
    return this;
  }

  /** Use majority quorums (the default). */
  public NodeConfig clearFlexibleQuorum() {
    this.flexibleQuorum = Optional.empty();
    return this;
  }

  /** The capacity of each of the node's four message channels. */
  public NodeConfig setChannelCapacity(int channelCapacity) {
    this.channelCapacity = channelCapacity;
    return this;
  }

  /**
   * The follower hold of leader leases ({@code 0}, the default, turns leases off); see the class
   * doc.
   */
  public NodeConfig setLeaseMs(long leaseMs) {
    this.leaseMs = leaseMs;
    return this;
  }

  /**
   * With leases: the assumed bound on how much faster one node's clock runs than another's, in
   * percent.
   */
  public NodeConfig setMaxClockDriftPercent(int maxClockDriftPercent) {
    this.maxClockDriftPercent = maxClockDriftPercent;
    return this;
  }

  /**
   * The length of the chunks in which a node serves the state at a stop sign to new members
   * (default 1 MiB); every node of a cluster should use the same, and a chunk must fit the
   * transport's frames.
   */
  public NodeConfig setMigrationChunkSize(int bytes) {
    this.migrationChunkSize = bytes;
    return this;
  }

  /**
   * How many chunk requests a joining node keeps outstanding at each server it fetches from
   * (default 4).
   */
  public NodeConfig setMigrationWindow(int chunks) {
    this.migrationWindow = chunks;
    return this;
  }

  public int getMigrationChunkSize() {
    return migrationChunkSize;
  }

  public int getMigrationWindow() {
    return migrationWindow;
  }

  public long getLeaseMs() {
    return leaseMs;
  }

  public int getMaxClockDriftPercent() {
    return maxClockDriftPercent;
  }

  public long getPid() {
    return pid;
  }

  public List<Long> getPeers() {
    return peers;
  }

  public int getConfigurationId() {
    return configurationId;
  }

  public long getTickPeriodMs() {
    return tickPeriodMs;
  }

  public long getElectionTimeoutMs() {
    return electionTimeoutMs;
  }

  public long getResendTimeoutMs() {
    return resendTimeoutMs;
  }

  public long getBatchFlushTimeoutMs() {
    return batchFlushTimeoutMs;
  }

  public long getAppendTimeoutMs() {
    return appendTimeoutMs;
  }

  public int getBufferSize() {
    return bufferSize;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public int getLeaderPriority() {
    return leaderPriority;
  }

  public Optional<FlexibleQuorum> getFlexibleQuorum() {
    return flexibleQuorum;
  }

  public int getChannelCapacity() {
    return channelCapacity;
  }

  /** Every member of the configuration, this node included, in ascending order. */
  public List<Long> nodes() {
    List<Long> all = new ArrayList<>(peers);
    all.add(pid);
    all.sort(null);
    return List.copyOf(all);
  }

  /**
   * Checks every setting.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  public void validate() {
    validate(true);
  }

  /**
   * Checks every setting; {@code requirePeers} false allows no peers (a node that waits to be
   * added).
   */
  void validate(boolean requirePeers) {
    if (pid <= 0) {
      throw new InvalidConfigException("pid must be positive, got " + pid + " (call setPid)");
    }
    if (requirePeers && peers.isEmpty()) {
      throw new InvalidConfigException(
          "node " + pid + " has no peers (call setPeers with the other members' pids)");
    }
    Set<Long> seen = new HashSet<>();
    for (long p : peers) {
      if (p <= 0) {
        throw new InvalidConfigException("peer pids must be positive, got " + p + " in " + peers);
      }
      if (p == pid) {
        throw new InvalidConfigException(
            "the peers " + peers + " must not contain the node's own pid " + pid);
      }
      if (!seen.add(p)) {
        throw new InvalidConfigException("peer " + p + " appears twice in " + peers);
      }
    }
    if (configurationId <= 0) {
      throw new InvalidConfigException("configuration id must be positive, got " + configurationId);
    }
    positive("tickPeriodMs", tickPeriodMs);
    atLeastOneTick("electionTimeoutMs", electionTimeoutMs);
    atLeastOneTick("resendTimeoutMs", resendTimeoutMs);
    atLeastOneTick("batchFlushTimeoutMs", batchFlushTimeoutMs);
    positive("appendTimeoutMs", appendTimeoutMs);
    positive("channelCapacity", channelCapacity);
    positive("migrationChunkSize", migrationChunkSize);
    positive("migrationWindow", migrationWindow);
    if (leaseMs < 0) {
      throw new InvalidConfigException(
          "leaseMs must not be negative (0 turns leases off), got " + leaseMs);
    }
    if (leaseMs > 0) {
      atLeastOneTick("leaseMs", leaseMs);
    }
    if (ticks(electionTimeoutMs) > Integer.MAX_VALUE || ticks(resendTimeoutMs) > Integer.MAX_VALUE
        || ticks(batchFlushTimeoutMs) > Integer.MAX_VALUE || ticks(leaseMs) > Integer.MAX_VALUE) {
      throw new InvalidConfigException(
          "a timeout spans more than " + Integer.MAX_VALUE + " ticks of " + tickPeriodMs + " ms");
    }
    if (requirePeers) {
      toOmniPaxosConfig().validate();
    }
  }

  /** The core configuration this node config maps to (not validated). */
  public OmniPaxosConfig toOmniPaxosConfig() {
    ClusterConfig cluster = new ClusterConfig(configurationId, nodes(), flexibleQuorum);
    ServerConfig server = ServerConfig.builder()
        .pid(pid)
        .electionTickTimeout((int) Math.min(Integer.MAX_VALUE, ticks(electionTimeoutMs)))
        .resendMessageTickTimeout((int) Math.min(Integer.MAX_VALUE, ticks(resendTimeoutMs)))
        .flushBatchTickTimeout((int) Math.min(Integer.MAX_VALUE, ticks(batchFlushTimeoutMs)))
        .batchSize(batchSize)
        .bufferSize(bufferSize)
        .leaderPriority(leaderPriority)
        .leaseTicks((int) Math.min(Integer.MAX_VALUE, ticks(leaseMs)))
        .maxClockDriftPercent(maxClockDriftPercent)
        .electionStart(electionStart)
        .build();
    return new OmniPaxosConfig(cluster, server);
  }

  /** {@code ms} in whole ticks, rounded up. */
  private long ticks(long ms) {
    return tickPeriodMs <= 0 ? 0 : (ms + tickPeriodMs - 1) / tickPeriodMs;
  }

  private void atLeastOneTick(String name, long ms) {
    if (ms < tickPeriodMs) {
      throw new InvalidConfigException(name + " (" + ms + " ms) must be at least the tick period ("
          + tickPeriodMs + " ms)");
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new InvalidConfigException(name + " must be positive, got " + value);
    }
  }

  @Override
  public String toString() {
    return "NodeConfig(pid "
        + pid
        + ", peers "
        + peers
        + ", configuration "
        + configurationId
        + ", tick "
        + tickPeriodMs
        + " ms, election "
        + electionTimeoutMs
        + " ms, resend "
        + resendTimeoutMs
        + " ms, append timeout "
        + appendTimeoutMs
        + " ms, batch "
        + batchSize
        + ", buffer "
        + bufferSize
        + ", priority "
        + leaderPriority
        + flexibleQuorum.map(q -> ", quorums " + q).orElse("")
        + ", channels "
        + channelCapacity
        + (leaseMs > 0 ? ", lease " + leaseMs + " ms, drift " + maxClockDriftPercent + "%" : "")
        + ")";
  }
}
