package omnipaxos.runtime;

import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck (stress mode) checks that {@link MessageChannel} behaves as a bounded FIFO queue under
 * concurrent use of its non-blocking operations, including asynchronous sends and receives that are
 * abandoned when they cannot complete at once.
 */
@Timeout(120)
public class MessageChannelLincheckTest {

  private final MessageChannel<Integer> channel = new MessageChannel<>("lincheck", 2);

  @Operation
  public OfferResult offer(int v) {
    return channel.offer(v);
  }

  @Operation
  public Integer poll() {
    return channel.poll().orElse(null);
  }

  /** An async receive, withdrawn if no message is there for it at once. */
  @Operation
  public Integer receiveNow() {
    CompletableFuture<Integer> f = channel.receive();
    if (!f.isDone() && f.cancel(false)) {
      return null;
    }
    // The channel took the receive over: it settles it at once.
    return f.handle((v, e) -> e == null ? v : -1).join();
  }

  /** An async send, withdrawn if there is no room for it at once; whether it was queued. */
  @Operation
  public boolean sendNow(int v) {
    CompletableFuture<Void> f = channel.send(v);
    if (!f.isDone() && f.cancel(false)) {
      return false;
    }
    return f.handle((x, e) -> e == null).join();
  }

  @Operation
  public void close() {
    channel.close();
  }

  @Operation
  public int size() {
    return channel.size();
  }

  @Test
  void isLinearizable() {
    new StressOptions()
        .iterations(20)
        .invocationsPerIteration(1_000)
        .threads(3)
        .actorsPerThread(3)
        .minimizeFailedScenario(false)
        .check(MessageChannelLincheckTest.class);
  }
}
