package omnipaxos.kv.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The x87 80-bit long doubles INCRBYFLOAT and HINCRBYFLOAT compute with in Redis: 64-bit
 * mantissas, rounding half to even, finite up to about 1.19e4932, subnormal down to 2^-16445. A
 * value is held exactly, as a BigDecimal; texts are read as Redis's string2ld (strtold) reads them
 * and written as Redis writes them (17 decimals, trailing zeros dropped), so sums show the same
 * rounding as Redis's (12345.1 is 12345.09999999999999964).
 */
public final class LongDouble {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?");
  private static final Pattern HEX =
      Pattern.compile("[+-]?0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p([+-]?[0-9]+))?");
  private static final Pattern INFINITE = Pattern.compile("[+-]?inf(inity)?");
  /** The binary exponent of the least subnormal, 2^-16445. */
  private static final int LEAST = -16445;
  /** Values from 2^16384 on are infinite. */
  private static final int LIMIT = 16384;
  private static final int MANTISSA = 64;
  private static final int MAX_LENGTH = 5 * 1024;

  private LongDouble() {}

  /**
   * The long double a text reads as; null if it is an infinity. Throws {@link Errors#NOT_FLOAT}
   * for what is not a float (spaces, NaN, other syntax, a value out of range).
   */
  public static BigDecimal parse(byte[] text) {
    String s = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    if (text.length == 0 || text.length >= MAX_LENGTH) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    if (INFINITE.matcher(s).matches()) {
      return null;
    }
    Matcher hex = HEX.matcher(s);
    BigDecimal exact;
    if (hex.matches()) {
      exact = hex(s, hex.group(3));
    } else if (DECIMAL.matcher(s).matches()) {
      exact = decimal(s);
    } else {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    BigDecimal v = exact == null ? null : round(exact);
    if (v == null || (v.signum() == 0 && exact.signum() != 0)) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    return v;
  }

  /** A decimal's exact value, or null if it is certainly out of range (either way). */
  private static BigDecimal decimal(String s) {
    BigDecimal d;
    try {
      d = new BigDecimal(s);
    } catch (NumberFormatException e) {
      return s.substring(0, s.indexOf('e')).matches("[+-]?[0.]*") ? BigDecimal.ZERO : null;
    }
    int exponent = d.precision() - d.scale();
    if (d.signum() != 0 && (exponent > 4940 || exponent < -4960)) {
      return null;
    }
    return d;
  }

  /** A hexadecimal float's exact value, or null if it is certainly out of range. */
  private static BigDecimal hex(String s, String exp) {
    boolean neg = s.startsWith("-");
    String body = s.substring(s.indexOf('x') + 1);
    int p = body.indexOf('p');
    String mantissa = p < 0 ? body : body.substring(0, p);
    int dot = mantissa.indexOf('.');
    int fraction = dot < 0 ? 0 : mantissa.length() - dot - 1;
    BigInteger m = new BigInteger(mantissa.replace(".", ""), 16);
    if (m.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (exp != null && exp.replaceFirst("^[+-]?0*", "").length() > 6) {
      return null;
    }
    long e = (exp == null ? 0 : Long.parseLong(exp)) - 4L * fraction;
    long top = m.bitLength() + e;
    if (top > LIMIT + 1 || top < LEAST - 1) {
      return null;
    }
    BigDecimal v = times2(new BigDecimal(m), (int) e);
    return neg ? v.negate() : v;
  }

  /** {@code v} times 2^e, exactly. */
  private static BigDecimal times2(BigDecimal v, int e) {
    return e >= 0 ? v.multiply(new BigDecimal(BigInteger.TWO.pow(e)))
        : v.multiply(BigDecimal.valueOf(5).pow(-e)).scaleByPowerOfTen(e);
  }

  /** The long double nearest {@code v} (ties to even); null if that is infinite. */
  public static BigDecimal round(BigDecimal v) {
    if (v.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal abs = v.abs();
    BigInteger whole = abs.toBigInteger();
    int top = whole.signum() > 0 ? whole.bitLength() - 1 : -bitsBelowOne(abs);
    int quantum = Math.max(top - (MANTISSA - 1), LEAST);
    BigInteger steps = times2(abs, -quantum).setScale(0, RoundingMode.HALF_EVEN)
        .toBigIntegerExact();
    if (steps.bitLength() + quantum > LIMIT) {
      return null;
    }
    BigDecimal r = times2(new BigDecimal(steps), quantum);
    return v.signum() < 0 ? r.negate() : r;
  }

  /** For 0 < v < 1: k such that 2^-k <= v < 2^(1-k). */
  private static int bitsBelowOne(BigDecimal v) {
    int k = (int) Math.floor(-(v.precision() - v.scale()) * 3.321928094887362) - 4;
    k = Math.max(k, 1);
    while (times2(v, k).compareTo(BigDecimal.ONE) < 0) {
      k++;
    }
    while (k > 1 && times2(v, k - 1).compareTo(BigDecimal.ONE) >= 0) {
      k--;
    }
    return k;
  }

  /** {@code v} as Redis writes a long double: 17 decimals, trailing zeros and point dropped. */
  public static String format(BigDecimal v) {
    BigDecimal r = v.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return r.signum() == 0 ? "0" : r.toPlainString();
  }
}
