package omnipaxos.kv.command.zsets;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;

/**
 * Scores as Redis reads them, with C's {@code strtod} syntax: decimal and hexadecimal numbers,
 * {@code inf} and {@code infinity} in any case, never NaN. A score argument must be exactly a
 * number that neither overflows nor underflows to zero; a range bound may start with white space
 * and ends at the first NUL byte.
 */
final class Floats {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern HEX = Pattern.compile(
      "[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?");
  private static final Pattern INFINITE = Pattern.compile("(?i)[+-]?inf(inity)?");
  private static final Pattern NOT_A_NUMBER = Pattern.compile("(?i)[+-]?nan(\\([0-9a-z_]*\\))?");
  private static final String SPACE = " \t\n\u000b\f\r";

  private Floats() {}

  /** A score argument, or {@link Errors#NOT_FLOAT}. */
  static double score(byte[] arg) {
    String s = new String(arg, StandardCharsets.ISO_8859_1);
    Double d = s.isEmpty() || SPACE.indexOf(s.charAt(0)) >= 0 ? null : parse(s, true);
    if (d == null) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    return d;
  }

  /** A range bound's number (after a '(' if any), or null if it is not one. */
  static Double bound(String s) {
    int nul = s.indexOf('\0');
    String t = nul < 0 ? s : s.substring(0, nul);
    int i = 0;
    while (i < t.length() && SPACE.indexOf(t.charAt(i)) >= 0) {
      i++;
    }
    return t.isEmpty() ? Double.valueOf(0) : parse(t.substring(i), false);
  }

  /** The number {@code s} is, or null if it is not one, NaN, or out of range when strict. */
  private static Double parse(String s, boolean strict) {
    if (INFINITE.matcher(s).matches()) {
      return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (NOT_A_NUMBER.matcher(s).matches()) {
      return null;
    }
    boolean hex = HEX.matcher(s).matches();
    if (!hex && !DECIMAL.matcher(s).matches()) {
      return null;
    }
    boolean hasExponent = s.indexOf('p') >= 0 || s.indexOf('P') >= 0;
    double d = Double.parseDouble(hex && !hasExponent ? s + "p0" : s);
    if (strict && (Double.isInfinite(d) || (d == 0 && nonZeroDigit(s, hex)))) {
      return null;
    }
    return d;
  }

  /** Whether the mantissa of {@code s} has a digit other than zero. */
  private static boolean nonZeroDigit(String s, boolean hex) {
    int from = hex ? Math.max(s.indexOf('x'), s.indexOf('X')) + 1 : 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!hex && (c == 'e' || c == 'E') || hex && (c == 'p' || c == 'P')) {
        return false;
      }
      if (Character.digit(c, 16) > 0) {
        return true;
      }
    }
    return false;
  }
}
