package omnipaxos.kv;

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

  /** What an administrative command answers. */
  sealed interface AdminReply {
    /** A one-line status, sent as a simple string (e.g. {@code +OK ...}). */
    record Status(String text) implements AdminReply {}

    /** Text of several lines or binary data, sent as a bulk string. */
    record Data(byte[] bytes) implements AdminReply {}
  }

  /** An administrative command ({@code OMNIPAXOS <args>}); none are supported unless overridden. */
  default CompletableFuture<AdminReply> admin(java.util.List<String> args) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no administrative commands"));
  }
}
