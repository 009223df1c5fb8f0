package omnipaxos.kv.dashboard;

import java.util.Collection;

/** The few JSON pieces the dashboard writes: quoted strings, arrays of numbers. */
final class Json {

  private Json() {}

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code values} as a JSON array of numbers. */
  static String numbers(Collection<? extends Number> values) {
    StringBuilder b = new StringBuilder("[");
    for (Number n : values) {
      b.append(b.length() == 1 ? "" : ",").append(number(n.doubleValue()));
    }
    return b.append(']').toString();
  }

  /** A number, integral ones without a fraction, others with at most three decimals. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(Math.round(d * 1000) / 1000.0);
  }
}
