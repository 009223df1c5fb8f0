package omnipaxos.kv;

import java.util.Collection;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Waits until the servers of a freshly started cluster agree on one leader that knows it leads. Servers
 * started one after another can elect one and then, when a later one arrives with a larger ballot,
 * another; a write in flight at that change is answered {@code LEADER_CHANGED (may still be decided)},
 * which is right, but not what a test of something else should have to handle.
 */
final class AgreedLeader {

  private AgreedLeader() {}

  /** Polls {@code INFO} of {@code pids} (client ports in {@code clientPorts}) for up to 30 s. */
  static long await(Collection<Long> pids, Map<Long, Integer> clientPorts) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      long agreed = agreed(pids, clientPorts);
      if (agreed > 0) {
        return agreed;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("servers " + pids + " did not agree on a leader within 30 s");
  }

  private static long agreed(Collection<Long> pids, Map<Long, Integer> clientPorts) {
    long leader = -1;
    for (long pid : pids) {
      try (Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 2_000)) {
        Map<String, String> info = KvCluster.info(j.info());
        long l = Long.parseLong(info.getOrDefault("leader", "0"));
        if (l <= 0 || (leader != -1 && l != leader)) {
          return 0;
        }
        leader = l;
        if (l == pid && !"1".equals(info.get("is_leader"))) {
          return 0;
        }
      } catch (RuntimeException e) {
        return 0;
      }
    }
    return leader;
  }
}
