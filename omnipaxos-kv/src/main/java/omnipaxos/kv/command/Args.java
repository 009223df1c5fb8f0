package omnipaxos.kv.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A command's arguments, the command name at 0, with typed accessors that fail with Redis's error
 * texts (as a {@link CommandError}). Keys are binary-safe strings, one char per byte.
 */
public final class Args {

  private final List<byte[]> args;

  public Args(List<byte[]> args) {
    this.args = List.copyOf(args);
  }

  /** Arguments from strings, one byte per char (tests and internal commands). */
  public static Args of(String... args) {
    List<byte[]> out = new ArrayList<>(args.length);
    for (String a : args) {
      out.add(a.getBytes(StandardCharsets.ISO_8859_1));
    }
    return new Args(out);
  }

  /** The number of arguments, the name included. */
  public int size() {
    return args.size();
  }

  /** The raw arguments (not copied: callers must not modify them). */
  public List<byte[]> raw() {
    return args;
  }

  /** Argument {@code i}'s bytes (not copied). */
  public byte[] bytes(int i) {
    return args.get(i);
  }

  /** Argument {@code i} as a binary-safe string (a key). */
  public String key(int i) {
    return new String(args.get(i), StandardCharsets.ISO_8859_1);
  }

  /** Argument {@code i} in upper case, for matching option names. */
  public String upper(int i) {
    return key(i).toUpperCase(Locale.ROOT);
  }

  /** The command name in lower case, as error texts show it. */
  public String name() {
    return key(0).toLowerCase(Locale.ROOT);
  }

  /** Argument {@code i} as a 64-bit integer, or {@link Errors#NOT_INTEGER}. */
  public long integer(int i) {
    return integer(i, Errors.NOT_INTEGER);
  }

  /** Argument {@code i} as a 64-bit integer, or the error {@code error}. */
  public long integer(int i, String error) {
    Long v = parseLong(args.get(i));
    if (v == null) {
      throw new CommandError(error);
    }
    return v;
  }

  /** The keys from {@code from} to the end. */
  public List<String> keysFrom(int from) {
    List<String> keys = new ArrayList<>(args.size() - from);
    for (int i = from; i < args.size(); i++) {
      keys.add(key(i));
    }
    return keys;
  }

  /** A Redis integer: optional minus, digits, no leading zeros, no spaces; null if not one. */
  public static Long parseLong(byte[] b) {
    if (b.length == 0 || b.length > 20) {
      return null;
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    boolean neg = s.charAt(0) == '-';
    String digits = neg ? s.substring(1) : s;
    if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0')
        || (neg && digits.equals("0"))) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
