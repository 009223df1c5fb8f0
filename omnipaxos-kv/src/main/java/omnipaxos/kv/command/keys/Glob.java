package omnipaxos.kv.command.keys;

/** Redis's glob patterns (KEYS, SCAN MATCH): {@code * ? [abc] [^a-z] \x}. */
public final class Glob {

  private Glob() {}

  /** Whether {@code s} matches {@code p}. */
  public static boolean matches(String p, String s) {
    return match(p, 0, s, 0);
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
            pi++;
          }
          if (pi + 1 == p.length()) {
            return true;
          }
          for (int k = si; k <= s.length(); k++) {
            if (match(p, pi + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length()) {
            return false;
          }
          si++;
        }
        case '[' -> {
          if (si >= s.length()) {
            return false;
          }
          int end = classEnd(p, pi);
          if (!inClass(p, pi + 1, end, s.charAt(si))) {
            return false;
          }
          pi = end;
          si++;
        }
        default -> {
          if (c == '\\' && pi + 1 < p.length()) {
            c = p.charAt(++pi);
          }
          if (si >= s.length() || s.charAt(si) != c) {
            return false;
          }
          si++;
        }
      }
      pi++;
    }
    return si == s.length();
  }

  /** The index of the class's closing bracket (or the pattern's last char). */
  private static int classEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    while (i < p.length() && p.charAt(i) != ']') {
      i += p.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i, p.length() - 1);
  }

  private static boolean inClass(String p, int from, int end, char ch) {
    boolean not = from < end && p.charAt(from) == '^';
    int i = not ? from + 1 : from;
    boolean found = false;
    while (i < end) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < end) {
        found |= p.charAt(i + 1) == ch;
        i += 2;
      } else if (i + 2 < end && p.charAt(i + 1) == '-') {
        char lo = (char) Math.min(c, p.charAt(i + 2));
        char hi = (char) Math.max(c, p.charAt(i + 2));
        found |= ch >= lo && ch <= hi;
        i += 3;
      } else {
        found |= c == ch;
        i++;
      }
    }
    return not != found;
  }
}
