package omnipaxos.bench.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One system's client as the closed loop sees it: a write and a read per slot, each completing
 * when the system answered. Slots are the loop's outstanding requests; an implementation may give
 * each its own connection.
 */
public interface ServiceClient extends AutoCloseable {

  /** Writes {@code value} under {@code key}; completes once the system acknowledged it durably. */
  CompletableFuture<?> write(int slot, byte[] key, byte[] value);

  /**
   * Sets {@code field} of the hash at {@code key}; completes once acknowledged as {@link #write}
   * is. Systems without hashes (etcd) do not support it.
   */
  default CompletableFuture<?> hset(int slot, byte[] key, byte[] field, byte[] value) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no hashes"));
  }

  /** Whether {@link #hset} is supported. */
  default boolean hashes() {
    return false;
  }

  /** Reads {@code key}; completes with the system's answer. */
  CompletableFuture<?> read(int slot, byte[] key);

  /** Whether {@link #read} is linearizable. */
  boolean linearizableReads();

  @Override
  void close();

  /**
   * Opens the client of {@code system} ({@code ours-log}, {@code ours-lease}, {@code etcd} or
   * {@code redis}) on {@code endpoints} (host:port each) with {@code slots} outstanding requests.
   */
  static ServiceClient open(String system, List<String> endpoints, int slots) {
    return switch (system) {
      case "ours-log", "ours-lease" -> RespClient.ours(endpoints, slots);
      case "redis" -> RespClient.redis(endpoints.get(0), slots);
      case "etcd" -> new EtcdClient(endpoints);
      default -> throw new IllegalArgumentException("unknown system " + system);
    };
  }
}
