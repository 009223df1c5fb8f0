package omnipaxos.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on conditions in real-clock tests: polls with a generous bound, never sleeps as an assertion. */
final class Await {

  static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  static void until(String what, BooleanSupplier condition) {
    until(DEFAULT, what, condition);
  }

  /** Waits until {@code value} returns something that satisfies {@code test}; returns it. */
  static <V> V value(String what, Supplier<V> value, java.util.function.Predicate<V> test) {
    Object[] last = new Object[1];
    until(DEFAULT, what, () -> {
      V v = value.get();
      last[0] = v;
      return test.test(v);
    });
    @SuppressWarnings("unchecked")
    V v = (V) last[0];
    return v;
  }

  /** The future's value, waiting at most the default bound. */
  static <V> V result(CompletableFuture<V> future) {
    try {
      return future.get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future not done after " + DEFAULT.toMillis() + " ms", e);
    }
  }

  /** The failure of the future, waiting at most the default bound; fails if it succeeds. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object v = future.get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future not done after " + DEFAULT.toMillis() + " ms", e);
    }
  }
}
