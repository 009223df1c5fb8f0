package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The split brain a wrong flag used to cause, with real server processes: start 1, 2, 3; stop 3; restart
 * 3 on its data directory with {@code --nodes 1,3,5} and start a fresh 5 with the same list. Server 3
 * refuses to start (its data directory holds configuration {1, 2, 3}), and 5 alone bootstraps a cluster
 * of another id that can decide nothing, so only one value of {@code split} can ever win.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SplitBrainTest {

  @TempDir
  Path dir;

  @Test
  void aRestartWithAnotherMemberListIsRefusedAndOnlyOneValueWins() throws Exception {
    Map<Long, Integer> peerPorts = new HashMap<>();
    Map<Long, Integer> clientPorts = new HashMap<>();
    for (long p : List.of(1L, 2L, 3L, 5L)) {
      peerPorts.put(p, Ports.free());
      clientPorts.put(p, Ports.free());
    }
    String original = nodes(peerPorts, List.of(1L, 2L, 3L));
    String wrong = nodes(peerPorts, List.of(1L, 3L, 5L));
    Map<Long, ServerProcess> servers = new HashMap<>();
    try {
      for (long p : List.of(1L, 2L, 3L)) {
        ServerProcess s = new ServerProcess(p, original, clientPorts.get(p), dir.resolve("data" + p),
            dir.resolve("server" + p + ".log"));
        servers.put(p, s);
        s.start();
      }
      try (Jedis j = client(clientPorts.get(1L))) {
        awaitOk(j, "split", "0");
      }
      servers.get(3L).kill();

      Path log3 = dir.resolve("server3-wrong.log");
      int exit = new ServerProcess(3, wrong, clientPorts.get(3L), dir.resolve("data3"), log3).runToExit();
      assertThat(exit).isEqualTo(StartupException.USAGE);
      List<String> errors = Files.readAllLines(log3, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("omnipaxos-kv: error: ")).toList();
      assertThat(errors).singleElement().satisfies(l -> assertThat(l)
          .contains("--nodes " + wrong + " disagrees with the data directory", "configuration 1 of cluster omnipaxos-",
              "drop --nodes"));
      assertThat(Files.readString(log3)).doesNotContain("\tat ");

      ServerProcess five = new ServerProcess(5, wrong, clientPorts.get(5L), dir.resolve("data5"),
          dir.resolve("server5.log"));
      servers.put(5L, five);
      five.start();
      try (Jedis via5 = client(clientPorts.get(5L)); Jedis via1 = client(clientPorts.get(1L))) {
        assertThatThrownBy(() -> via5.set("split", "A")).isInstanceOf(JedisDataException.class)
            .hasMessageContaining("may still be decided");
        assertThat(via1.set("split", "B")).isEqualTo("OK");
        assertThatThrownBy(() -> via5.get("split")).isInstanceOf(JedisDataException.class)
            .hasMessageContaining("the read did nothing");
        String cluster5 = KvCluster.info(via5.info()).get("cluster_id");
        String cluster1 = KvCluster.info(via1.info()).get("cluster_id");
        assertThat(cluster5).startsWith("omnipaxos-").isNotEqualTo(cluster1);
      }
      // Server 3 with its own flags rejoins and agrees.
      ServerProcess three = new ServerProcess(3, original, clientPorts.get(3L), dir.resolve("data3"),
          dir.resolve("server3.log"));
      servers.put(3L, three);
      three.start();
      for (long p : List.of(1L, 2L, 3L)) {
        try (Jedis j = client(clientPorts.get(p))) {
          awaitValue(j, "split", "B");
        }
      }
    } finally {
      for (ServerProcess s : servers.values()) {
        s.close();
      }
    }
  }

  private static String nodes(Map<Long, Integer> ports, List<Long> pids) {
    StringBuilder b = new StringBuilder();
    for (long p : pids) {
      b.append(b.length() == 0 ? "" : ",").append(p).append("=127.0.0.1:").append(ports.get(p));
    }
    return b.toString();
  }

  private static Jedis client(int port) {
    return new Jedis("127.0.0.1", port, 20_000);
  }

  private static void awaitOk(Jedis j, String key, String value) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if ("OK".equals(j.set(key, value))) {
          return;
        }
      } catch (JedisDataException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }

  private static void awaitValue(Jedis j, String key, String value) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (value.equals(j.get(key))) {
          return;
        }
      } catch (JedisDataException e) {
        // not ready yet
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(key + " did not become " + value);
      }
      Thread.sleep(100);
    }
  }
}
