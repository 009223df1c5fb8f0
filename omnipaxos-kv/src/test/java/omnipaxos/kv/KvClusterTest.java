package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Three key-value servers in one JVM over real TCP and RocksDB, used through a Redis client. */
class KvClusterTest {

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peerAddresses = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();

  private final Map<Long, Integer> httpPorts = new HashMap<>();

  private KvServer start(long pid) throws InterruptedException {
    KvServerConfig c = KvServerConfig.builder()
        .pid(pid)
        .nodes(peerAddresses)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .httpAddress(new InetSocketAddress("127.0.0.1", httpPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(300)
        .snapshotEvery(200)
        .faultInjection(true)
        .build();
    KvServer s = KvServer.start(c);
    servers.put(pid, s);
    return s;
  }

  private void startCluster() throws InterruptedException {
    for (long pid = 1; pid <= 3; pid++) {
      peerAddresses.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
      httpPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
    AgreedLeader.await(servers.keySet(), clientPorts);
  }

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private Jedis client(long pid) {
    Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 10_000);
    return j;
  }

  private static long leaderOf(Jedis j) {
    String info = j.info();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("leader:")) {
        return Long.parseLong(line.substring(7));
      }
    }
    return 0;
  }

  private static void await(BooleanSupplier c, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached within " + max);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void writesOnAnyNodeAreReadEverywhereAndSurviveTheLeader() throws Exception {
    startCluster();
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        assertThat(j.set("k" + pid, "v" + pid)).isEqualTo("OK");
        assertThat(j.incr("counter")).isEqualTo(pid);
      }
    }
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        assertThat(j.get("k1")).isEqualTo("v1");
        assertThat(j.get("k3")).isEqualTo("v3");
        assertThat(j.get("counter")).isEqualTo("3");
      }
    }
    long leader;
    try (Jedis j = client(1)) {
      leader = leaderOf(j);
    }
    assertThat(leader).isBetween(1L, 3L);
    servers.remove(leader).close();
    long survivor = leader == 1 ? 2 : 1;
    try (Jedis j = client(survivor)) {
      await(() -> {
        long l = leaderOf(j);
        return l != 0 && l != leader;
      }, Duration.ofSeconds(10));
      assertThat(j.set("after", "failover")).isEqualTo("OK");
      assertThat(j.get("k" + leader)).isEqualTo("v" + leader);
      assertThat(j.get("counter")).isEqualTo("3");
    }
    start(leader);
    try (Jedis j = client(leader)) {
      await(() -> "failover".equals(j.get("after")), Duration.ofSeconds(10));
      assertThat(j.get("counter")).isEqualTo("3");
    }
  }

  @Test
  void keysExpireOnEveryServerByTheLeadersClock() throws Exception {
    startCluster();
    try (Jedis j = client(2)) {
      j.select(3);
      assertThat(j.psetex("short", 600, "v")).isEqualTo("OK");
      assertThat(j.set("kept", "v")).isEqualTo("OK");
      assertThat(j.ttl("short")).isBetween(0L, 1L);
    }
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        j.select(3);
        await(() -> j.get("short") == null, Duration.ofSeconds(10));
        assertThat(j.get("kept")).isEqualTo("v");
        assertThat(j.dbSize()).isEqualTo(1);
        j.select(0);
        assertThat(j.get("kept")).isNull();
      }
    }
  }

  @Test
  void healthAndPrometheusMetricsAreServed() throws Exception {
    startCluster();
    try (Jedis j = client(2)) {
      for (int i = 0; i < 20; i++) {
        j.set("m" + i, "v");
      }
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + httpPorts.get(2L);
    // Up once its view of the leader is settled (a write may be decided a moment before).
    java.net.http.HttpRequest healthRequest =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build();
    String[] body = {""};
    await(() -> {
      try {
        java.net.http.HttpResponse<String> h =
            http.send(healthRequest, java.net.http.HttpResponse.BodyHandlers.ofString());
        body[0] = h.body();
        return h.statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(10));
    assertThat(body[0]).contains("\"pid\":2", "\"status\":\"up\"");
    await(() -> {
      try {
        String m = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return m.contains("omnipaxos_leader{pid=\"2\"}") && m.contains("omnipaxos_decided_index{pid=\"2\"} ");
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(10));
    String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("omnipaxos_proposals_total{pid=\"2\"} 20.0",
        "omnipaxos_append_decide_latency_seconds_bucket", "omnipaxos_messages_sent", "omnipaxos_messages_dropped",
        "omnipaxos_ballot");
  }

  @Test
  void snapshotsCompactTheLogAndARestartedNodeRecoversFromThem() throws Exception {
    startCluster();
    try (Jedis j = client(1)) {
      for (int i = 0; i < 600; i++) {
        j.set("key" + (i % 50), Integer.toString(i));
      }
    }
    servers.remove(2L).close();
    start(2);
    try (Jedis j = client(2)) {
      assertThat(j.get("key49")).isEqualTo("599");
      assertThat(j.info()).containsPattern("compacted_idx:[1-9]");
    }
  }
}
