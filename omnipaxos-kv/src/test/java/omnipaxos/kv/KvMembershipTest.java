package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Membership change of a running key-value cluster (servers in one JVM, RocksDB, real TCP): the seed's
 * replacement of a crashed server by a new one that catches up from the others, removal, the
 * configuration history, and restarts after a change. Writes go on during every change, and every
 * acknowledged write is read back on every member afterwards.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KvMembershipTest {

  private static final long ELECTION_TIMEOUT_MS = 300;

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final Map<Long, Integer> httpPorts = new HashMap<>();

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private void ports(long pid) {
    peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
    clientPorts.put(pid, Ports.free());
    httpPorts.put(pid, Ports.free());
  }

  private KvServerConfig config(long pid, Map<Long, InetSocketAddress> nodes) {
    return config(pid, nodes, KvServerConfig.Start.bootstrap(KvServerConfig.DEFAULT_CLUSTER_NAME));
  }

  private KvServerConfig config(long pid, Map<Long, InetSocketAddress> nodes, KvServerConfig.Start start) {
    return KvServerConfig.builder()
        .pid(pid)
        .nodes(nodes)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .httpAddress(new InetSocketAddress("127.0.0.1", httpPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .snapshotEvery(200)
        .faultInjection(false)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(5_000)
        .start(start)
        .build();
  }

  private void startCluster() throws InterruptedException {
    for (long pid = 1; pid <= 3; pid++) {
      ports(pid);
    }
    Map<Long, InetSocketAddress> first = Map.copyOf(peers);
    for (long pid = 1; pid <= 3; pid++) {
      servers.put(pid, KvServer.start(config(pid, first)));
    }
    AgreedLeader.await(servers.keySet(), clientPorts);
  }

  /** Starts server {@code pid}, new to the cluster, joining through server {@code via}. */
  private void join(long pid, long via) throws InterruptedException {
    ports(pid);
    KvServerConfig c = config(pid, Map.of(), KvServerConfig.Start.join(
        new InetSocketAddress("127.0.0.1", clientPorts.get(via)), peers.get(pid)));
    servers.put(pid, KvServer.start(c));
  }

  private Jedis client(long pid) {
    return new Jedis("127.0.0.1", clientPorts.get(pid), 20_000);
  }

  private static String info(Jedis j, String key) {
    return KvCluster.info(j.info()).get(key);
  }

  private static void await(String what, BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Writes unique keys through the given servers until stopped; remembers what was acknowledged. */
  private final class Writer implements AutoCloseable {
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Writer(String prefix, List<Long> via) {
      thread = new Thread(() -> {
        int i = 0;
        Map<Long, Jedis> conns = new HashMap<>();
        while (!stop.get()) {
          long pid = via.get(i % via.size());
          String key = prefix + i;
          try {
            Jedis j = conns.computeIfAbsent(pid, KvMembershipTest.this::client);
            if ("OK".equals(j.set(key, "v" + i))) {
              acknowledged.put(key, "v" + i);
            }
          } catch (JedisDataException e) {
            errors.add(e.getMessage());
          } catch (RuntimeException e) {
            Jedis j = conns.remove(pid);
            if (j != null) {
              j.close();
            }
          }
          i++;
        }
        conns.values().forEach(Jedis::close);
      }, "writer-" + prefix);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(30_000);
    }
  }

  private void assertAllReadable(Map<String, String> written, List<Long> on) {
    for (long pid : on) {
      try (Jedis j = client(pid)) {
        for (Map.Entry<String, String> e : written.entrySet()) {
          assertThat(j.get(e.getKey())).as("%s on server %d", e.getKey(), pid).isEqualTo(e.getValue());
        }
      }
    }
  }

  @Test
  void aCrashedServerIsReplacedByANewOneThatCatchesUpWhileWritesGoOn() throws Exception {
    startCluster();
    Map<String, String> before = new LinkedHashMap<>();
    try (Jedis j = client(1)) {
      // About 6 MiB, so that the new server fetches several 1 MiB chunks.
      for (int i = 0; i < 300; i++) {
        j.set("k" + i, "x".repeat(20_000) + i);
        before.put("k" + i, "x".repeat(20_000) + i);
      }
    }
    servers.remove(3L).close();
    join(4, 1);
    try (Jedis j = client(4)) {
      assertThatThrownBy(() -> j.get("k1")).isInstanceOf(JedisDataException.class)
          .hasMessageContaining("is not a member of cluster").hasMessageContaining("cluster add 4=");
    }
    Map<String, String> during;
    try (Writer w = new Writer("w", List.of(1L, 2L))) {
      Thread.sleep(300);
      String[] r = InProcessCli.run("cluster", "replace", "3", "4=127.0.0.1:" + peers.get(4L).getPort(), "--address",
          "127.0.0.1:" + clientPorts.get(2L));
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[1]).contains("OK replaced 3 with 4: configuration 2 is 1=127.0.0.1:", "4=127.0.0.1:");
      try (Jedis j = client(4)) {
        await("server 4 to catch up and take part", () -> "member".equals(info(j, "membership")));
      }
      Thread.sleep(500);
      w.close();
      during = Map.copyOf(w.acknowledged);
      assertThat(during).hasSizeGreaterThan(10);
      // Writes in flight at the switch are carried into the new configuration: none failed definitely.
      assertThat(w.errors).allSatisfy(e -> assertThat(e).containsAnyOf("may still be decided", "CLUSTERDOWN", "TIMEOUT"));
    }
    try (Jedis j = client(4)) {
      assertThat(j.set("after", "4")).isEqualTo("OK");
      assertThat(info(j, "configuration")).isEqualTo("2");
      assertThat(info(j, "configuration_2")).contains("4=127.0.0.1:" + peers.get(4L).getPort());
    }
    await("every member to apply the last write", () -> {
      for (long p : List.of(1L, 2L, 4L)) {
        try (Jedis j = client(p)) {
          if (!"4".equals(j.get("after"))) {
            return false;
          }
        }
      }
      return true;
    });
    assertAllReadable(before, List.of(1L, 2L, 4L));
    assertAllReadable(during, List.of(1L, 2L, 4L));
    // The survivors served the state between them (how it splits depends on which was ready first; that
    // every source serves a share is shown deterministically by MigrationSimulationTest).
    long served = 0;
    for (long p : List.of(1L, 2L)) {
      try (Jedis j = client(p)) {
        assertThat(info(j, "configuration_1")).contains("3=127.0.0.1:");
        served += Long.parseLong(info(j, "state_bytes_served"));
      }
    }
    assertThat(served).as("state bytes served").isGreaterThan(300L * 20_000);
  }

  @Test
  void aRemovedServerStopsServingAndSaysWhy() throws Exception {
    startCluster();
    try (Jedis j = client(1)) {
      j.set("a", "1");
    }
    String[] r = InProcessCli.run("cluster", "remove", "2", "--address", "127.0.0.1:" + clientPorts.get(1L));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("OK removed 2: configuration 2 is 1=127.0.0.1:" + peers.get(1L).getPort() + ",3=");
    try (Jedis j = client(2)) {
      await("server 2 to know it was removed", () -> "removed".equals(info(j, "membership")));
      assertThatThrownBy(() -> j.get("a")).isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("REMOVED server 2 was removed from the cluster in configuration 2");
    }
    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + httpPorts.get(2L) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("was removed from the cluster");
    try (Jedis j = client(3)) {
      assertThat(j.set("b", "2")).isEqualTo("OK");
      assertThat(j.get("a")).isEqualTo("1");
    }
    // Refused changes say why.
    String[] again = InProcessCli.run("cluster", "remove", "2", "--address", "127.0.0.1:" + clientPorts.get(1L));
    assertThat(again[0]).isEqualTo("1");
    assertThat(again[2]).contains("server 2 is not a member");
    String[] last = InProcessCli.run("cluster", "remove", "3", "--address", "127.0.0.1:" + clientPorts.get(1L));
    assertThat(last[2]).contains("a cluster needs at least two servers");
    String[] viaRemoved = InProcessCli.run("cluster", "add", "5=127.0.0.1:1", "--address", "127.0.0.1:" + clientPorts.get(2L));
    assertThat(viaRemoved[2]).contains("cannot change the membership now: it is removed");
  }

  @Test
  void restartsAfterAChangeResumeTheLatestConfigurationAndWrongFlagsAreRefused() throws Exception {
    startCluster();
    Map<Long, InetSocketAddress> first = Map.copyOf(peers);
    try (Jedis j = client(1)) {
      j.set("a", "1");
    }
    String[] r = InProcessCli.run("cluster", "remove", "3", "--address", "127.0.0.1:" + clientPorts.get(1L));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    servers.remove(1L).close();
    // The same flags as at bootstrap: the server resumes in configuration 2.
    servers.put(1L, KvServer.start(config(1, first)));
    try (Jedis j = client(1)) {
      await("server 1 to serve again", () -> {
        try {
          return "OK".equals(j.set("b", "2"));
        } catch (JedisDataException e) {
          return false;
        }
      });
      assertThat(info(j, "configuration")).isEqualTo("2");
      assertThat(j.get("a")).isEqualTo("1");
    }
    servers.remove(1L).close();
    // Without --nodes: the data directory knows the members.
    servers.put(1L, KvServer.start(config(1, Map.of(), KvServerConfig.Start.resume())));
    servers.remove(1L).close();
    // Another member list is refused, naming both.
    Map<Long, InetSocketAddress> wrong = new HashMap<>(first);
    wrong.put(5L, new InetSocketAddress("127.0.0.1", 1));
    assertThatThrownBy(() -> KvServer.start(config(1, wrong))).isInstanceOf(StartupException.class)
        .hasMessageContaining("disagrees with the data directory").hasMessageContaining("configuration 2");
  }

  @Test
  void aServerOfAnotherClusterIsRefusedAndCounted() throws Exception {
    startCluster();
    // A server of a foreign cluster {1, 2} whose server 1 (the lower pid dials) dials our server 2's address.
    servers.remove(1L).close();
    Map<Long, InetSocketAddress> foreign = Map.of(1L, new InetSocketAddress("127.0.0.1", Ports.free()), 2L, peers.get(2L));
    clientPorts.put(1L, Ports.free());
    httpPorts.put(1L, Ports.free());
    KvServerConfig c = KvServerConfig.builder()
        .pid(1)
        .nodes(foreign)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(1L)))
        .dataDir(dir.resolve("foreign1"))
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .snapshotEvery(200)
        .faultInjection(false)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(5_000)
        .start(KvServerConfig.Start.bootstrap("other"))
        .build();
    servers.put(1L, KvServer.start(c));
    awaitRefused(2, "other_cluster");
    try (Jedis j = client(2)) {
      assertThat(j.set("x", "ours")).isEqualTo("OK");
    }
  }

  @Test
  void aServerThatLostItsDataDirectoryIsNotLetBackUntilItIsReplaced() throws Exception {
    startCluster();
    Map<Long, InetSocketAddress> first = Map.copyOf(peers);
    try (Jedis j = client(1)) {
      awaitSet(j, "a", "1");
    }
    servers.remove(3L).close();
    deleteRecursively(dir.resolve("node3"));
    // Started again with the very same flags, it would bootstrap an empty server 3: its peers refuse it.
    servers.put(3L, KvServer.start(config(3, first)));
    awaitRefused(1, "new_incarnation");
    try (Jedis j = client(3)) {
      assertThatThrownBy(() -> j.get("a")).isInstanceOf(JedisDataException.class)
          .hasMessageContaining("the read did nothing");
    }
    // Removing 3 makes its peers forget it; it may then join again, with its empty data directory.
    servers.remove(3L).close();
    String[] r = InProcessCli.run("cluster", "remove", "3", "--address", "127.0.0.1:" + clientPorts.get(1L));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    deleteRecursively(dir.resolve("node3"));
    KvServerConfig again = config(3, Map.of(), KvServerConfig.Start.join(
        new InetSocketAddress("127.0.0.1", clientPorts.get(1L)), peers.get(3L)));
    servers.put(3L, KvServer.start(again));
    String[] add = InProcessCli.run("cluster", "add", "3=127.0.0.1:" + peers.get(3L).getPort(), "--address",
        "127.0.0.1:" + clientPorts.get(2L));
    assertThat(add[0]).as(add[2]).isEqualTo("0");
    try (Jedis j = client(3)) {
      await("server 3 to take part again", () -> "member".equals(info(j, "membership")));
      await("server 3 to read a", () -> {
        try {
          return "1".equals(j.get("a"));
        } catch (JedisDataException e) {
          return false;
        }
      });
    }
  }

  private static void awaitSet(Jedis j, String key, String value) throws InterruptedException {
    await("SET " + key, () -> {
      try {
        return "OK".equals(j.set(key, value));
      } catch (JedisDataException e) {
        return false;
      }
    });
  }

  private static void deleteRecursively(Path p) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }
  /** Waits until server {@code pid}'s metrics count a refused connection for {@code reason}. */
  private void awaitRefused(long pid, String reason) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String counter = "omnipaxos_connections_refused{pid=\"" + pid + "\",reason=\"" + reason + "\"}";
    await("server " + pid + " to refuse a connection (" + reason + ")", () -> {
      try {
        String m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(pid) + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        return m.lines().anyMatch(l -> l.startsWith(counter) && !l.endsWith(" 0.0"));
      } catch (Exception e) {
        return false;
      }
    });
  }
}
