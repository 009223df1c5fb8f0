package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Jedis and Lettuce (RESP3) against a three-server cluster of ours: strings, pipelining,
 * MULTI/EXEC, WATCH conflicts between connections to different servers, AUTH.
 */
class RedisClientsClusterTest {

  private static final String PASSWORD = "sekret";

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();

  @BeforeEach
  void startCluster() throws InterruptedException {
    Map<Long, InetSocketAddress> peers = new HashMap<>();
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      KvServerConfig c = KvServerConfig.builder()
          .pid(pid)
          .nodes(peers)
          .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
          .electionTimeoutMs(300)
          .snapshotEvery(1000)
          .faultInjection(false)
          .readMode(ReadMode.LOG)
          .requestTimeoutMs(10_000)
          .build();
      servers.put(pid, KvServer.start(pid == 3 ? c.toBuilder().requirePass(PASSWORD).build() : c));
    }
    AgreedLeader.await(List.of(1L, 2L), clientPorts);
  }

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  /** A client of server {@code pid}, authenticated on server 3 (the one with a password). */
  private Jedis jedis(long pid) {
    Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 20_000);
    if (pid == 3) {
      j.auth(PASSWORD);
    }
    return j;
  }

  @Test
  void watchConflictsAreDetectedAcrossServers() {
    try (Jedis one = jedis(1); Jedis two = jedis(2)) {
      one.set("k", "1");
      one.watch("k");
      assertThat(two.set("k", "2")).isEqualTo("OK");
      Transaction t = one.multi();
      t.get("k");
      assertThat(t.exec()).isNull();

      one.set("mine", "1");
      one.watch("mine");
      Transaction ok = one.multi();
      ok.incr("mine");
      ok.get("k");
      assertThat(ok.exec()).containsExactly(2L, "2");
      assertThat(two.get("mine")).isEqualTo("2");

      two.watch("k");
      one.del("k");
      Transaction gone = two.multi();
      gone.set("k", "3");
      assertThat(gone.exec()).isNull();
      assertThat(jedis(3).exists("k")).isFalse();
    }
  }

  @Test
  void jedisStringsPipeliningTransactionsAndErrors() {
    try (Jedis j = jedis(2)) {
      assertThat(j.ping()).isEqualTo("PONG");
      assertThat(j.set("s", "hello")).isEqualTo("OK");
      assertThat(j.append("s", " world")).isEqualTo(11L);
      assertThat(j.get("s")).isEqualTo("hello world");
      Pipeline p = j.pipelined();
      List<Response<Long>> incrs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        incrs.add(p.incr("counter"));
      }
      p.sync();
      assertThat(incrs.get(49).get()).isEqualTo(50L);
      Transaction t = j.multi();
      t.set("a", "x");
      t.incr("a");
      t.get("a");
      List<Object> replies = t.exec();
      assertThat(replies.get(0)).isEqualTo("OK");
      assertThat(replies.get(1)).isInstanceOf(JedisDataException.class);
      assertThat(replies.get(2)).isEqualTo("x");
      assertThat(j.clientId()).isPositive();
      assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "0");
      assertThat(j.waitReplicas(1, 100)).isEqualTo(1L);
      assertThat(j.save()).isEqualTo("OK");
      assertThat(j.save()).isEqualTo("OK");
      assertThat(j.lastsave()).isPositive();
      assertThat(j.bgsave()).isEqualTo("Background saving started");
      assertThat(j.info("keyspace")).contains("db0:keys=3,expires=0");
      assertThat(j.info()).contains("# Replication\r\nrole:master", "# OmniPaxos", "leader:");
    }
  }

  @Test
  void jedisAndLettuceAuthenticate() {
    try (Jedis anonymous = new Jedis("127.0.0.1", clientPorts.get(3L), 20_000)) {
      assertThatThrownBy(() -> anonymous.get("a")).hasMessageContaining("NOAUTH");
      assertThatThrownBy(() -> anonymous.auth("wrong")).hasMessageContaining("WRONGPASS");
      assertThat(anonymous.auth(PASSWORD)).isEqualTo("OK");
      assertThat(anonymous.set("a", "1")).isEqualTo("OK");
    }
    RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
        .withPort(clientPorts.get(3L)).withPassword(PASSWORD.toCharArray())
        .withTimeout(Duration.ofSeconds(20)).build());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      assertThat(c.sync().get("a")).isEqualTo("1");
    } finally {
      client.shutdown(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void lettuceResp3PipeliningAndTransactions() throws Exception {
    RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
        .withPort(clientPorts.get(1L)).withTimeout(Duration.ofSeconds(20)).build());
    client.setOptions(io.lettuce.core.ClientOptions.builder()
        .protocolVersion(ProtocolVersion.RESP3).build());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> sync = c.sync();
      assertThat(sync.set("l", "v")).isEqualTo("OK");
      assertThat(sync.get("l")).isEqualTo("v");
      assertThat(sync.get("missing")).isNull();
      RedisAsyncCommands<String, String> async = c.async();
      c.setAutoFlushCommands(false);
      List<RedisFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(async.incr("lc"));
      }
      c.flushCommands();
      c.setAutoFlushCommands(true);
      assertThat(futures.get(49).get(20, TimeUnit.SECONDS)).isEqualTo(50L);
      assertThat(sync.multi()).isEqualTo("OK");
      sync.set("t", "1");
      sync.incr("t");
      sync.get("t");
      TransactionResult r = sync.exec();
      assertThat(r.wasDiscarded()).isFalse();
      assertThat(r.<String>get(0)).isEqualTo("OK");
      assertThat(r.<Long>get(1)).isEqualTo(2L);
      assertThat(r.<String>get(2)).isEqualTo("2");
      sync.watch("t");
      try (Jedis other = jedis(2)) {
        other.set("t", "changed");
      }
      sync.multi();
      sync.get("t");
      assertThat(sync.exec().wasDiscarded()).isTrue();
      assertThat(sync.clientGetname()).isNull();
      assertThat(sync.echo("hi")).isEqualTo("hi");
    } finally {
      client.shutdown(0, 1, TimeUnit.SECONDS);
    }
  }
}
