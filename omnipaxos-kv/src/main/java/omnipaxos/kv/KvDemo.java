package omnipaxos.kv;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import omnipaxos.transport.netty.FreePorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The main job: starts a 3-server cluster on loopback (RocksDB in a temporary directory), writes
 * and reads through a Redis client, kills the leader, shows the new leader, checks that every
 * acknowledged write survived, restarts the old leader and checks that it caught up, then replaces
 * server 3 by a new server 4 (the seed's reconfiguration) that fetches the state and must hold
 * every acknowledged write. Exits 0 if every check held. It prints the address of the cluster's
 * dashboard first; with {@code --keep-running} the cluster then stays up for a look at it until the
 * process is stopped.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start a local 3-node cluster, write, kill the leader, check every acknowledged write"
            + " survived, then replace a server by a new one that catches up.")
final class KvDemo implements Callable<Integer> {

  @Option(
      names = "--writes",
      defaultValue = "300",
      description = "Writes before and after the failover (default ${DEFAULT-VALUE}).")
  int writes;

  @Option(
      names = "--keep-running",
      description =
          "Keep the cluster up after the demo, for a look at its dashboard; stop with Ctrl-C.")
  boolean keepRunning;

  private final PrintStream out;
  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> clients = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> http = new LinkedHashMap<>();
  private final Map<Long, Jedis> connections = new LinkedHashMap<>();
  private Path dataDir;
  private int retries;

  KvDemo() {
    this(System.out);
  }

  KvDemo(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    dataDir = Files.createTempDirectory("omnipaxos-kv-demo");
    try {
      boolean ok = run();
      if (keepRunning) {
        keepRunning();
      }
      return ok ? 0 : 1;
    } finally {
      connections.values().forEach(Jedis::close);
      servers.values().forEach(KvServer::close);
      deleteRecursively(dataDir);
    }
  }

  private boolean run() throws Exception {
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", FreePorts.next()));
      clients.put(pid, new InetSocketAddress("127.0.0.1", FreePorts.next()));
      http.put(pid, new InetSocketAddress("127.0.0.1", FreePorts.next()));
    }
    long t0 = System.nanoTime();
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
    out.printf(
        "Started 3 servers on loopback: Redis clients on %s, data in %s%n",
        clients.values(), dataDir);
    out.printf(
        "Dashboard: %s (every server's HTTP port shows the whole cluster: %s)%n",
        dashboard(1), http.values());
    long leader = awaitLeader(1, 0);
    out.printf("[%5d ms] server %d is the leader%n", ms(t0), leader);

    Map<String, String> acknowledged = new LinkedHashMap<>();
    writeRound(acknowledged, 0, writes);
    out.printf(
        "[%5d ms] %d SET commands acknowledged, spread over all three servers (%d retried after a "
            + "leader change left their fate unknown)%n",
        ms(t0), writes, retries);

    leader = awaitLeader(1, 0);
    out.printf("[%5d ms] killing the leader, server %d%n", ms(t0), leader);
    servers.remove(leader).close();
    closeClient(leader);
    long survivor = leader == 1 ? 2 : 1;
    long tKill = System.nanoTime();
    long next = awaitLeader(survivor, leader);
    out.printf(
        "[%5d ms] server %d is the new leader (%d ms after the kill)%n", ms(t0), next, ms(tKill));
    long[] alive = servers.keySet().stream().mapToLong(Long::longValue).toArray();
    for (int i = writes; i < 2 * writes; i++) {
      long via = alive[i % alive.length];
      put(via, "key" + i, "value" + i, acknowledged);
    }
    out.printf("[%5d ms] %d more writes acknowledged by the surviving servers%n", ms(t0), writes);

    boolean ok = checkAll(acknowledged, servers.keySet().toArray(new Long[0]));
    out.printf("[%5d ms] restarting server %d on its data directory%n", ms(t0), leader);
    start(leader);
    ok &= awaitCaughtUp(leader, acknowledged);
    ok &= checkAll(acknowledged, new Long[] {leader});
    out.printf(
        "[%5d ms] server %d recovered and caught up: %s%n", ms(t0), leader, ok ? "yes" : "NO");

