package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreDistinctBindableAndOutsideTheEphemeralRange() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    String[] ephemeral = Files.exists(range)
        ? String.join(" ", Files.readAllLines(range)).trim().split("\\s+") : new String[] {"32768", "60999"};
    int low = Integer.parseInt(ephemeral[0]);
    int high = Integer.parseInt(ephemeral[1]);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.next();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      assertThat(port < low || port > high).as("%d in the ephemeral range", port).isTrue();
    }
    int port = FreePorts.next();
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortInUseIsSkipped() throws IOException {
    int taken = FreePorts.next();
    try (ServerSocket s = new ServerSocket()) {
      try {
        s.bind(new InetSocketAddress(taken + 1));
      } catch (BindException alreadyInUse) {
        // Held by someone else: skipped all the same.
      }
      assertThat(FreePorts.next()).isNotEqualTo(taken + 1);
    }
  }
}
