package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.FlexibleQuorum;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.Snapshotter;

/**
 * Everything a {@link Simulator} run depends on; with the seed it determines the run completely.
 * Virtual time is in milliseconds; every node ticks every {@code tickMs} (give or take its drift).
 */
public final class SimOptions<T, S> {

  final long seed;
  final List<Long> pids;
  final Optional<FlexibleQuorum> quorum;
  final UnaryOperator<ServerConfig.Builder> server;
  final Map<Long, Integer> priorities;
  final int tickMs;
  final int tickDriftMs;
  final Map<Long, Integer> tickPeriods;
  final int maxFlushDelayMs;
  final LinkProfile link;
  final int traceCapacity;
  final Snapshotter<T, S> snapshotter;
  final EntryCodec<T> codec;
  final boolean tornCrashes;
  final boolean notifyReconnect;
  final boolean specTrace;
  final boolean sendBeforeFlush;
  final int migrationChunkSize;

  private SimOptions(Builder<T, S> b) {
    this.seed = b.seed;
    this.pids = List.copyOf(b.pids);
    this.quorum = b.quorum;
    this.server = b.server;
    this.priorities = Map.copyOf(b.priorities);
    this.tickMs = b.tickMs;
    this.tickDriftMs = b.tickDriftMs;
    this.tickPeriods = Map.copyOf(b.tickPeriods);
    this.maxFlushDelayMs = b.maxFlushDelayMs;
    this.link = b.link;
    this.traceCapacity = b.traceCapacity;
    this.snapshotter = b.snapshotter;
    this.codec = b.codec;
    this.tornCrashes = b.tornCrashes;
    this.notifyReconnect = b.notifyReconnect;
    this.specTrace = b.specTrace;
    this.sendBeforeFlush = b.sendBeforeFlush;
    this.migrationChunkSize = b.migrationChunkSize;
  }

  /**
   * Options for entries that are {@code Long} ids and snapshots that list the compacted entries.
   */
  public static Builder<Long, List<Long>> builder(long seed) {
    return new Builder<>(seed, EntryCodec.longs(), new ListSnapshotter<>());
  }

  /** Options for the given entry type and snapshotter. */
  public static <T, S> Builder<T, S> builder(
      long seed, EntryCodec<T> codec, Snapshotter<T, S> snapshotter) {
    return new Builder<>(seed, codec, snapshotter);
  }

  public long seed() {
    return seed;
  }

  public List<Long> pids() {
    return pids;
  }

  public int tickMs() {
    return tickMs;
  }

  /** The first configuration: id 1 with every pid. */
  public ClusterConfig initialConfig() {
    return new ClusterConfig(1, pids, quorum);
  }

  /** The server settings of node {@code pid}. */
  public ServerConfig serverConfig(long pid) {
    return server
        .apply(ServerConfig.builder().pid(pid).leaderPriority(priorities.getOrDefault(pid, 0)))
        .build();
  }

  /** The node configuration of {@code pid} in {@code cluster}. */
  public OmniPaxosConfig config(ClusterConfig cluster, long pid) {
    return new OmniPaxosConfig(cluster, serverConfig(pid));
  }

  /**
   * The election timeout in virtual milliseconds ({@code electionTickTimeout} times the tick
   * period).
   */
  public long electionTimeoutMs() {
    return (long) serverConfig(pids.get(0)).electionTickTimeout() * tickMs;
  }

  /** Builds {@link SimOptions}. */
  public static final class Builder<T, S> {
    private final long seed;
    private final EntryCodec<T> codec;
    private final Snapshotter<T, S> snapshotter;
    private List<Long> pids = List.of(1L, 2L, 3L);
    private Optional<FlexibleQuorum> quorum = Optional.empty();
    private UnaryOperator<ServerConfig.Builder> server = b -> b;
    private final Map<Long, Integer> priorities = new HashMap<>();
    private int tickMs = 10;
    private int tickDriftMs;
    private final Map<Long, Integer> tickPeriods = new HashMap<>();
    private int maxFlushDelayMs = 1;
    private LinkProfile link = LinkProfile.DEFAULT;
    private int traceCapacity = 400;
    private boolean tornCrashes = true;
    private boolean notifyReconnect = true;
    private boolean specTrace;
    private boolean sendBeforeFlush = true;
    private int migrationChunkSize = 64;

    private Builder(long seed, EntryCodec<T> codec, Snapshotter<T, S> snapshotter) {
      this.seed = seed;
      this.codec = Objects.requireNonNull(codec, "codec");
      this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
    }

    /** Nodes 1..n. */
    public Builder<T, S> nodes(int n) {
      List<Long> p = new ArrayList<>();
      for (long i = 1; i <= n; i++) {
        p.add(i);
      }
      this.pids = p;
      return this;
    }

