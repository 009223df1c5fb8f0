package omnipaxos.transport.netty;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Loopback addresses and condition waits for the transport tests. */
final class Net {

  /** How long any awaited condition may take before the test fails. */
  static final Duration AWAIT = Duration.ofSeconds(20);

  private Net() {}

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * {@code n} distinct loopback ports that are free now, below the kernel's ephemeral range (which starts
   * at 32768) so that no outgoing connection of this machine, ours included, takes one in the meantime.
   */
  static List<Integer> freePorts(int n) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < n) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (!ports.contains(port) && bindable(port)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(loopback(port));
      return true;
    } catch (IOException e) {
      return false;
    }
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
