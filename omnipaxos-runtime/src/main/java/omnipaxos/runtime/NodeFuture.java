package omnipaxos.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures a node returns. They are completed on the node's event-loop thread, so waiting for
 * one that is not done on that very thread (e.g. inside a non-async continuation) could never end:
 * it fails at once with {@link IllegalStateException} instead. Futures derived from this one check
 * the same.
 */
final class NodeFuture<V> extends CompletableFuture<V> {

  private final Thread loop;

  NodeFuture(Thread loop) {
    this.loop = loop;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new NodeFuture<>(loop);
  }

  @Override
  public V get() throws InterruptedException, ExecutionException {
    checkNotLoop();
    return super.get();
  }

  @Override
  public V get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    checkNotLoop();
    return super.get(timeout, unit);
  }

  @Override
  public V join() {
    checkNotLoop();
    return super.join();
  }

  private void checkNotLoop() {
    if (!isDone() && Thread.currentThread() == loop) {
      throw new IllegalStateException(
          "waiting on the node's event-loop thread for a result only that thread"
              + " can produce would never end; use an async continuation instead");
    }
  }
}
