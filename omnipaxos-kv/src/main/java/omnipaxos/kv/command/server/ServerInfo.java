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
    return executor.keyspaceStats().thenCombine(executor.clusterInfo(), (stats, ours) -> {
      StringBuilder b = new StringBuilder();
      for (String section : wanted) {
        String text = section(section, executor, s, stats, ours);
        if (!text.isEmpty()) {
          b.append(b.length() == 0 ? "" : "\r\n").append(text);
        }
      }
      return new Reply.Bulk(b.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  private static String section(String name, KvExecutor e, Session s,
      List<KvExecutor.DbStats> stats, String ours) {
    ServerContext server = s.server();
    ConfigParameters config = server.config();
    return switch (name) {
      case "server" -> server(server);
      case "clients" -> "# Clients\r\nconnected_clients:" + server.sessions().size()
          + "\r\nmaxclients:" + config.get("maxclients") + "\r\nblocked_clients:0\r\n"
          + "tracking_clients:0\r\n";
      case "memory" -> memory(config);
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

  private static String memory(ConfigParameters config) {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long max = Long.parseLong(config.get("maxmemory"));
    return "# Memory\r\nused_memory:" + used + "\r\nused_memory_human:" + human(used)
        + "\r\nused_memory_peak:" + rt.totalMemory() + "\r\nused_memory_peak_human:"
        + human(rt.totalMemory()) + "\r\ntotal_system_memory:" + rt.maxMemory()
        + "\r\nmaxmemory:" + max + "\r\nmaxmemory_human:" + human(max)
        + "\r\nmaxmemory_policy:" + config.get("maxmemory-policy") + "\r\nmem_allocator:jvm\r\n";
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
