package omnipaxos.kv.command;

import java.util.Objects;

/**
 * Where a server says it serves, as it announced it through the log: its HTTP address (health,
 * metrics, the dashboard; empty if it serves none) and its RESP client address, each
 * {@code host:port} as the other servers and operators reach it.
 */
public record ServerAddresses(String http, String client) {
  public ServerAddresses {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(client, "client");
  }
}
