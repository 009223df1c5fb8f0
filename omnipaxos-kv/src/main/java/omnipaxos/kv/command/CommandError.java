package omnipaxos.kv.command;

/** Ends a command with an error reply; thrown by {@link Args} and typed keyspace lookups. */
public final class CommandError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CommandError(String text) {
    super(text, null, false, false);
  }

  /** The error reply. */
  public Reply reply() {
    return new Reply.Error(getMessage());
  }
}
