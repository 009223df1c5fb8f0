package omnipaxos.kv.command;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import omnipaxos.kv.command.keys.Glob;

/**
 * HSCAN and SSCAN: the cursor and options as Redis parses them, and pages of a collection's
 * elements. A collection Redis keeps compact (listpack, intset) comes whole in one page with cursor
 * 0, as in Redis. A larger one is visited in the order of the elements' hashes, the cursor being
 * the next hash, so a cursor means the same on every server and an element present during the
 * whole scan is returned.
 */
public final class ElementScan {

  private final long cursor;
  private final String match;
  private final long count;

  private ElementScan(long cursor, String match, long count) {
    this.cursor = cursor;
    this.match = match;
    this.count = count;
  }

  /**
   * The cursor at argument {@code at}, as Redis's strtoul reads it (a sign and decimal digits,
   * wrapping modulo 2^64; empty is 0); {@code ERR invalid cursor} otherwise. Checked before the key
   * is looked up. A cursor of 2^63 or more (negative here) is past every position.
   */
  public static long cursor(Args a, int at) {
    String s = a.key(at);
    boolean neg = s.startsWith("-");
    String digits = neg || s.startsWith("+") ? s.substring(1) : s;
    if (s.isEmpty()) {
      return 0;
    }
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new CommandError("ERR invalid cursor");
    }
    try {
      long v = Long.parseUnsignedLong(digits);
      return neg ? -v : v;
    } catch (NumberFormatException e) {
      throw new CommandError("ERR invalid cursor");
    }
  }

  /** The options from argument 3 on (MATCH, COUNT), with the cursor {@code cursor}. */
  public static ElementScan parse(Args a, long cursor) {
    String match = null;
    long count = 10;
    for (int i = 3; i < a.size(); i += 2) {
      String opt = a.upper(i);
      if (i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      if (opt.equals("COUNT")) {
        count = a.integer(i + 1);
        if (count < 1) {
          throw new CommandError(Errors.SYNTAX);
        }
      } else if (opt.equals("MATCH")) {
        match = a.key(i + 1);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new ElementScan(cursor, match, count);
  }

  /** Whether an element passes MATCH. */
  public boolean matches(String element) {
    return match == null || match.equals("*") || Glob.matches(match, element);
  }

  /** The fields of this page of {@code h} (before MATCH), in order, and the next cursor. */
  public Page page(KvValue.Hash h) {
    return h.listpack() ? new Page(new ArrayList<>(h.fields().keySet()), 0) : page(h.scanIndex());
  }

  /** The members of this page of {@code s} (before MATCH), in order, and the next cursor. */
  public Page page(KvValue.Set s) {
    return s.intset() ? new Page(s.members(), 0) : page(s.scanIndex());
  }

  private Page page(NavigableSet<Keyspace.ScanKey> index) {
    List<String> out = new ArrayList<>();
    if (cursor < 0) {
      return new Page(out, 0);
    }
    long last = 0;
    for (Keyspace.ScanKey k : index.tailSet(new Keyspace.ScanKey(cursor, ""), true)) {
      if (out.size() >= count && k.hash() != last) {
        return new Page(out, k.hash());
      }
      out.add(k.key());
      last = k.hash();
    }
    return new Page(out, 0);
  }

  /** A page: the elements and the next cursor (0 at the end). */
  public record Page(List<String> elements, long cursor) {}

  /** The reply: the cursor (as an unsigned number) and the items. */
  public static Reply reply(long cursor, List<Reply> items) {
    return new Reply.Arr(List.of(Reply.bulk(Long.toUnsignedString(cursor)), new Reply.Arr(items)));
  }
}
