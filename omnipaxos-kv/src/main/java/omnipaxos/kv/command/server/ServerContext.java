package omnipaxos.kv.command.server;

import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.kv.command.Session;

/**
 * What the connections of one RESP server share: the CONFIG parameters (the password among them),
 * the open sessions (CLIENT LIST), the start time and counters (INFO). Thread-safe.
 */
public final class ServerContext {

  private final ConfigParameters config;
  private final ConcurrentSkipListMap<Long, Session> sessions = new ConcurrentSkipListMap<>();
  private final long startMs = System.currentTimeMillis();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong commands = new AtomicLong();
  private volatile int port;

  /**
   * A server listening on {@code port}, requiring {@code password} (null: none), carrying bulk
   * strings of up to {@code maxBulkBytes}.
   */
  public ServerContext(String password, int port, long maxBulkBytes) {
    this.config = new ConfigParameters(password, port, maxBulkBytes);
    this.port = port;
  }

  /** Records the port the server listens on, once bound. */
  public void listening(int port) {
    this.port = port;
    config.report("port", Integer.toString(port));
  }

  /** A server without a password, on no particular port. */
  public ServerContext() {
    this(null, 0, 512L << 20);
  }

  /** The password connections must AUTH with, or null. */
  public String password() {
    String p = config.get("requirepass");
    return p.isEmpty() ? null : p;
  }

  public ConfigParameters config() {
    return config;
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** When the server started (ms since the epoch). */
  public long startMs() {
    return startMs;
  }

  /** Counts a new connection and lists its session. */
  public void opened(Session s) {
    connections.incrementAndGet();
    sessions.put(s.id(), s);
  }

  public void closed(Session s) {
    sessions.remove(s.id());
  }

  /** The open connections, by id. */
  public Collection<Session> sessions() {
    return sessions.values();
  }

  /** Connections accepted since the start. */
  public long connections() {
    return connections.get();
  }

  /** Counts one command processed. */
  public void counted() {
    commands.incrementAndGet();
  }

  /** Commands processed since the start. */
  public long commands() {
    return commands.get();
  }
}
