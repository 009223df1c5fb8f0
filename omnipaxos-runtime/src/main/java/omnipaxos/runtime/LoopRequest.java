package omnipaxos.runtime;

import java.util.List;

/**
 * A unit of work that any thread submits to a {@link NodeLoop} and that the loop runs on its own
 * thread, in the order submitted.
 */
interface LoopRequest {

  /**
   * Runs on the loop; adds what completes its future to {@code completions}, run after the
   * flush.
   */
  void run(List<Runnable> completions);

  /** Fails the request's future: it will not run. */
  void fail(Throwable cause);
}
