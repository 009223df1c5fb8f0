package omnipaxos.kv.command;

/** Every error text the commands answer, worded exactly as Redis 7 words them. */
public final class Errors {

  public static final String SYNTAX = "ERR syntax error";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String NAN = "ERR increment would produce NaN or Infinity";
  public static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String DB_RANGE = "ERR DB index is out of range";
  public static final String OFFSET_RANGE = "ERR offset is out of range";
  public static final String TOO_BIG =
      "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  public static final String SAME_OBJECT = "ERR source and destination objects are the same";
  public static final String NX_XX_GT_LT =
      "ERR NX and XX, GT or LT options at the same time are not compatible";
  public static final String GT_LT = "ERR GT and LT options at the same time are not compatible";
  public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
  public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";

  private Errors() {}

  /** The reply to a command called with the wrong number of arguments. */
  public static String arity(String name) {
    return "ERR wrong number of arguments for '" + name + "' command";
  }

  /** The reply to an expiry that is not positive or overflows. */
  public static String expireTime(String name) {
    return "ERR invalid expire time in '" + name + "' command";
  }

  /** The reply to an unknown subcommand. */
  public static String subcommand(String sub, String command) {
    return "ERR unknown subcommand '" + sub + "'. Try " + command + " HELP.";
  }

  /** The reply to a blocking or otherwise unsupported command. */
  public static String unsupported(String name) {
    return "ERR '" + name + "' is not supported by this server (blocking commands, scripting,"
        + " pub/sub and streams are not replicated here)";
  }
}
