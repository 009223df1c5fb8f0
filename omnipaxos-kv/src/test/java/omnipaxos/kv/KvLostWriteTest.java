package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A write whose log position the next leader decides with another entry is decided nowhere (the
 * runtime says {@code LOST}); the server appends it again instead of failing the client, and it is
 * applied exactly once.
 */
@Timeout(120)
class KvLostWriteTest {

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();

  private void start(long pid) throws InterruptedException {
    servers.put(pid, KvServer.start(KvServerConfig.builder()
        .pid(pid)
        .nodes(peers)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(300)
        .snapshotEvery(10_000)
        .faultInjection(true)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(20_000)
        .start(KvServerConfig.Start.bootstrap(KvServerConfig.DEFAULT_CLUSTER_NAME))
        .build()));
  }

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private Jedis client(long pid) {
    return new Jedis("127.0.0.1", clientPorts.get(pid), 30_000);
  }

  private void admin(long pid, String... args) {
    try (Jedis j = client(pid)) {
      Object r = j.sendCommand(() -> "OMNIPAXOS".getBytes(StandardCharsets.UTF_8), args);
      assertThat(new String((byte[]) r, StandardCharsets.UTF_8)).isEqualTo("OK");
    }
  }

  @Test
  void aWriteLostToALeaderChangeIsAppendedAgainAndAppliedOnce() throws Exception {
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
    long old = AgreedLeader.await(servers.keySet(), clientPorts);
    long[] others = servers.keySet().stream().filter(p -> p != old).mapToLong(Long::longValue)
        .toArray();
    try (Jedis j = client(old)) {
      assertThat(j.set("before", "1")).isEqualTo("OK");
    }
    for (long p : others) {
      admin(old, "CUT", Long.toString(p));
      admin(p, "CUT", Long.toString(old));
    }
    // The old leader takes the write into its log but cannot decide it.
    CompletableFuture<Long> lost = CompletableFuture.supplyAsync(() -> {
      try (Jedis j = client(old)) {
        return j.incr("counter");
      }
    });
    // The others elect a leader and decide other entries at the same positions.
    try (Jedis j = client(others[0])) {
      await(() -> {
        try {
          return "OK".equals(j.set("during", "cut"));
        } catch (RuntimeException e) {
          return false;
        }
      }, Duration.ofSeconds(20));
      assertThat(j.set("during2", "cut")).isEqualTo("OK");
    }
    assertThat(lost).isNotDone();
    for (long p : others) {
      admin(old, "HEAL");
      admin(p, "HEAL");
    }
    assertThat(lost.get(30, TimeUnit.SECONDS)).isEqualTo(1L);
    for (long p : servers.keySet()) {
      try (Jedis j = client(p)) {
        await(() -> "cut".equals(j.get("during2")), Duration.ofSeconds(20));
        assertThat(j.get("counter")).as("server %d", p).isEqualTo("1");
      }
    }
  }

  private static void await(java.util.function.BooleanSupplier c, Duration max)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached within " + max);
      }
      Thread.sleep(50);
    }
  }
}
