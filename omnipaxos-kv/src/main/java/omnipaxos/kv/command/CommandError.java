package omnipaxos.kv.command;

/** Ends a command with an error reply; thrown by {@link Args} and typed keyspace lookups. */
public final class CommandError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CommandError(String text) {
    super(text, null, false, false);
  }

  /** The error reply to a command whose future failed with {@code e}. */
  public static Reply replyTo(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException
        && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CommandError c) {
      return c.reply();
    }
    String text = cause.getMessage() == null
        ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Reply.Error("ERR " + text);
  }

  /** The error reply. */
  public Reply reply() {
    return new Reply.Error(getMessage());
  }
}
