package omnipaxos.kv.command.server;

/**
 * The notify-keyspace-events value as Redis checks and writes it: class letters
 * ({@code Ag$lshzxeKEtmdn}), kept as a set and written back in Redis's order, {@code A} for all of
 * {@code g$lshzxetd}. Only recorded here: no keyspace notifications are published.
 */
final class KeyspaceEvents {

  private static final String CLASSES = "g$lshzxetdn";
  private static final String ALL = "g$lshzxetd";
  private static final String TAIL = "KEm";

  private KeyspaceEvents() {}

  /** The value Redis reports for {@code v}, or IllegalArgumentException with Redis's text. */
  static String normalise(String v) {
    StringBuilder set = new StringBuilder();
    for (char c : v.toCharArray()) {
      if (c == 'A') {
        set.append(ALL);
      } else if (CLASSES.indexOf(c) >= 0 || TAIL.indexOf(c) >= 0) {
        set.append(c);
      } else {
        throw new IllegalArgumentException(
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      }
    }
    String has = set.toString();
    StringBuilder out = new StringBuilder();
    if (ALL.chars().allMatch(c -> has.indexOf(c) >= 0)) {
      out.append('A');
    } else {
      CLASSES.chars().filter(c -> has.indexOf(c) >= 0).forEach(c -> out.append((char) c));
    }
    TAIL.chars().filter(c -> has.indexOf(c) >= 0).forEach(c -> out.append((char) c));
    return out.toString();
  }
}
