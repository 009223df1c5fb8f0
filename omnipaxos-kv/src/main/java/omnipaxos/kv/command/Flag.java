package omnipaxos.kv.command;

/** What kind of command a {@link CommandSpec} describes; routing follows these flags. */
public enum Flag {
  /** Changes the keyspace: goes through the log, never retried. */
  WRITE,
  /** Only reads: a lease read in lease mode, otherwise through the log with retries. */
  READONLY,
  /** Answered on the connection, never logged. */
  LOCAL,
  /** Changes the connection's state (database, protocol, name). */
  SESSION,
  /** Administrative. */
  ADMIN,
  /** Answered with a clear error (blocking commands and the like). */
  UNSUPPORTED
}
