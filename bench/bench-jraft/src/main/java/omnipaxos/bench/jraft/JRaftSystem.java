package omnipaxos.bench.jraft;

import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import java.util.List;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.BenchSystem;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Profile;
import omnipaxos.bench.harness.Setting;

/** SOFAJRaft 1.3.15: three {@code Node}s with their Bolt RPC servers in this JVM. */
public final class JRaftSystem implements BenchSystem {

  private final Profile profile;

  /** JRaft with its defaults. */
  public JRaftSystem() {
    this(Profile.DEFAULT);
  }

  /** JRaft in {@code profile}: its defaults or {@link JRaftTuning}'s options on top. */
  public JRaftSystem(Profile profile) {
    this.profile = profile;
  }

  /**
   * The JVM of JRaft's benchmark; see {@link BenchMain} for the arguments and {@link Profile} for
   * {@code -Dbench.tuned=true}.
   */
  public static void main(String[] args) throws Exception {
    BenchMain.run(new JRaftSystem(Profile.fromSystemProperties()), args);
  }

  @Override
  public String name() {
    return profile.label("jraft");
  }

  @Override
  public String version() {
    return "1.3.15";
  }

  @Override
  public BenchCluster start(Setting setting, ClusterOptions options) throws Exception {
    return JRaftCluster.start(setting, options, profile);
  }

  /** The node options of {@code setting}: the library's defaults but for the election timeout and fsync. */
  static NodeOptions nodeOptions(Setting setting, ClusterOptions options) {
    return nodeOptions(setting, options, Profile.DEFAULT);
  }

  /** The node options of {@code setting} in {@code profile}. */
  static NodeOptions nodeOptions(Setting setting, ClusterOptions options, Profile profile) {
    NodeOptions o = new NodeOptions();
    o.setElectionTimeoutMs((int) options.electionTimeoutMs());
    RaftOptions r = new RaftOptions();
    r.setSync(setting == Setting.DURABLE);
    if (profile == Profile.TUNED) {
      JRaftTuning.apply(r);
    }
    o.setRaftOptions(r);
    return o;
  }

  @Override
  public List<String> describe(Setting setting, ClusterOptions options) {
    NodeOptions o = nodeOptions(setting, options, profile);
    RaftOptions r = o.getRaftOptions();
    String common = "NodeOptions: electionTimeoutMs " + o.getElectionTimeoutMs() + " (randomized up to +"
        + r.getMaxElectionDelayMs() + " ms), heartbeat every electionTimeout/" + r.getElectionHeartbeatFactor()
        + "; RaftOptions (" + (profile == Profile.TUNED ? "tuned, see JRaftTuning" : "defaults")
        + "): replicatorPipeline " + r.isReplicatorPipeline() + ", maxReplicatorInflightMsgs "
        + r.getMaxReplicatorInflightMsgs() + ", applyBatch " + r.getApplyBatch() + ", maxEntriesSize "
        + r.getMaxEntriesSize() + ", maxByteCountPerRpc " + r.getMaxByteCountPerRpc() + ", disruptorBufferSize "
        + r.getDisruptorBufferSize() + ", maxBodySize " + r.getMaxBodySize() + ", maxAppendBufferSize "
        + r.getMaxAppendBufferSize() + ", openStatistics " + r.isOpenStatistics() + "; no snapshots";
    String client = "client: Node.apply(Task) at the leader, completing when the closure runs after commit and"
        + " onApply of an empty state machine";
    String transport = "transport: SOFABolt (Netty) over 127.0.0.1 (JRaft has no in-JVM transport)";
    if (setting == Setting.MEMORY) {
      return List.of(common, client, "storage: RocksDB log (the default LogStorage), RaftOptions.sync false"
          + " (no fsync; the closest JRaft comes to in-memory)", transport);
    }
    return List.of(common, client, "storage: RocksDB log (the default LogStorage), RaftOptions.sync true"
        + " (fsync per appended batch, the default)", transport);
  }
}
