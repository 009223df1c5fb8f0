package omnipaxos.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;

/** Executes key-value commands linearizably; what the RESP front end talks to. */
public interface KvExecutor {

  /**
   * Executes {@code command} (a replicated command on a database); the future completes with its
   * reply once it is decided and applied (or read under a lease, for a read-only command).
   */
  CompletableFuture<Reply> execute(KvEntry.Invoke command);

  /** A human-readable description of the node and cluster state (leader, ballot, decided index). */
  CompletableFuture<String> clusterInfo();

  /**
   * Executes a transaction as one log entry; completes with its replies (an array), or a null
   * array if a watched key changed.
   */
  default CompletableFuture<Reply> transact(KvEntry.Txn txn) {
    return unsupported("transactions");
  }

  /**
   * What WATCH records for {@code keys} of database {@code db}, read from the applied state at once
   * (a stale state only makes EXEC abort more often, never miss a change).
   */
  default List<KvEntry.Watch> watch(int db, List<String> keys) {
    throw new UnsupportedOperationException("WATCH not supported by this executor");
  }

  /** The keys and the keys with an expiry of each non-empty database, for INFO keyspace. */
  default CompletableFuture<List<DbStats>> keyspaceStats() {
    return CompletableFuture.completedFuture(List.of());
  }

  /** One database's line of INFO keyspace. */
  record DbStats(int db, long keys, long expires) {}

  /** The applied state's size, for INFO memory; all 0 unless overridden. */
  default CompletableFuture<MemoryStats> memoryStats() {
    return CompletableFuture.completedFuture(new MemoryStats(0, 0, 0));
  }

  /**
   * The state's size at applied position {@code index}: the keys held (expired ones awaiting
   * deletion included) and the deterministic estimate of the bytes they take.
   */
  record MemoryStats(long index, long keys, long bytes) {
    /** The estimate per key (0 without keys). */
    public long bytesPerKey() {
      return keys == 0 ? 0 : bytes / keys;
    }
  }

  /** How many other servers are sure to hold every acknowledged write (WAIT). */
  default int replicasHolding() {
    return 0;
  }

  /** Compacts the applied state into a snapshot now (SAVE); completes when it is taken. */
  default CompletableFuture<Void> save() {
    return unsupported("SAVE");
  }

  /** When the last snapshot was taken, in seconds since the epoch, or -1 if never (LASTSAVE). */
  default long lastSaveSeconds() {
    return -1;
  }

  private static <T> CompletableFuture<T> unsupported(String what) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(what + " not supported by this executor"));
  }

  /** What an administrative command answers. */
  sealed interface AdminReply {
    /** A one-line status, sent as a simple string (e.g. {@code +OK ...}). */
    record Status(String text) implements AdminReply {}

    /** Text of several lines or binary data, sent as a bulk string. */
    record Data(byte[] bytes) implements AdminReply {}
  }

  /** An administrative command ({@code OMNIPAXOS <args>}); none are supported unless overridden. */
  default CompletableFuture<AdminReply> admin(java.util.List<String> args) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("no administrative commands"));
  }
}
