package omnipaxos.bench.service;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lettuce on RESP, one connection per slot up to 64 (a closed-loop client of its own, as
 * {@code redis-benchmark -c} has), for our service and for Redis. Our client connects to the
 * leader, found with {@code INFO}; for Redis each write is followed by {@code WAIT 1 0} on the same
 * connection and completes with it, and reads go to the primary (not linearizable).
 */
final class RespClient implements ServiceClient {

  private static final int MAX_CONNECTIONS = 64;

  private final ClientResources resources;
  private final RedisClient client;
  private final List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();
  private final boolean waitForReplica;

  private RespClient(String endpoint, int slots, boolean waitForReplica) {
    this.waitForReplica = waitForReplica;
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources, uri(endpoint));
    for (int i = 0; i < Math.min(slots, MAX_CONNECTIONS); i++) {
      connections.add(client.connect(ByteArrayCodec.INSTANCE));
    }
  }

  /** Our service: connects to whichever of {@code endpoints} is the leader. */
  static RespClient ours(List<String> endpoints, int slots) {
    return new RespClient(leader(endpoints), slots, false);
  }

  /** Redis: the primary at {@code primary}, writes acknowledged by one replica. */
  static RespClient redis(String primary, int slots) {
    return new RespClient(primary, slots, true);
  }

  @Override
  public CompletableFuture<?> write(int slot, byte[] key, byte[] value) {
    RedisAsyncCommands<byte[], byte[]> c = commands(slot);
    CompletableFuture<String> set = c.set(key, value).toCompletableFuture();
    if (!waitForReplica) {
      return set;
    }
    return c.waitForReplication(1, 0).toCompletableFuture().thenCombine(set, (acked, ok) -> {
      if (acked < 1) {
        throw new IllegalStateException("WAIT 1 0 answered " + acked);
      }
      return ok;
    });
  }

  @Override
  public CompletableFuture<?> hset(int slot, byte[] key, byte[] field, byte[] value) {
    RedisAsyncCommands<byte[], byte[]> c = commands(slot);
    CompletableFuture<Boolean> set = c.hset(key, field, value).toCompletableFuture();
    if (!waitForReplica) {
      return set;
    }
    return c.waitForReplication(1, 0).toCompletableFuture().thenCombine(set, (acked, ok) -> ok);
  }

  @Override
  public boolean hashes() {
    return true;
  }

  /** The numeric fields of {@code INFO section} at {@code endpoint} (others left out). */
  static java.util.Map<String, Long> info(String endpoint, String section) {
    RedisClient probe = RedisClient.create(uri(endpoint));
    try (StatefulRedisConnection<String, String> c = probe.connect()) {
      java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
      for (String line : c.sync().info(section).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(colon + 1).matches("-?[0-9]+")) {
          out.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1)));
        }
      }
      return out;
    } finally {
      probe.shutdown();
    }
  }

  @Override
  public CompletableFuture<?> read(int slot, byte[] key) {
    return commands(slot).get(key).toCompletableFuture();
  }

  @Override
  public boolean linearizableReads() {
    return !waitForReplica;
  }

  @Override
  public void close() {
    connections.forEach(StatefulRedisConnection::close);
    client.shutdown();
    resources.shutdown();
  }

  private RedisAsyncCommands<byte[], byte[]> commands(int slot) {
    return connections.get(slot % connections.size()).async();
  }

  /** The client address of the leader among {@code endpoints}, asked of each with {@code INFO}. */
  static String leader(List<String> endpoints) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (String endpoint : endpoints) {
        RedisClient probe = RedisClient.create(uri(endpoint));
        try (StatefulRedisConnection<String, String> c = probe.connect()) {
          String info = c.sync().info();
          if (info.contains("is_leader:1")) {
            return endpoint;
          }
        } catch (RuntimeException e) {
          // not up yet: asked again on the next round
        } finally {
          probe.shutdown();
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no leader among " + endpoints + " within 30 s");
  }

  private static RedisURI uri(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    RedisURI uri = RedisURI.create(endpoint.substring(0, colon),
        Integer.parseInt(endpoint.substring(colon + 1)));
    uri.setTimeout(Duration.ofSeconds(10));
    return uri;
  }
}
