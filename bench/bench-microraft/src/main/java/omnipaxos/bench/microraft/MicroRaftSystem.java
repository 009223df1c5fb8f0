package omnipaxos.bench.microraft;

import io.microraft.RaftConfig;
import java.util.List;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.BenchSystem;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Profile;
import omnipaxos.bench.harness.Setting;

/** MicroRaft 0.7: three {@code RaftNode}s in this JVM. */
public final class MicroRaftSystem implements BenchSystem {

  private final Profile profile;

  /** MicroRaft with its defaults. */
  public MicroRaftSystem() {
    this(Profile.DEFAULT);
  }

  /**
   * MicroRaft in {@code profile}. The tuned profile runs the same {@link #config}: MicroRaft's
   * configuration guide (site-src/src/docs/configuration.md) documents the throughput knobs as the
   * append-entries batch size (default 1000 entries), the pending-entry limit, to be sized by "the
   * degree of concurrency of your clients" (default 5000), and the snapshot interval (default 50,000
   * commits, matched by our log trim); the first two are far above the 64 writes outstanding here, and
   * a larger snapshot interval only trades memory for rarer snapshots. So {@code microraft-tuned}
   * repeats the default run, which measures the run-to-run noise.
   */
  public MicroRaftSystem(Profile profile) {
    this.profile = profile;
  }

  /**
   * The JVM of MicroRaft's benchmark; see {@link BenchMain} for the arguments and {@link Profile} for
   * {@code -Dbench.tuned=true}.
   */
  public static void main(String[] args) throws Exception {
    BenchMain.run(new MicroRaftSystem(Profile.fromSystemProperties()), args);
  }

  @Override
  public String name() {
    return profile.label("microraft");
  }

  @Override
  public String version() {
    return "0.7";
  }

  @Override
  public BenchCluster start(Setting setting, ClusterOptions options) throws Exception {
    return MicroRaftCluster.start(setting, options, config(options));
  }

  /**
   * The library's defaults (its docs ask to size the batch and the pending-entry limit to the clients'
   * concurrency; the defaults, 1000 and 5000, exceed our 64 outstanding writes), with the election
   * timeout and the leader-failure detection mapped to the nominal election timeout. Failure detection
   * is configured in whole seconds, with a heartbeat period of at least one second.
   */
  static RaftConfig config(ClusterOptions options) {
    long secs = Math.max(1, options.electionTimeoutMs() / 1000);
    return RaftConfig.newBuilder()
        .setLeaderElectionTimeoutMillis(options.electionTimeoutMs())
        .setLeaderHeartbeatPeriodSecs(1)
        .setLeaderHeartbeatTimeoutSecs(secs)
        .build();
  }

  @Override
  public List<String> describe(Setting setting, ClusterOptions options) {
    RaftConfig c = config(options);
    String common = "RaftConfig: leaderElectionTimeoutMillis " + c.getLeaderElectionTimeoutMillis()
        + ", leaderHeartbeatTimeoutSecs " + c.getLeaderHeartbeatTimeoutSecs() + ", leaderHeartbeatPeriodSecs "
        + c.getLeaderHeartbeatPeriodSecs() + " (the smallest allowed), appendEntriesRequestBatchSize "
        + c.getAppendEntriesRequestBatchSize() + ", maxPendingLogEntryCount " + c.getMaxPendingLogEntryCount()
        + ", commitCountToTakeSnapshot " + c.getCommitCountToTakeSnapshot() + " (defaults otherwise"
        + (profile == Profile.TUNED ? "; the tuned profile is the same: the defaults exceed what 64 outstanding"
            + " writes need)" : ")");
    String client = "client: RaftNode.replicate(byte[]) at the leader, completing once committed and applied to"
        + " an empty state machine; DefaultRaftNodeExecutor (one thread per node)";
    if (setting == Setting.MEMORY) {
      return List.of(common, client, "storage: NopRaftStore (the default: nothing persisted)",
          "transport: in-JVM, send() calls the receiver's RaftNode.handle(), which queues the message object on"
              + " its executor (no serialization)");
    }
    return List.of(common, client,
        "storage: RaftSqliteStore (microraft-store-sqlite 0.7; SQLite WAL journal, synchronous=EXTRA, one commit"
            + " per flush() MicroRaft requests); log entries encoded compactly, other records with Java"
            + " serialization",
        "transport: written for the benchmark (MicroRaft ships none): plain TCP sockets over 127.0.0.1, TCP_NODELAY,"
            + " a writer thread per peer flushing once per drained batch, a reader thread per connection; append"
            + " requests and responses encoded field by field, other messages with Java serialization");
  }
}
