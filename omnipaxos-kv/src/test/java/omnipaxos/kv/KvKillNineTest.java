package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Kills a random server of a 3-JVM cluster with SIGKILL at a random moment, again and again, while
 * clients write; each killed server restarts on its RocksDB directory. Every write a client saw
 * acknowledged (decided and applied) must be readable on every server at the end.
 * {@code -Dkv.kills=N} sets the number of kills (default 5), {@code -Dkv.seed} the seed.
 */
class KvKillNineTest {

  @TempDir
  Path dir;

  private final Map<Long, ServerProcess> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (ServerProcess s : servers.values()) {
      s.close();
    }
  }

  @Test
  void acknowledgedWritesSurviveRepeatedSigkills() throws Exception {
    int kills = Integer.getInteger("kv.kills", 5);
    Random random = new Random(Long.getLong("kv.seed", 11L));
    servers.putAll(ServerProcess.startCluster(3, dir, clientPorts));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int id = c;
      Thread t = new Thread(() -> write(id, running), "writer-" + c);
      t.start();
      writers.add(t);
    }
    for (int k = 0; k < kills; k++) {
      Thread.sleep(300 + random.nextInt(1200));
      long victim = 1 + random.nextInt(3);
      servers.get(victim).kill();
      Thread.sleep(random.nextInt(500));
      servers.get(victim).start();
    }
    Thread.sleep(500);
    running.set(false);
    for (Thread t : writers) {
      t.join();
    }
    System.out.printf("KvKillNineTest: %d SIGKILLs, %d writes acknowledged%n", kills, acknowledged.size());
    assertThat(acknowledged).hasSizeGreaterThan(10);
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        String lastKey = acknowledged.keySet().iterator().next();
        for (int i = 0; i < 400 && !acknowledged.get(lastKey).equals(read(j, lastKey)); i++) {
          Thread.sleep(50);
        }
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
          assertThat(readEventually(j, e.getKey())).as("acknowledged %s on server %d", e.getKey(), pid)
              .isEqualTo(e.getValue());
        }
      }
    }
  }

  /** GET, or null if the server answered with an error (e.g. a read that timed out doing nothing). */
  private static String read(Jedis j, String key) {
    try {
      return j.get(key);
    } catch (JedisDataException e) {
      return null;
    }
  }

  /**
   * GET, asked again for up to 10 s while the server answers that the read did nothing (a server
   * that was just restarted may still be catching up or electing); such an answer changes nothing.
   */
  private static String readEventually(Jedis j, String key) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        return j.get(key);
      } catch (JedisDataException e) {
        if (i >= 200 || !String.valueOf(e.getMessage()).contains("did nothing")) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private void write(int id, AtomicBoolean running) {
    Random random = new Random(100 + id);
    Jedis j = null;
    int seq = 0;
    while (running.get()) {
      try {
        if (j == null) {
          j = client(1 + random.nextInt(3));
        }
        String key = "w" + id + "-" + seq;
        String value = "v" + seq++;
        if ("OK".equals(j.set(key, value))) {
          acknowledged.put(key, value);
        }
      } catch (RuntimeException e) {
        if (j != null) {
          j.close();
        }
        j = null;
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
    if (j != null) {
      j.close();
    }
  }

  private Jedis client(long pid) {
    return new Jedis(new HostAndPort("127.0.0.1", clientPorts.get(pid)),
        DefaultJedisClientConfig.builder().timeoutMillis(5000).build());
  }
}
