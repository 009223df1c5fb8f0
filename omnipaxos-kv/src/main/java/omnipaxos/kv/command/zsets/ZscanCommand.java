package omnipaxos.kv.command.zsets;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.DoubleText;
import omnipaxos.kv.command.ElementScan;
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
    ElementScan.cursor(a, 2);
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
}
