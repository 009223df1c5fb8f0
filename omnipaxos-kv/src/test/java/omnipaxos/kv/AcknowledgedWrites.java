package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writers that SET keys on servers picked at random (reconnecting on errors, as a client would),
 * remembering each write a server acknowledged, and the check that every server holds them all.
 */
final class AcknowledgedWrites {

  private final Map<Long, Integer> clientPorts;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  AcknowledgedWrites(Map<Long, Integer> clientPorts) {
    this.clientPorts = clientPorts;
  }

  Map<String, String> acknowledged() {
    return acknowledged;
  }

  /** Writes keys {@code prefix-N} to servers among {@code targets} until {@code running} clears. */
  void write(String prefix, List<Long> targets, long seed, AtomicBoolean running) {
    Random random = new Random(seed);
    Jedis j = null;
    int seq = 0;
    while (running.get()) {
      try {
        if (j == null) {
          j = client(targets.get(random.nextInt(targets.size())));
        }
        String key = prefix + "-" + seq;
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

  /** Waits until server {@code pid} serves the acknowledged writes, then checks every one. */
  void assertHeldBy(long pid) throws InterruptedException {
    try (Jedis j = client(pid)) {
      String probe = acknowledged.keySet().iterator().next();
      for (int i = 0; i < 400 && !acknowledged.get(probe).equals(read(j, probe)); i++) {
        Thread.sleep(50);
      }
      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        assertThat(readEventually(j, e.getKey())).as("acknowledged %s on server %d", e.getKey(), pid)
            .isEqualTo(e.getValue());
      }
    }
  }

  Jedis client(long pid) {
    return new Jedis(new HostAndPort("127.0.0.1", clientPorts.get(pid)),
        DefaultJedisClientConfig.builder().timeoutMillis(5000).build());
  }

  /** GET, or null if the server answered with an error (e.g. a read that timed out doing nothing). */
  private static String read(Jedis j, String key) {
    try {
      return j.get(key);
    } catch (RuntimeException e) {
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
}
