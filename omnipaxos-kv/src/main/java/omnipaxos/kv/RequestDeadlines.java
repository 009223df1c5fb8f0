package omnipaxos.kv;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import omnipaxos.kv.command.Reply;

/**
 * Answers the requests that nothing answered within the request time-out: one periodic sweep for
 * all of them instead of a scheduled task per request. Every request gets the same time-out, so
 * the queue is in deadline order and a sweep looks only at its head: it drops the requests that
 * are answered and answers those past their deadline. Thread-safe.
 */
final class RequestDeadlines {

  /** A request and when it must be answered by ({@link System#nanoTime()}). */
  private record Pending(long deadline, CompletableFuture<Reply> answer, boolean read) {}

  private final long timeoutNanos;
  private final Function<Boolean, Reply> timedOut;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

  /**
   * @param timeoutNanos the request time-out
   * @param timedOut the reply to a request past its deadline, by whether it is a read
   */
  RequestDeadlines(long timeoutNanos, Function<Boolean, Reply> timedOut) {
    this.timeoutNanos = timeoutNanos;
    this.timedOut = timedOut;
  }

  /** Registers {@code answer}, to be answered within the time-out from now; its deadline. */
  long add(CompletableFuture<Reply> answer, boolean read) {
    long deadline = System.nanoTime() + timeoutNanos;
    queue.add(new Pending(deadline, answer, read));
    return deadline;
  }

  /** Answers the requests past their deadline that are still unanswered. */
  void sweep() {
    long now = System.nanoTime();
    Pending p;
    while ((p = queue.peek()) != null && (p.answer().isDone() || now - p.deadline() >= 0)) {
      queue.poll();
      if (!p.answer().isDone()) {
        p.answer().complete(timedOut.apply(p.read()));
      }
    }
  }

  /** Requests registered and not yet dropped by a sweep (answered ones included). */
  int size() {
    return queue.size();
  }
}