    long gone = 3;
    ok &= replace(gone, t0, acknowledged);
    out.printf(
        "Summary: %d acknowledged writes, %s readable on every server after the leader was killed"
            + " and restarted, and on the server that replaced server %d.%n",
        acknowledged.size(), ok ? "all" : "NOT all", gone);
    out.println(ok ? "Demo finished: every acknowledged write survived." : "Demo FAILED");
    return ok;
  }

  /**
   * The seed's reconfiguration: server {@code gone} is replaced by a new server 4, which fetches
   * the state; whether 4 became a member holding every acknowledged write.
   */
  private boolean replace(long gone, long t0, Map<String, String> acknowledged)
      throws Exception {
    out.printf(
        "[%5d ms] stopping server %d for good and replacing it with a new server 4%n",
        ms(t0), gone);
    servers.remove(gone).close();
    closeClient(gone);
    long asked = servers.keySet().iterator().next();
    peers.put(4L, new InetSocketAddress("127.0.0.1", FreePorts.next()));
    clients.put(4L, new InetSocketAddress("127.0.0.1", FreePorts.next()));
    http.remove(gone);
    http.put(4L, new InetSocketAddress("127.0.0.1", FreePorts.next()));
    KvServerConfig four =
        KvServerConfig.builder()
            .pid(4)
            .nodes(Map.of())
            .clientAddress(clients.get(4L))
            .httpAddress(http.get(4L))
            .dataDir(dataDir.resolve("server4"))
            .electionTimeoutMs(KvServerConfig.DEFAULT_ELECTION_TIMEOUT_MS)
            .snapshotEvery(200)
            .faultInjection(false)
            .readMode(ReadMode.LOG)
            .requestTimeoutMs(KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS)
            .start(KvServerConfig.Start.join(clients.get(asked), peers.get(4L)))
            .build();
    servers.put(4L, KvServer.start(four));
    long tChange = System.nanoTime();
    String reply =
        KvCluster.query(
            clients.get(asked),
            "CLUSTER",
            "REPLACE",
            Long.toString(gone),
            "4",
            KvStartup.hostPort(peers.get(4L)));
    out.printf("[%5d ms] %s%n", ms(t0), reply);
    boolean member = awaitMember(4);
    out.printf(
        "[%5d ms] server 4 fetched the state from the others and takes part: %s (%d ms after the"
            + " change)%n",
        ms(t0), member ? "yes" : "NO", ms(tChange));
    return member && checkAll(acknowledged, new Long[] {4L});
  }

  private void writeRound(Map<String, String> acknowledged, int from, int to) {
    for (int i = from; i < to; i++) {
      long via = (i % 3) + 1;
      put(via, "key" + i, "value" + i, acknowledged);
    }
  }

  private void put(long via, String key, String value, Map<String, String> acknowledged) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        if ("OK".equals(client(via).set(key, value))) {
          acknowledged.put(key, value);
          return;
        }
      } catch (JedisDataException e) {
        // The fate of the write is unknown (e.g. a leader change): SET is idempotent, so write it
        // again.
        retries++;
      }
    }
    throw new IllegalStateException("SET " + key + " was not acknowledged after 20 attempts");
  }

  private boolean checkAll(Map<String, String> acknowledged, Long[] pids) {
    boolean ok = true;
    for (long pid : pids) {
      int found = 0;
      Jedis j = client(pid);
      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        if (e.getValue().equals(j.get(e.getKey()))) {
          found++;
        }
      }
      out.printf(
          "    server %d: %d of %d acknowledged writes readable%n",
          pid, found, acknowledged.size());
      ok &= found == acknowledged.size();
    }
    return ok;
  }

  private boolean awaitCaughtUp(long pid, Map<String, String> acknowledged)
      throws InterruptedException {
    String lastKey = acknowledged.keySet().stream().reduce((a, b) -> b).orElseThrow();
    for (int i = 0; i < 500; i++) {
      try {
        if (acknowledged.get(lastKey).equals(client(pid).get(lastKey))) {
          return true;
        }
      } catch (RuntimeException e) {
        closeClient(pid); // not ready yet: reconnect on the next try
      }
      Thread.sleep(20);
    }
    return false;
  }

  private boolean awaitMember(long pid) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      try {
        if ("member".equals(KvCluster.info(client(pid).info()).get("membership"))) {
          return true;
        }
      } catch (RuntimeException e) {
        closeClient(pid);
      }
      Thread.sleep(20);
    }
    return false;
  }

  private long awaitLeader(long askPid, long notPid) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      for (String line : client(askPid).info().split("\r\n")) {
        if (line.startsWith("leader:")) {
          long l = Long.parseLong(line.substring(7));
          if (l != 0 && l != notPid && servers.containsKey(l)) {
            return l;
          }
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no leader within 10 s");
  }

  /**
   * Keeps the cluster up until the process is stopped; the shutdown hook stops it and cleans up.
   */
  private void keepRunning() throws InterruptedException {
    long any = servers.keySet().iterator().next();
    out.printf(
        "Keeping the cluster up (--keep-running): servers %s, dashboard at %s; stop with Ctrl-C%n",
        servers.keySet(), dashboard(any));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      connections.values().forEach(Jedis::close);
      servers.values().forEach(KvServer::close);
      try {
        deleteRecursively(dataDir);
      } catch (IOException e) {
        out.println("could not delete " + dataDir + ": " + e);
      }
    }));
    new java.util.concurrent.CountDownLatch(1).await();
  }

  private String dashboard(long pid) {
    return "http://" + KvStartup.hostPort(http.get(pid)) + "/";
  }

  private void start(long pid) throws InterruptedException {
    KvServerConfig c =
        KvServerConfig.builder()
            .pid(pid)
            .nodes(peers)
            .clientAddress(clients.get(pid))
            .httpAddress(http.get(pid))
            .dataDir(dataDir.resolve("server" + pid))
            .electionTimeoutMs(KvServerConfig.DEFAULT_ELECTION_TIMEOUT_MS)
            .snapshotEvery(200)
            .faultInjection(false)
            .build();
    servers.put(pid, KvServer.start(c));
  }

  /** A connection to {@code pid}'s client port, kept open across calls. */
  private Jedis client(long pid) {
    return connections.computeIfAbsent(pid, p -> {
      InetSocketAddress a = clients.get(p);
      return new Jedis(a.getHostString(), a.getPort(), 10_000);
    });
  }

  private void closeClient(long pid) {
    Jedis j = connections.remove(pid);
    if (j != null) {
      j.close();
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
