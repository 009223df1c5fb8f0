package omnipaxos.bench;

import java.util.List;
import omnipaxos.bench.harness.BenchCluster;
import omnipaxos.bench.harness.BenchSystem;
import omnipaxos.bench.harness.ClusterOptions;
import omnipaxos.bench.harness.Setting;
import omnipaxos.core.ServerConfig;
import omnipaxos.runtime.NodeConfig;

/** OmniPaxos for Java: three {@code OmniPaxosNode}s of the runtime in this JVM. */
public final class OmniPaxosSystem implements BenchSystem {

  @Override
  public String name() {
    return "omnipaxos";
  }

  @Override
  public String version() {
    String v = OmniPaxosSystem.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public BenchCluster start(Setting setting, ClusterOptions options) throws Exception {
    return OmniPaxosCluster.start(setting, options, nodeConfig(options), Pumps.configured(setting));
  }

  /** The settings of every node but its pid and peers. */
  static NodeConfig.Builder nodeConfig(ClusterOptions options) {
    return NodeConfig.builder()
        .tickPeriodMs(NodeConfig.DEFAULT_TICK_PERIOD_MS)
        .electionTimeoutMs(options.electionTimeoutMs())
        .resendTimeoutMs(NodeConfig.DEFAULT_RESEND_TIMEOUT_MS)
        .batchSize(1)
        .channelCapacity(NodeConfig.DEFAULT_CHANNEL_CAPACITY);
  }

  @Override
  public List<String> describe(Setting setting, ClusterOptions options) {
    NodeConfig c = nodeConfig(options).pid(1).build();
    String pumps = Pumps.configured(setting) == Pumps.CALLBACK
        ? "moved by the sending node's event-loop thread (a pending channel receive() whose continuation forwards"
            + " the message; no pump threads)"
        : "moved by two pump threads per node (take() and forward, as the key-value server does)";
    ServerConfig server = c.toOmniPaxosConfig().server();
    String common = "runtime: OmniPaxosNode, tick " + c.tickPeriodMs() + " ms, election timeout "
        + c.electionTimeoutMs() + " ms (BLE heartbeat rounds of " + server.heartbeatTicks() * c.tickPeriodMs()
        + " ms after a first round of the election timeout), resend " + c.resendTimeoutMs() + " ms, core batch size 1 (the event"
        + " loop batches instead: the appends it takes in one iteration are proposed together, with one storage"
        + " flush and one release of messages and futures per iteration),"
        + " channel capacity " + c.channelCapacity();
    String client = "client: appendDecided(entry) at the leader, completing once the entry is decided there;"
        + " the decided log is the (empty) state machine; the log is trimmed at the leader every "
        + OmniPaxosCluster.COMPACT_EVERY + " decided entries (as MicroRaft's commitCountToTakeSnapshot)";
    if (setting == Setting.MEMORY) {
      return List.of(common, client, "storage: MemoryStorage (nothing written to disk)",
          "transport: in-JVM, messages passed as objects between the nodes' channels, " + pumps);
    }
    return List.of(common, client,
        "storage: RocksDbStorage (RocksDB " + rocksDbVersion() + "), write-ahead log synced"
            + " once per event-loop batch (group commit)",
        "transport: NettyTransport over 127.0.0.1 (one TCP connection per pair, TCP_NODELAY, 1 I/O thread per node,"
            + " MessageCodec encoding); outgoing channels " + pumps);
  }

  private static String rocksDbVersion() {
    org.rocksdb.RocksDB.loadLibrary();
    return String.valueOf(org.rocksdb.RocksDB.rocksdbVersion());
  }
}
