package omnipaxos.kv.command.zsets;

import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;

/**
 * A member interval of ZRANGEBYLEX and its relatives, from two bounds: {@code -} (below every
 * member), {@code +} (above every member), or a member after {@code [} (inclusive) or {@code (}
 * (exclusive).
 */
record LexRange(Bound min, Bound max) {

  static final String NOT_RANGE = "ERR min or max not valid string range item";

  /** One end: {@code sign} -1 for {@code -}, 1 for {@code +}, else 0 and a member. */
  record Bound(int sign, String member, boolean exclusive) {}

  /** The range of arguments {@code min} and {@code max}, or {@link #NOT_RANGE}. */
  static LexRange parse(Args a, int min, int max) {
    return new LexRange(bound(a.key(min)), bound(a.key(max)));
  }

  private static Bound bound(String s) {
    if (s.equals("+") || s.equals("-")) {
      return new Bound(s.equals("+") ? 1 : -1, "", false);
    }
    if (s.startsWith("[") || s.startsWith("(")) {
      return new Bound(0, s.substring(1), s.charAt(0) == '(');
    }
    throw new CommandError(NOT_RANGE);
  }

  /** Whether {@code m} is not below the range. */
  boolean aboveMin(String m) {
    if (min.sign != 0) {
      return min.sign < 0;
    }
    int c = m.compareTo(min.member);
    return min.exclusive ? c > 0 : c >= 0;
  }

  /** Whether {@code m} is not above the range. */
  boolean belowMax(String m) {
    if (max.sign != 0) {
      return max.sign > 0;
    }
    int c = m.compareTo(max.member);
    return max.exclusive ? c < 0 : c <= 0;
  }
}
