package omnipaxos.transport.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Loopback addresses and condition waits for the transport tests. */
final class Net {

  /** How long any awaited condition may take before the test fails. */
  static final Duration AWAIT = Duration.ofSeconds(20);

  private Net() {}

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** {@code n} distinct ports that are free now and that no outgoing connection will take. */
  static List<Integer> freePorts(int n) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < n) {
      ports.add(FreePorts.next());
    }
    return ports;
  }

  /** Sleeps between retries; never used to wait for an outcome. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits until {@code condition} holds, failing the test after {@link #AWAIT}. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + AWAIT.toSeconds() + " s waiting for " + what);
      }
      pause(5);
    }
  }
}
