package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

  private KvServer start(long pid) throws InterruptedException {
    KvServerConfig c = new KvServerConfig(pid, peerAddresses, new InetSocketAddress("127.0.0.1", clientPorts.get(pid)),
        Optional.empty(), Optional.of(dir.resolve("node" + pid)), Optional.empty(), 300, 200, true);
    KvServer s = KvServer.start(c);
    servers.put(pid, s);
    return s;
  }

  private void startCluster() throws InterruptedException {
    for (long pid = 1; pid <= 3; pid++) {
      peerAddresses.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
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
