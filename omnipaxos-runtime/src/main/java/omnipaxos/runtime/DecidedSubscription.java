package omnipaxos.runtime;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * An ordered subscription to a node's decided log, made with {@link OmniPaxosNode#subscribe}. The
 * listener receives every decided position from the start position on exactly once, in log order
 * and one call at a time ({@link DecidedEvent}): entries with their index, a compacted prefix as a
 * snapshot, and the stop sign, after which the subscription ends, unless the node goes on into the
 * next configuration: then the next configuration's entries follow (a node that joined it, or fell
 * behind, first receives the state at its start as a snapshot). It is a cursor over the decided
 * log, not a buffer: a slow listener holds back nothing but itself, and if the log is compacted
 * past its position it next receives the snapshot (or learns that the positions were trimmed).
 *
 * <p>{@link #completion()} completes normally when the subscription is cancelled or the last stop
 * sign was delivered, and exceptionally with {@link NodeClosedException} when the node closes, or
 * with what the listener threw (which ends the subscription).
 */
public final class DecidedSubscription<T, S> implements AutoCloseable {

  private static final int MAX_EVENTS_PER_CALL = 512;

  private final DecidedSource<T, S> source;
  private final Consumer<DecidedEvent<T, S>> listener;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  private volatile long position;
  private volatile boolean cancelled;
  private volatile CompletableFuture<List<DecidedEvent<T, S>>> waiting;

  DecidedSubscription(
      DecidedSource<T, S> source,
      long from,
      Executor executor,
      ExecutorService ownedExecutor,
      Consumer<DecidedEvent<T, S>> listener) {
    this.source = source;
    this.position = from;
    this.executor = executor;
    this.ownedExecutor = ownedExecutor;
    this.listener = listener;
  }

  void start() {
    step();
  }

  private void step() {
    if (cancelled) {
      finish(null);
      return;
    }
    CompletableFuture<List<DecidedEvent<T, S>>> next =
        source.nextDecided(position, MAX_EVENTS_PER_CALL);
    waiting = next;
    if (cancelled) {
      next.cancel(false);
    }
    next.whenCompleteAsync(this::deliver, executor).exceptionally(t -> {
      finish(t);
      return null;
    });
  }

  private void deliver(List<DecidedEvent<T, S>> events, Throwable error) {
    if (error != null) {
      finish(cancelled ? null : error);
      return;
    }
    try {
      for (DecidedEvent<T, S> e : events) {
        if (cancelled) {
          break;
        }
        listener.accept(e);
        position = e.nextIdx();
        if (e instanceof DecidedEvent.Reconfigured<T, S> r
            && !source.continuesAfter(r.stopSign())) {
          finish(null);
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      finish(e);
      return;
    }
    step();
  }

  private void finish(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause == null || cause instanceof CancellationException) {
      completion.complete(null);
    } else {
      completion.completeExceptionally(cause);
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  /** The next log position the listener will be given. */
  public long position() {
    return position;
  }

  /** Completes when the subscription ends; see the class comment. */
  public CompletableFuture<Void> completion() {
    return completion;
  }

  /**
   * Stops the subscription; the listener is not called after the event it may be processing now.
   */
  public void cancel() {
    cancelled = true;
    CompletableFuture<List<DecidedEvent<T, S>>> w = waiting;
    if (w != null) {
      w.cancel(false);
    }
  }

  /** Same as {@link #cancel()}. */
  @Override
  public void close() {
    cancel();
  }
}
