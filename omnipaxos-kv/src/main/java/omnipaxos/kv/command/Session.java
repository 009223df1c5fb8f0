package omnipaxos.kv.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import omnipaxos.kv.command.server.ServerContext;

/**
 * The state of one client connection: selected database, protocol version, name, authentication,
 * the commands queued since MULTI and the keys WATCH saw. Only changed by the connection's event
 * loop; the fields CLIENT LIST shows of other connections are volatile.
 */
public final class Session {

  private final long id;
  private final CommandTable table;
  private final ServerContext server;
  private final long createdMs = System.currentTimeMillis();
  private volatile int db;
  private volatile int protocol = 2;
  private volatile String name = "";
  private volatile String libName = "";
  private volatile String libVersion = "";
  private volatile String lastCommand = "NULL";
  private volatile long lastCommandMs = createdMs;
  private volatile String address = "";
  private volatile String localAddress = "";
  private volatile boolean authenticated;
  private boolean closing;
  private volatile boolean noEvict;
  private Replies replies = Replies.ON;
  /** How many of the next replies CLIENT REPLY SKIP drops (its own and the next command's). */
  private int skips;
  private volatile Runnable kill = () -> { };
  private Executor loop = Runnable::run;
  /** The commands queued since MULTI, or null outside a transaction. */
  private List<List<byte[]>> queue;
  private boolean queueFailed;
  private final List<KvEntry.Watch> watches = new ArrayList<>();

  public Session(long id, CommandTable table, ServerContext server) {
    this.id = id;
    this.table = table;
    this.server = server;
    this.authenticated = server.password() == null;
  }

  /** A session of a server of its own, without a password. */
  public Session(long id, CommandTable table) {
    this(id, table, new ServerContext());
  }

  /** The connection's id (CLIENT ID). */
  public long id() {
    return id;
  }

  /** The commands this server knows (for COMMAND). */
  public CommandTable table() {
    return table;
  }

  /** What all connections of this server share. */
  public ServerContext server() {
    return server;
  }

  /** When the connection was opened (ms since the epoch). */
  public long createdMs() {
    return createdMs;
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

  /** The client library's name and version (CLIENT SETINFO). */
  public String libName() {
    return libName;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libName(String v) {
    libName = v;
  }

  public void libVersion(String v) {
    libVersion = v;
  }

  /** The last command's name, as CLIENT LIST shows it. */
  public String lastCommand() {
    return lastCommand;
  }

  public void lastCommand(String name) {
    lastCommand = name;
    lastCommandMs = System.currentTimeMillis();
  }

  /** When the last command came (ms since the epoch). */
  public long lastCommandMs() {
    return lastCommandMs;
  }

  /** The number of commands queued since MULTI, or -1 outside a transaction. */
  public int queued() {
    List<List<byte[]>> q = queue;
    return q == null ? -1 : q.size();
  }

  /** The peer's and our own address, as ip:port. */
  public String address() {
    return address;
  }

  public String localAddress() {
    return localAddress;
  }

  public void addresses(String peer, String local) {
    address = peer;
    localAddress = local;
  }

  /** Whether AUTH succeeded, or no password is required. */
  public boolean authenticated() {
    return authenticated;
  }

  public void authenticated(boolean yes) {
    authenticated = yes;
  }

  /** Where the session may be changed: the connection's event loop (directly, without one). */
  public Executor loop() {
    return loop;
  }

  public void loop(Executor loop) {
    this.loop = loop;
  }

  /** Whether the connection closes after this reply (QUIT). */
  public boolean closing() {
    return closing;
  }

  public void close() {
    closing = true;
  }

  /** CLIENT REPLY's modes: every reply, none, or none for this and the next command. */
  public enum Replies { ON, OFF, SKIP }

  /** Sets the CLIENT REPLY mode; SKIP does nothing while replies are OFF, as in Redis. */
  public void replies(Replies mode) {
    if (mode == Replies.SKIP) {
      skips = replies == Replies.OFF ? skips : 2;
      return;
    }
    replies = mode;
    skips = mode == Replies.ON ? 0 : skips;
  }

  /**
   * Called once per command, after it ran (so after the CLIENT REPLY it may be): whether its reply
   * is written. Neither CLIENT REPLY SKIP's own reply nor the next command's is.
   */
  public boolean replyWanted() {
    if (skips > 0) {
      skips--;
      return false;
    }
    return replies == Replies.ON;
  }

  /** Whether CLIENT NO-EVICT ON was given (shown as flag e in CLIENT LIST). */
  public boolean noEvict() {
    return noEvict;
  }

  public void noEvict(boolean on) {
    noEvict = on;
  }

  /** Sets how CLIENT KILL closes this connection (from any thread). */
  public void onKill(Runnable closer) {
    kill = closer;
  }

  /** Closes this connection at once (CLIENT KILL from another one). */
  public void kill() {
    kill.run();
  }

  /** Whether MULTI started a transaction that EXEC or DISCARD has not ended. */
  public boolean inMulti() {
    return queue != null;
  }

  /** Starts a transaction. */
  public void multi() {
    queue = new ArrayList<>();
    queueFailed = false;
  }

  /** Queues a command of the transaction. */
  public void queue(List<byte[]> args) {
    queue.add(List.copyOf(args));
  }

  /** Marks the transaction as failed (a command was refused while queueing). */
  public void failQueue() {
    if (queue != null) {
      queueFailed = true;
    }
  }

  /** Whether a command was refused while queueing. */
  public boolean queueFailed() {
    return queueFailed;
  }

  /** Ends the transaction and the watches; the commands queued. */
  public List<List<byte[]>> endMulti() {
    List<List<byte[]>> q = queue == null ? List.of() : queue;
    queue = null;
    queueFailed = false;
    watches.clear();
    return q;
  }

  /** The keys WATCH saw, in the order watched. */
  public List<KvEntry.Watch> watches() {
    return List.copyOf(watches);
  }

  /** Adds a key WATCH saw, unless it is watched already. */
  public void watch(KvEntry.Watch w) {
    for (KvEntry.Watch x : watches) {
      if (x.db() == w.db() && x.key().equals(w.key())) {
        return;
      }
    }
    watches.add(w);
  }

  /** Forgets every watched key. */
  public void unwatch() {
    watches.clear();
  }

  /** Back to the state of a new connection (RESET). */
  public void reset() {
    db = 0;
    protocol = 2;
    name = "";
    endMulti();
    authenticated = server.password() == null;
    replies = Replies.ON;
    skips = 0;
    noEvict = false;
  }
}
