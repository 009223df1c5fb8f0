package omnipaxos.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.core.StopSign;

/**
 * Where a {@link DecidedSubscription} reads the decided log, positions counted across
 * configurations.
 */
interface DecidedSource<T, S> {

  /**
   * The decided events from position {@code from} on (about {@code max} at most), once one exists.
   */
  CompletableFuture<List<DecidedEvent<T, S>>> nextDecided(long from, int max);

  /** Whether the log goes on after the configuration that {@code stopSign} ended, here. */
  boolean continuesAfter(StopSign stopSign);
}