    /** The pids of the first configuration. */
    public Builder<T, S> pids(List<Long> pids) {
      this.pids = List.copyOf(pids);
      return this;
    }

    public Builder<T, S> flexibleQuorum(int read, int write) {
      this.quorum = Optional.of(new FlexibleQuorum(read, write));
      return this;
    }

    /**
     * Adjusts every node's server settings (timeouts in ticks, batch size...); the pid is set
     * already.
     */
    public Builder<T, S> server(UnaryOperator<ServerConfig.Builder> server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    public Builder<T, S> priority(long pid, int priority) {
      priorities.put(pid, priority);
      return this;
    }

    /** Virtual milliseconds between two ticks of a node. */
    public Builder<T, S> tickMs(int ms) {
      if (ms <= 0) {
        throw new IllegalArgumentException("tick period must be positive");
      }
      this.tickMs = ms;
      return this;
    }

    /** Each node's tick period is drawn once from {@code tickMs ± drift}. */
    public Builder<T, S> tickDriftMs(int ms) {
      if (ms < 0 || ms >= tickMs) {
        throw new IllegalArgumentException("drift must be in [0, tickMs)");
      }
      this.tickDriftMs = ms;
      return this;
    }

    /**
     * Node {@code pid} ticks every {@code ms} virtual milliseconds, whatever tickMs and the drift
     * say.
     */
    public Builder<T, S> tickPeriodMs(long pid, int ms) {
      if (ms <= 0) {
        throw new IllegalArgumentException("tick period must be positive");
      }
      tickPeriods.put(pid, ms);
      return this;
    }

    /**
     * After an event a node flushes and sends within {@code 0..ms}: events arriving meanwhile are
     * batched (group commit), and a crash meanwhile loses the unflushed writes and unsent messages.
     */
    public Builder<T, S> maxFlushDelayMs(int ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("negative flush delay");
      }
      this.maxFlushDelayMs = ms;
      return this;
    }

    /**
     * Servers new to a configuration fetch the state at its start in chunks of {@code bytes} from
     * the servers of the sealed one before they take part (the default, with 64-byte chunks); 0
     * starts them at once, as if the application had handed them the state.
     */
    public Builder<T, S> migrationChunkSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative chunk size");
      }
      this.migrationChunkSize = bytes;
      return this;
    }

    /** The profile of every link without one of its own. */
    public Builder<T, S> link(LinkProfile link) {
      this.link = Objects.requireNonNull(link, "link");
      return this;
    }

    /** How many events the failure trace shows. */
    public Builder<T, S> traceCapacity(int events) {
      this.traceCapacity = events;
      return this;
    }

    /**
     * Whether a crash may keep a random prefix of the unflushed writes (true, the default, as the
     * storage contract allows) or always loses all of them.
     */
    public Builder<T, S> tornCrashes(boolean torn) {
      this.tornCrashes = torn;
      return this;
    }

    /**
     * Whether a node sends what {@code OmniPaxos.messagesBeforeFlush()} releases (a leader's
     * replication) right after each event, before its flush (true, the default, as the runtime
     * does), or everything only with its flush.
     */
    public Builder<T, S> sendBeforeFlush(boolean early) {
      this.sendBeforeFlush = early;
      return this;
    }

    /**
     * Whether nodes are told ({@code OmniPaxos.reconnected}) when a link to a peer comes back or
     * the peer restarts.
     */
    public Builder<T, S> notifyReconnect(boolean notify) {
      this.notifyReconnect = notify;
      return this;
    }

    /**
     * Records a {@link SpecTrace} of the first configuration for trace validation against the TLA+
     * specification. Each node then drains (flushes and sends) right after every event, so no two
     * events share a flush and crashes never lose writes (the decided index, which the core may
     * leave unflushed, is flushed too, and nothing is sent before the flush); every node must use
     * batch size 1, leader priority 0 and no leader leases (the spec has neither), the
     * crash-before-flush and storage-failure faults are refused, and snapshots must not be local
     * only.
     */
    public Builder<T, S> specTrace(boolean on) {
      this.specTrace = on;
      return this;
    }

    public SimOptions<T, S> build() {
      SimOptions<T, S> o = new SimOptions<>(this);
      o.initialConfig().validate();
      for (long pid : o.pids) {
        o.serverConfig(pid).validate();
        if (o.specTrace && o.serverConfig(pid).batchSize() != 1) {
          throw new IllegalArgumentException("a spec trace needs batch size 1");
        }
        if (o.specTrace && o.serverConfig(pid).leaderPriority() != 0) {
          throw new IllegalArgumentException(
              "a spec trace needs leader priority 0 (the spec has no priorities)");
        }
        if (o.specTrace && o.serverConfig(pid).leaseTicks() != 0) {
          throw new IllegalArgumentException(
              "a spec trace needs leader leases off (the spec has none)");
        }
      }
      return o;
    }
  }
}
