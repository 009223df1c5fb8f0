package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.KvState;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INFO memory against a real Redis 7: every field we give under a Redis name is one Redis gives,
 * in Redis's order and with the same kind of value; ours (omnipaxos_*) follow, the dataset
 * estimate as the state computes it.
 */
class InfoMemoryDifferentialTest {

  /** One state machine answering commands and its size. */
  private static final class SizedExecutor implements KvExecutor {
    private final KvState state = new KvState();

    @Override
    public synchronized CompletableFuture<Reply> execute(KvEntry.Invoke command) {
      return CompletableFuture.completedFuture(state.apply(command));
    }

    @Override
    public synchronized CompletableFuture<MemoryStats> memoryStats() {
      return CompletableFuture.completedFuture(state.memoryStats());
    }

    @Override
    public CompletableFuture<String> clusterInfo() {
      return CompletableFuture.completedFuture("leader:1\r\n");
    }
  }

  private final SizedExecutor executor = new SizedExecutor();
  private RedisPair pair;

  @BeforeEach
  void start() throws Exception {
    pair = new RedisPair(executor);
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  private static Map<String, String> fields(String reply) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : reply.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("$")) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  @Test
  void redisFieldsInRedisOrderThenOurEstimate() throws Exception {
    pair.same("HSET", "h", "f1", "v1", "f2", "v2");
    pair.same("SET", "k", "0123456789abcdef");
    Map<String, String> theirs = fields(pair.theirs.call(List.of("INFO", "memory")));
    Map<String, String> mine = fields(pair.mine.call(List.of("INFO", "memory")));
    List<String> redisNamed = new ArrayList<>();
    for (String name : mine.keySet()) {
      if (!name.startsWith("omnipaxos_")) {
        redisNamed.add(name);
        assertThat(theirs).as(name).containsKey(name);
        assertThat(mine.get(name).matches("[0-9]+")).as(name)
            .isEqualTo(theirs.get(name).matches("[0-9]+"));
      }
    }
    List<String> theirOrder = new ArrayList<>(theirs.keySet());
    theirOrder.retainAll(redisNamed);
    assertThat(redisNamed).isEqualTo(theirOrder);
    assertThat(redisNamed).contains("used_memory", "used_memory_human", "used_memory_rss",
        "used_memory_rss_human", "used_memory_peak", "used_memory_peak_human",
        "used_memory_dataset", "maxmemory", "maxmemory_policy", "mem_fragmentation_ratio");
    assertThat(mine.get("maxmemory")).isEqualTo("0");
    assertThat(mine.get("maxmemory_policy")).isEqualTo("noeviction");
    assertThat(Long.parseLong(mine.get("used_memory_rss"))).isPositive();
    KvExecutor.MemoryStats stats = executor.memoryStats().get();
    assertThat(stats.keys()).isEqualTo(2);
    assertThat(mine.get("omnipaxos_dataset_bytes_estimate")).isEqualTo("" + stats.bytes());
    assertThat(mine.get("used_memory_dataset")).isEqualTo("" + stats.bytes());
    assertThat(mine.get("omnipaxos_bytes_per_key_estimate")).isEqualTo("" + stats.bytes() / 2);
    assertThat(mine.get("omnipaxos_dataset_index")).isEqualTo("2");
  }
}
