package omnipaxos.kv.command.zsets;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.DoubleText;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.keys.Glob;
import omnipaxos.kv.command.zsets.ScoredSet.Scored;

/**
 * ZSCAN: every member (matching MATCH) with its score as a string, in the set's order, in one page
 * whose next cursor is 0, as Redis answers for a small set; the cursor is checked, not used.
 */
final class ZscanCommand {

  private ZscanCommand() {}

  static Reply zscan(Keyspace.Db db, Args a, ApplyContext c) {
    if (!validCursor(a.key(2))) {
      throw new CommandError("ERR invalid cursor");
    }
    ScoredSet set = ZsetCommands.zset(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    if (set != null) {
      String match = options(a);
      for (Scored s : set.ordered(false)) {
        if (match == null || Glob.matches(match, s.member())) {
          out.add(Reply.bulk(s.member()));
          out.add(Reply.bulk(DoubleText.format(s.score())));
        }
      }
    }
    return new Reply.Arr(List.of(Reply.bulk("0"), new Reply.Arr(out)));
  }

  /** The MATCH pattern (null if none), after checking the options. */
  private static String options(Args a) {
    String match = null;
    for (int i = 3; i < a.size(); i += 2) {
      if (i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      switch (a.upper(i)) {
        case "MATCH" -> match = a.key(i + 1);
        case "COUNT" -> {
          if (a.integer(i + 1) < 1) {
            throw new CommandError(Errors.SYNTAX);
          }
        }
        default -> throw new CommandError(Errors.SYNTAX);
      }
    }
    return match == null || match.equals("*") ? null : match;
  }

  /** A cursor as C's strtoul reads it: optional sign, decimal digits fitting 64 bits unsigned. */
  private static boolean validCursor(String s) {
    String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    if (s.isEmpty()) {
      return true;
    }
    if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return false;
    }
    return new java.math.BigInteger(digits).bitLength() <= 64;
  }
}
