package omnipaxos.kv.command;

/**
 * The state of one client connection: selected database, protocol version, name. Only touched by
 * the connection's event loop.
 */
public final class Session {

  private final long id;
  private final CommandTable table;
  private int db;
  private int protocol = 2;
  private String name = "";
  private boolean closing;

  public Session(long id, CommandTable table) {
    this.id = id;
    this.table = table;
  }

  /** The connection's id (CLIENT ID). */
  public long id() {
    return id;
  }

  /** The commands this server knows (for COMMAND). */
  public CommandTable table() {
    return table;
  }

  /** The selected database. */
  public int db() {
    return db;
  }

  public void select(int db) {
    this.db = db;
  }

  /** 2 or 3 (HELLO). */
  public int protocol() {
    return protocol;
  }

  public void protocol(int protocol) {
    this.protocol = protocol;
  }

  public String name() {
    return name;
  }

  public void name(String name) {
    this.name = name;
  }

  /** Whether the connection closes after this reply (QUIT). */
  public boolean closing() {
    return closing;
  }

  public void close() {
    closing = true;
  }

  /** Back to the state of a new connection (RESET). */
  public void reset() {
    db = 0;
    protocol = 2;
    name = "";
  }
}
