package omnipaxos.kv.command;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as Redis 7.0 writes them (scores): C's {@code %.17g} (17 significant digits, trailing
 * zeros dropped, an exponent of at least two digits outside 1e-4..1e17), {@code inf} and
 * {@code -inf}, and {@code -0} for negative zero.
 */
public final class DoubleText {

  private static final int DIGITS = 17;

  private DoubleText() {}

  /** The text of {@code d} (not NaN). */
  public static String format(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
    }
    BigDecimal v = new BigDecimal(d).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
    int exponent = v.precision() - v.scale() - 1;
    if (exponent < -4 || exponent >= DIGITS) {
      BigDecimal mantissa = v.movePointLeft(exponent).stripTrailingZeros();
      String e = Integer.toString(Math.abs(exponent));
      return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+")
          + (e.length() < 2 ? "0" + e : e);
    }
    return v.stripTrailingZeros().toPlainString();
  }
}
