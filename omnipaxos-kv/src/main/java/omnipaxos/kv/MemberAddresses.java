package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import omnipaxos.core.storage.ConfigurationRecord;

/**
 * The server-to-server addresses of a configuration's members, as the key-value service keeps them
 * in the metadata of the stop sign that starts the configuration (and of the first configuration's
 * record): {@code 1=host:port,2=host:port}, UTF-8. So every server learns a new member's address
 * from the log.
 */
final class MemberAddresses {

  private MemberAddresses() {}

  static byte[] encode(Map<Long, InetSocketAddress> addresses) {
    return format(addresses).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code 1=host:port,2=host:port}, in pid order. */
  static String format(Map<Long, InetSocketAddress> addresses) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Long, InetSocketAddress> e : new TreeMap<>(addresses).entrySet()) {
      b.append(b.length() == 0 ? "" : ",")
          .append(e.getKey())
          .append('=')
          .append(KvStartup.hostPort(e.getValue()));
    }
    return b.toString();
  }

  /**
   * Parses {@code 1=host:port,2=host:port}; throws IllegalArgumentException saying what is wrong.
   */
  static Map<Long, InetSocketAddress> parse(String spec) {
    Map<Long, InetSocketAddress> out = new TreeMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected pid=host:port, got '" + part.trim() + "'");
      }
      long pid;
      try {
        pid = Long.parseLong(kv[0].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad pid in '" + part.trim() + "'");
      }
      if (pid <= 0) {
        throw new IllegalArgumentException("pids must be positive, got " + pid);
      }
      if (out.put(pid, address(kv[1].trim())) != null) {
        throw new IllegalArgumentException("pid " + pid + " appears twice");
      }
    }
    return out;
  }

  /** Parses {@code host:port}; throws IllegalArgumentException saying what is wrong. */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + hostPort + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
    }
    return new InetSocketAddress(hostPort.substring(0, colon), port);
  }

  /** The addresses a configuration record carries, or empty if it carries none. */
  static Optional<Map<Long, InetSocketAddress>> of(ConfigurationRecord record) {
    return record.metadata().map(m -> parse(new String(m, StandardCharsets.UTF_8)));
  }
}
