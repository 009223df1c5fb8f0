package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Issue 14 item 7: a server that catches up holds every type and every expiry exactly as the others
 * do. Strings, hashes, lists, sets and sorted sets in several databases, with and without a TTL, are
 * written; then a server that was down while the others compacted their logs past its position
 * restarts (it can only catch up from a snapshot), and a new server replaces another one (it catches
 * up by migration of the state). Afterwards every member's dump (each key's type, value and absolute
 * expiry time, in every database) is byte-for-byte the same, and a SCAN begun on the leader
 * finishes on another server after the leader is gone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KvCatchUpOfEveryTypeTest {

  private static final long ELECTION_TIMEOUT_MS = 300;
  private static final long SNAPSHOT_EVERY = 100;

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private KvServerConfig config(long pid, Map<Long, InetSocketAddress> nodes,
      KvServerConfig.Start start) {
    return KvServerConfig.builder()
        .pid(pid)
        .nodes(nodes)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .snapshotEvery(SNAPSHOT_EVERY)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(5_000)
        .start(start)
        .build();
  }

  private void ports(long pid) {
    peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
    clientPorts.put(pid, Ports.free());
  }

  private Jedis client(long pid) {
    return new Jedis("127.0.0.1", clientPorts.get(pid), 20_000);
  }

  private static String info(Jedis j, String key) {
    return KvCluster.info(j.info()).get(key);
  }

  @Test
  void restartedAndNewServersHoldEveryTypeAndExpiryAsTheOthersDo() throws Exception {
    for (long pid = 1; pid <= 3; pid++) {
      ports(pid);
    }
    Map<Long, InetSocketAddress> first = Map.copyOf(peers);
    KvServerConfig.Start bootstrap = KvServerConfig.Start.bootstrap(
        KvServerConfig.DEFAULT_CLUSTER_NAME);
    for (long pid = 1; pid <= 3; pid++) {
      servers.put(pid, KvServer.start(config(pid, first, bootstrap)));
    }
    long leader = AgreedLeader.await(servers.keySet(), clientPorts);
    long other = leader == 1 ? 2 : 1;
    long lagging = 6 - leader - other;
    Random random = new Random(14);
    try (Jedis j = client(leader)) {
      write(j, random, 400);
      j.set("phase", "1");
    }
    awaitApplied(lagging, "phase", "1");
    long laggingDecided;
    try (Jedis j = client(lagging)) {
      laggingDecided = Long.parseLong(info(j, "decided_idx"));
    }
    servers.remove(lagging).close();

    try (Jedis j = client(leader)) {
      write(j, random, 400);
      j.set("phase", "2");
      assertThat(j.save()).isEqualTo("OK");
      assertThat(Long.parseLong(info(j, "compacted_idx")))
          .as("the leader compacted past the stopped server's log").isGreaterThan(laggingDecided);
    }
    servers.put(lagging, KvServer.start(config(lagging, first, bootstrap)));
    awaitApplied(lagging, "phase", "2");

    ports(4);
    servers.put(4L, KvServer.start(config(4, Map.of(), KvServerConfig.Start.join(
        new InetSocketAddress("127.0.0.1", clientPorts.get(leader)), peers.get(4L)))));
    String[] r = InProcessCli.run("cluster", "replace", Long.toString(other),
        "4=127.0.0.1:" + peers.get(4L).getPort(), "--address", "127.0.0.1:" + clientPorts.get(leader));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    servers.remove(other).close();
    try (Jedis j = client(leader)) {
      write(j, random, 100);
      j.set("phase", "3");
    }
    List<Long> members = List.of(leader, lagging, 4L);
    for (long pid : members) {
      awaitApplied(pid, "phase", "3");
    }

    // The log clock moves in steps of 100 ms: let it pass the keys written with PX 1, so that none
    // expires between one server's dump and the next (every other TTL is a minute or more).
    Thread.sleep(1_000);
    String expected;
    try (Jedis j = client(leader)) {
      expected = dump(j);
    }
    assertThat(expected).contains("type=hash", "type=list", "type=set", "type=zset", "type=string",
        "db=3", "pexpiretime=-1");
    assertThat(expected.lines().filter(l -> !l.contains("pexpiretime=-")).count())
        .as("keys with a TTL").isGreaterThan(10);
    for (long pid : members) {
      try (Jedis j = client(pid)) {
        assertThat(dump(j)).as("dump of server %d", pid).isEqualTo(expected);
      }
    }
    scanContinuesOnAnotherServerAfterTheLeaderIsGone(leader, lagging);
  }

  /**
   * Issue 14 item 2: a SCAN cursor means the same on every server and survives a leader change. A
   * scan begun on the leader, whose pages every other member answers identically, is finished on
   * another server after the leader stopped, and it returns every key.
   */
  private void scanContinuesOnAnotherServerAfterTheLeaderIsGone(long leader, long next)
      throws InterruptedException {
    Set<String> all;
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    try (Jedis a = client(leader); Jedis b = client(next); Jedis c = client(4)) {
      all = new HashSet<>(a.keys("*"));
      for (int page = 0; page < 3; page++) {
        ScanResult<String> mine = a.scan(cursor, new ScanParams().count(5));
        for (Jedis other : List.of(b, c)) {
          ScanResult<String> theirs = other.scan(cursor, new ScanParams().count(5));
          assertThat(theirs.getCursor()).isEqualTo(mine.getCursor());
          assertThat(theirs.getResult()).isEqualTo(mine.getResult());
        }
        seen.addAll(mine.getResult());
        cursor = mine.getCursor();
      }
    }
    assertThat(cursor).as("the scan is not over after three pages").isNotEqualTo("0");
    servers.remove(leader).close();
    try (Jedis b = client(next)) {
      do {
        ScanResult<String> page = scanRetryingWhileNoLeader(b, cursor);
        seen.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals("0"));
    }
    assertThat(seen).isEqualTo(all);
  }

  private static ScanResult<String> scanRetryingWhileNoLeader(Jedis j, String cursor)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return j.scan(cursor, new ScanParams().count(5));
      } catch (JedisDataException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Writes {@code n} random commands over every type, some with a TTL, in databases 0 and 3. */
  private static void write(Jedis j, Random r, int n) {
    for (int i = 0; i < n; i++) {
      j.select(r.nextInt(4) == 0 ? 3 : 0);
      String k = "k" + r.nextInt(60);
      String m = "m" + r.nextInt(40);
      String v = "v".repeat(r.nextInt(30)) + i;
      String ttl = Integer.toString(60_000 + r.nextInt(60_000));
      String[] cmd = switch (r.nextInt(14)) {
        case 0 -> new String[] {"SET", k, v};
        case 1 -> new String[] {"SET", k, v, "PX", ttl};
        case 2 -> new String[] {"SET", k, v, "PX", "1"};
        case 3 -> new String[] {"HSET", k, m, v, "f" + r.nextInt(9), Integer.toString(i)};
        case 4 -> new String[] {"RPUSH", k, v, m};
        case 5 -> new String[] {"LPUSH", k, m};
        case 6 -> new String[] {"SADD", k, m, Integer.toString(r.nextInt(100))};
        case 7 -> new String[] {"SADD", k, Integer.toString(r.nextInt(1000))};
        case 8 -> new String[] {"ZADD", k, Double.toString(r.nextInt(50) / 4.0), m};
        case 9 -> new String[] {"PEXPIRE", k, ttl};
        case 10 -> new String[] {"PERSIST", k};
        case 11 -> new String[] {"DEL", k};
        case 12 -> new String[] {"HINCRBYFLOAT", k, m, "1.5"};
        default -> new String[] {"INCRBY", k, Integer.toString(r.nextInt(99))};
      };
      try {
        j.sendCommand(command(cmd[0]), java.util.Arrays.copyOfRange(cmd, 1, cmd.length));
      } catch (JedisDataException e) {
        assertThat(e.getMessage()).as(String.join(" ", cmd)).containsAnyOf("WRONGTYPE",
            "ERR value is not an integer", "ERR hash value is not a float");
      }
    }
    j.select(0);
  }

  /** Every key of databases 0-15 with its type, value and absolute expiry, one line each. */
  private static String dump(Jedis j) {
    StringBuilder b = new StringBuilder();
    for (int db = 0; db < 16; db++) {
      j.select(db);
      for (String k : new TreeSet<>(j.keys("*"))) {
        String type = j.type(k);
        b.append("db=").append(db).append(" key=").append(k).append(" type=").append(type)
            .append(" pexpiretime=").append(j.pexpireTime(k)).append(" value=")
            .append(render(j.sendCommand(command(valueCommand(type)), valueArgs(type, k))))
            .append('\n');
      }
    }
    j.select(0);
    return b.toString();
  }

  private static String valueCommand(String type) {
    return switch (type) {
      case "string" -> "GET";
      case "hash" -> "HGETALL";
      case "list" -> "LRANGE";
      case "set" -> "SMEMBERS";
      case "zset" -> "ZRANGE";
      default -> throw new AssertionError("unexpected type " + type);
    };
  }

  private static String[] valueArgs(String type, String k) {
    return switch (type) {
      case "list" -> new String[] {k, "0", "-1"};
      case "zset" -> new String[] {k, "0", "-1", "WITHSCORES"};
      default -> new String[] {k};
    };
  }

  private static String render(Object reply) {
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(e -> parts.add(render(e)));
      return parts.toString();
    }
    return String.valueOf(reply);
  }

  private static ProtocolCommand command(String name) {
    return () -> name.getBytes(StandardCharsets.UTF_8);
  }

  private void awaitApplied(long pid, String key, String value) throws InterruptedException {
    await("server " + pid + " to apply " + key + "=" + value, () -> {
      try (Jedis j = client(pid)) {
        return value.equals(j.get(key));
      } catch (RuntimeException e) {
        return false;
      }
    });
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

}
