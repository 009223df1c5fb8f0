package omnipaxos.bench.ratis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.BenchSystem;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Profile;
import omnipaxos.bench.harness.Setting;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;

/** Apache Ratis 3.2.2: three {@code RaftServer}s with gRPC over loopback in this JVM. */
public final class RatisSystem implements BenchSystem {

  /**
   * System properties starting with this prefix set the Ratis property named by the rest of their
   * name, e.g. {@code -Dbench.ratis.raft.server.log.force.sync.num=1}, to reproduce tuning experiments.
   */
  public static final String OVERRIDE_PREFIX = "bench.ratis.";

  private final Profile profile;

  /** Ratis with its defaults. */
  public RatisSystem() {
    this(Profile.DEFAULT);
  }

  /** Ratis in {@code profile}: its defaults or {@link RatisTuning}'s properties on top. */
  public RatisSystem(Profile profile) {
    this.profile = profile;
  }

  /**
   * The JVM of Ratis' benchmark; see {@link BenchMain} for the arguments and {@link Profile} for
   * {@code -Dbench.tuned=true}.
   */
  public static void main(String[] args) throws Exception {
    BenchMain.run(new RatisSystem(Profile.fromSystemProperties()), args);
  }

  @Override
  public String name() {
    return profile.label("ratis");
  }

  @Override
  public String version() {
    return "3.2.2";
  }

  @Override
  public BenchCluster start(Setting setting, ClusterOptions options) throws Exception {
    return RatisCluster.start(setting, options, this::properties);
  }

  /** The properties every server of {@code setting} starts from (its port and storage are added). */
  RaftProperties properties(Setting setting, ClusterOptions options) {
    RaftProperties p = new RaftProperties();
    tuning(setting, options).forEach(p::set);
    return p;
  }

  /**
   * The properties set beyond Ratis' defaults: the election timeout range [T, 2T] of the nominal
   * timeout T, the in-memory log in the memory setting, and in the tuned profile {@link RatisTuning}'s.
   */
  Map<String, String> tuning(Setting setting, ClusterOptions options) {
    Map<String, String> t = new TreeMap<>();
    if (profile == Profile.TUNED) {
      t.putAll(RatisTuning.of(setting));
    }
    long ms = options.electionTimeoutMs();
    t.put(RaftServerConfigKeys.Rpc.TIMEOUT_MIN_KEY, ms + "ms");
    t.put(RaftServerConfigKeys.Rpc.TIMEOUT_MAX_KEY, 2 * ms + "ms");
    if (setting == Setting.MEMORY) {
      t.put(RaftServerConfigKeys.Log.USE_MEMORY_KEY, "true");
    }
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(OVERRIDE_PREFIX))
        .forEach(k -> t.put(k.substring(OVERRIDE_PREFIX.length()), System.getProperty(k)));
    return t;
  }

  @Override
  public List<String> describe(Setting setting, ClusterOptions options) {
    List<String> lines = new ArrayList<>();
    lines.add("RaftProperties set (everything else default): " + tuning(setting, options));
    lines.add("client: RaftServer.submitClientRequestAsync(write request) called in-process on the leader (no"
        + " client RPC hop, as for the other systems), completing with the reply after commit and apply");
    lines.add(setting == Setting.MEMORY ? "storage: MemoryRaftLog (raft.server.log.use.memory), nothing fsynced"
        : "storage: SegmentedRaftLog (the default), flushed with fsync before acknowledging");
    lines.add("transport: gRPC (shaded, Netty) over 127.0.0.1 (Ratis has no in-JVM transport outside its tests)");
    return lines;
  }
}
