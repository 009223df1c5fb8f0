package omnipaxos.kv.command.zsets;

import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;

/** A score interval of ZRANGEBYSCORE and its relatives: each end inclusive or, after '(', not. */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

  static final String NOT_FLOAT = "ERR min or max is not a float";

  /** The range of arguments {@code min} and {@code max}, or {@link #NOT_FLOAT}. */
  static ScoreRange parse(Args a, int min, int max) {
    String lo = a.key(min);
    String hi = a.key(max);
    boolean loEx = lo.startsWith("(");
    boolean hiEx = hi.startsWith("(");
    Double l = Floats.bound(loEx ? lo.substring(1) : lo);
    Double h = Floats.bound(hiEx ? hi.substring(1) : hi);
    if (l == null || h == null) {
      throw new CommandError(NOT_FLOAT);
    }
    return new ScoreRange(l, loEx, h, hiEx);
  }

  /** Whether {@code s} is not below the range. */
  boolean aboveMin(double s) {
    return minExclusive ? s > min : s >= min;
  }

  /** Whether {@code s} is not above the range. */
  boolean belowMax(double s) {
    return maxExclusive ? s < max : s <= max;
  }
}
