package omnipaxos.kv.command.server;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * INFO: Redis's sections (server, clients, memory, persistence, stats, replication, cluster,
 * keyspace) with the fields this server can fill truthfully, and ours (omnipaxos, with the
 * cluster's membership in the cluster section). {@code INFO}, {@code INFO default}, {@code all},
 * {@code everything} or any list of section names.
 */
final class ServerInfo {

  private static final List<String> DEFAULT = List.of("server", "clients", "memory",
      "persistence", "stats", "replication", "keyspace", "omnipaxos");
  private static final String RUN_ID = runId();

  private ServerInfo() {}

  static CompletableFuture<Reply> info(KvExecutor executor, Session s, Args a) {
    Set<String> wanted = new LinkedHashSet<>();
    if (a.size() == 1) {
      wanted.addAll(DEFAULT);
    }
    for (String arg : a.keysFrom(1)) {
      String lower = arg.toLowerCase(Locale.ROOT);
      if (Set.of("all", "everything", "default").contains(lower)) {
        wanted.addAll(DEFAULT);
      } else {
        wanted.add(lower);
      }
    }
    return executor.keyspaceStats().thenCombine(executor.clusterInfo(), Parts::new)
        .thenCombine(executor.memoryStats(), (parts, memory) -> {
      StringBuilder b = new StringBuilder();
      for (String section : wanted) {
        String text = section(section, executor, s, parts, memory);
        if (!text.isEmpty()) {
          b.append(b.length() == 0 ? "" : "\r\n").append(text);
        }
      }
      return new Reply.Bulk(b.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  /** The keyspace's sizes and our cluster section. */
  private record Parts(List<KvExecutor.DbStats> stats, String ours) {}

  private static String section(String name, KvExecutor e, Session s, Parts parts,
      KvExecutor.MemoryStats memory) {
    List<KvExecutor.DbStats> stats = parts.stats();
    String ours = parts.ours();
    ServerContext server = s.server();
    ConfigParameters config = server.config();
    return switch (name) {
      case "server" -> server(server);
      case "clients" -> "# Clients\r\nconnected_clients:" + server.sessions().size()
          + "\r\nmaxclients:" + config.get("maxclients") + "\r\nblocked_clients:0\r\n"
          + "tracking_clients:0\r\n";
      case "memory" -> memory(config, memory);
      case "persistence" -> "# Persistence\r\nloading:0\r\nrdb_bgsave_in_progress:0\r\n"
          + "rdb_last_save_time:" + (e.lastSaveSeconds() >= 0 ? e.lastSaveSeconds()
          : server.startMs() / 1000) + "\r\nrdb_last_bgsave_status:ok\r\naof_enabled:0\r\n"
          + "aof_rewrite_in_progress:0\r\n";
      case "stats" -> "# Stats\r\ntotal_connections_received:" + server.connections()
          + "\r\ntotal_commands_processed:" + server.commands()
          + "\r\nrejected_connections:0\r\npubsub_channels:0\r\npubsub_patterns:0\r\n";
      case "replication" -> "# Replication\r\nrole:master\r\nconnected_slaves:"
          + e.replicasHolding() + "\r\n";
      case "keyspace" -> keyspace(stats);
      case "omnipaxos" -> ours.replace("# Cluster\r\n", "# Cluster\r\ncluster_enabled:0\r\n");
      case "cluster" -> "# Cluster\r\ncluster_enabled:0\r\n";
      default -> "";
    };
  }

  private static String server(ServerContext server) {
    long uptime = (System.currentTimeMillis() - server.startMs()) / 1000;
    return "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:"
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch") + "\r\narch_bits:"
        + (System.getProperty("os.arch").contains("64") ? 64 : 32)
        + "\r\nprocess_id:" + ProcessHandle.current().pid() + "\r\nrun_id:" + RUN_ID
        + "\r\ntcp_port:" + server.port() + "\r\nserver_time_usec:"
        + System.currentTimeMillis() * 1000 + "\r\nuptime_in_seconds:" + uptime
        + "\r\nuptime_in_days:" + uptime / 86400 + "\r\nhz:" + server.config().get("hz")
        + "\r\nexecutable:java\r\nconfig_file:\r\n";
  }

  /**
   * Redis's memory fields from the JVM (used_memory: the heap after the last collection; rss and
   * fragmentation from the process), with the dataset from the state's deterministic estimate,
   * then ours: that estimate with the position it holds at.
   */
  private static String memory(ConfigParameters config, KvExecutor.MemoryStats m) {
    long used = JvmMemory.heapAfterGc();
    long rss = JvmMemory.rss();
    long peak = Math.max(used, JvmMemory.peak());
    long max = Long.parseLong(config.get("maxmemory"));
    long system = JvmMemory.systemMemory();
    StringBuilder b = new StringBuilder("# Memory\r\n");
    bytes(b, "used_memory", used);
    bytes(b, "used_memory_rss", rss);
    bytes(b, "used_memory_peak", peak);
    field(b, "used_memory_peak_perc", percent(used, peak));
    field(b, "used_memory_overhead", Math.max(0, used - m.bytes()));
    field(b, "used_memory_dataset", m.bytes());
    field(b, "used_memory_dataset_perc", percent(m.bytes(), used));
    bytes(b, "total_system_memory", system);
    field(b, "used_memory_lua", 0);
    field(b, "used_memory_lua_human", "0B");
    field(b, "number_of_cached_scripts", 0);
    bytes(b, "maxmemory", max);
    field(b, "maxmemory_policy", config.get("maxmemory-policy"));
    field(b, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f",
        used == 0 ? 0.0 : (double) rss / used));
    field(b, "mem_fragmentation_bytes", rss - used);
    field(b, "mem_allocator", "jvm");
    bytes(b, "omnipaxos_heap_used_now", JvmMemory.heapNow());
    bytes(b, "omnipaxos_heap_max", JvmMemory.heapMax());
    field(b, "omnipaxos_dataset_index", m.index());
    field(b, "omnipaxos_dataset_keys", m.keys());
    bytes(b, "omnipaxos_dataset_bytes_estimate", m.bytes());
    field(b, "omnipaxos_bytes_per_key_estimate", m.bytesPerKey());
    return b.toString();
  }

  private static void field(StringBuilder b, String name, Object value) {
    b.append(name).append(':').append(value).append("\r\n");
  }

  /** A field in bytes and its {@code _human} companion. */
  private static void bytes(StringBuilder b, String name, long value) {
    field(b, name, value);
    field(b, name + "_human", human(value));
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
  }

  private static String keyspace(List<KvExecutor.DbStats> stats) {
    StringBuilder b = new StringBuilder("# Keyspace\r\n");
    for (KvExecutor.DbStats d : stats) {
      b.append("db").append(d.db()).append(":keys=").append(d.keys()).append(",expires=")
          .append(d.expires()).append(",avg_ttl=0\r\n");
    }
    return b.toString();
  }

  /** Bytes as Redis shows them: 1.50K, 2.00M, 0B. */
  static String human(long bytes) {
    String[] units = {"B", "K", "M", "G", "T"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", v, units[u]);
  }

  /** 40 hex digits naming this run of the server, as Redis's run_id does. */
  private static String runId() {
    String name = ManagementFactory.getRuntimeMXBean().getName() + System.nanoTime();
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 40; i++) {
      b.append(String.format(Locale.ROOT, "%08x", (name + i).hashCode()));
    }
    return b.substring(0, 40);
  }
}
