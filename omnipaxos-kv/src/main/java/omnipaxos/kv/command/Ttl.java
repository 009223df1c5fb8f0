package omnipaxos.kv.command;

/**
 * An expiry given by a command, resolved against the log's clock at apply time. A relative one
 * (EX, PX, EXPIRE, PEXPIRE) becomes provisional: it counts from the next clock tick, so a stale
 * clock (nothing had an expiry for a while, so the leader did not tick) never shortens it.
 */
public record Ttl(long expireAt, boolean provisional) {

  /** {@code ms} milliseconds from now; null if that overflows. */
  public static Ttl relative(long ms, long clockMs) {
    long at = clockMs + ms;
    if (((clockMs ^ at) & (ms ^ at)) < 0) {
      return null;
    }
    return new Ttl(at, true);
  }

  /** At {@code ms} since the epoch. */
  public static Ttl absolute(long ms) {
    return new Ttl(ms, false);
  }

  /**
   * The expiry an option asks for: unit EX, PX, EXAT or PXAT and its argument; the error
   * {@code invalid expire time in '<command>'} if it is not positive or overflows.
   */
  public static Ttl of(String unit, long value, String command, long clockMs) {
    boolean seconds = unit.equals("EX") || unit.equals("EXAT");
    if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
      throw new CommandError(Errors.expireTime(command));
    }
    long ms = seconds ? value * 1000 : value;
    boolean relative = unit.equals("EX") || unit.equals("PX");
    Ttl t = relative ? relative(ms, clockMs) : absolute(ms);
    if (t == null) {
      throw new CommandError(Errors.expireTime(command));
    }
    return t;
  }

  /** Whether the key is gone as soon as this expiry is set (a time already past). */
  public boolean past(long clockMs) {
    return !provisional && expireAt < clockMs;
  }
}
