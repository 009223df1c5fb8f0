package omnipaxos.kv;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;

/**
 * Serves log-mode reads in batches: the reads that arrive together share one {@link
 * KvEntry.Fence} in the log instead of one entry each. A read waits for a fence appended after it
 * arrived; once that fence is decided at position {@code i}, the read is answered from this
 * server's state as soon as it has applied position {@code i} (in a state that may be further
 * along). That is linearizable without any clock assumption: every write acknowledged before the
 * read arrived was decided before the fence was appended, so it precedes the fence in the log, and
 * the state read holds only decided entries.
 *
 * <p>A batch is closed by a task queued on the event loop that received its first read, so the
 * reads that loop takes from all its connections in one pass (and those other threads add
 * meanwhile) go in one fence; several fences may be in flight at once. Thread-safe.
 */
final class ReadBatcher {

  /** What the batcher needs from the server. */
  interface Log {
    /** Appends a fence; completes with its log position once decided. */
    CompletableFuture<Long> appendFence();

    /** The reply of {@code command} once at least {@code position} positions are applied. */
    CompletableFuture<Reply> readAtLeast(long position, KvEntry.Invoke command);

    /** Whether a read whose fence failed with {@code cause} may wait for a new fence. */
    boolean repeatable(Throwable cause);

    /** The reply to a read whose fence failed for good, or null to fail it with {@code cause}. */
    Reply failedReply(Throwable cause);
  }

  /** A read waiting for its fence. */
  private record Waiting(
      KvEntry.Invoke command, CompletableFuture<Reply> reply, int attempts, long deadline) {}

  private final Log log;
  private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  ReadBatcher(Log log) {
    this.log = log;
  }

  /**
   * Reads {@code command} through a fence; tried with up to {@code attempts} fences in all, new
   * ones only before {@code deadline} ({@link System#nanoTime()}).
   */
  CompletableFuture<Reply> read(KvEntry.Invoke command, int attempts, long deadline) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    enqueue(new Waiting(command, reply, attempts, deadline));
    return reply;
  }

  private void enqueue(Waiting w) {
    queue.add(w);
    if (closing.compareAndSet(false, true)) {
      EventExecutor loop = ThreadExecutorMap.currentExecutor();
      if (loop != null) {
        loop.execute(this::closeBatch);
      } else {
        closeBatch();
      }
    }
  }

  /** Appends one fence for every read queued so far. */
  private void closeBatch() {
    closing.set(false);
    List<Waiting> batch = new ArrayList<>();
    Waiting w;
    while ((w = queue.poll()) != null) {
      batch.add(w);
    }
    if (batch.isEmpty()) {
      return;
    }
    log.appendFence().whenComplete((position, e) -> {
      if (e == null) {
        for (Waiting r : batch) {
          log.readAtLeast(position + 1, r.command()).whenComplete((reply, f) -> {
            if (f == null) {
              r.reply().complete(reply);
            } else {
              r.reply().completeExceptionally(f);
            }
          });
        }
      } else {
        failed(batch, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      }
    });
  }

  private void failed(List<Waiting> batch, Throwable cause) {
    long now = System.nanoTime();
    for (Waiting r : batch) {
      if (r.reply().isDone()) {
        continue;
      }
      if (r.attempts() > 1 && now - r.deadline() < 0 && log.repeatable(cause)) {
        enqueue(new Waiting(r.command(), r.reply(), r.attempts() - 1, r.deadline()));
        continue;
      }
      Reply reply = log.failedReply(cause);
      if (reply != null) {
        r.reply().complete(reply);
      } else {
        r.reply().completeExceptionally(cause);
      }
    }
  }
}
