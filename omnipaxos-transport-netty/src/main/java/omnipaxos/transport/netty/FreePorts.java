package omnipaxos.transport.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports that are free now, for clusters whose members must know each other's addresses before any
 * of them starts (the demo, the tests).
 *
 * <p>Asking the kernel for port 0 is not enough there: the port it hands out comes from its
 * ephemeral range, and between the probe and the server's bind any outgoing connection of this
 * machine (our own servers dialling their peers included) may take it as its local port. The ports
 * given here lie outside that range, walk a process-wide cursor from a random start (so one process
 * never hands out the same port twice, and two processes rarely overlap), and are probed on the
 * wildcard address before they are returned.
 */
public final class FreePorts {

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Range RANGE = candidates();
  private static final AtomicInteger CURSOR =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(RANGE.size()));

  private FreePorts() {}

  /** A port that no socket on this machine holds now and that no outgoing connection will take. */
  public static int next() {
    for (int tried = 0; tried < RANGE.size(); tried++) {
      int port = RANGE.low + Math.floorMod(CURSOR.getAndIncrement(), RANGE.size());
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + RANGE.low + " and " + (RANGE.low + RANGE.size() - 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ports below the ephemeral range where there is room, else above it. */
  private static Range candidates() {
    int[] ephemeral = ephemeralRange();
    if (ephemeral[0] - 1 >= 20_000 + 4_000) {
      return new Range(20_000, ephemeral[0] - 20_000);
    }
    if (65_535 - ephemeral[1] >= 4_000) {
      return new Range(ephemeral[1] + 1, 65_535 - ephemeral[1]);
    }
    return new Range(10_000, Math.max(1_000, ephemeral[0] - 10_000));
  }

  /** The kernel's ephemeral range where it says so, else Linux's default. */
  private static int[] ephemeralRange() {
    try {
      String[] parts = String.join(" ", Files.readAllLines(EPHEMERAL_RANGE)).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32_768, 60_999};
    }
  }

  private record Range(int low, int size) {}
}
