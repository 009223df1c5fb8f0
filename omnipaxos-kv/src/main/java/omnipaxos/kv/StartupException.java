package omnipaxos.kv;

/**
 * A server (or another subcommand) cannot start for a reason an operator can fix: the message says
 * what is wrong, {@link #fix()} how to fix it. The command line prints it as one line, {@code
 * omnipaxos-kv: error: <message>; <fix>}, and exits with {@link #exitCode()}.
 */
public final class StartupException extends RuntimeException {

  /** Exit code for a mistake in the options (the code picocli gives its own usage errors). */
  public static final int USAGE = 2;

  /**
   * Exit code for a failure while starting with valid options (a port in use, a locked directory,
   * ...).
   */
  public static final int FAILURE = 1;

  private final String fix;
  private final int exitCode;

  private StartupException(String message, String fix, int exitCode, Throwable cause) {
    super(message, cause);
    this.fix = fix;
    this.exitCode = exitCode;
  }

  /** A failure while starting (exit code {@link #FAILURE}). */
  public StartupException(String message, String fix, Throwable cause) {
    this(message, fix, FAILURE, cause);
  }

  /** A failure while starting (exit code {@link #FAILURE}). */
  public StartupException(String message, String fix) {
    this(message, fix, FAILURE, null);
  }

  /** A mistake in the options (exit code {@link #USAGE}). */
  public static StartupException usage(String message, String fix) {
    return new StartupException(message, fix, USAGE, null);
  }

  /** How to fix it. */
  public String fix() {
    return fix;
  }

  /** The command line's exit code for it. */
  public int exitCode() {
    return exitCode;
  }
}
