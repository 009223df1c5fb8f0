package omnipaxos.kv.command.zsets;

import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.TWO;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.lists.ListCommands;
import omnipaxos.kv.command.zsets.ScoredSet.Scored;

/**
 * ZRANGE with BYSCORE BYLEX REV LIMIT WITHSCORES, its older forms (ZRANGEBYSCORE, ZREVRANGE ...),
 * ZRANGESTORE, the counts (ZCOUNT ZLEXCOUNT) and the removals by range (ZREMRANGEBY...).
 */
final class ZrangeCommand {

  /** How a range is given. */
  enum By { AUTO, RANK, SCORE, LEX }

  /** A parsed range query: which members, in which order, and how to answer. */
  private record Query(By by, boolean reverse, boolean withScores, long offset, long limit,
      int min, int max) {}

  private ZrangeCommand() {}

  static void register(CommandTable.Builder b) {
    b.read("zrange", -4, FIRST, "Members by rank, score or member (BYSCORE BYLEX REV LIMIT"
        + " WITHSCORES).", (db, a, c) -> range(db, a, By.AUTO, null));
    b.write("zrangestore", -5, TWO, "Stores a ZRANGE's members in another key.",
        (db, a, c) -> store(db, a));
    b.read("zrangebyscore", -4, FIRST, "Members in a score range, lowest first.",
        (db, a, c) -> range(db, a, By.SCORE, false));
    b.read("zrevrangebyscore", -4, FIRST, "Members in a score range, highest first.",
        (db, a, c) -> range(db, a, By.SCORE, true));
    b.read("zrangebylex", -4, FIRST, "Members in a member range, ascending.",
        (db, a, c) -> range(db, a, By.LEX, false));
    b.read("zrevrangebylex", -4, FIRST, "Members in a member range, descending.",
        (db, a, c) -> range(db, a, By.LEX, true));
    b.read("zrevrange", -4, FIRST, "Members by rank, highest score first.",
        (db, a, c) -> range(db, a, By.RANK, true));
    b.read("zcount", 4, FIRST, "The number of members in a score range.", (db, a, c) -> {
      ScoreRange r = ScoreRange.parse(a, 2, 3);
      ScoredSet set = ZsetCommands.zset(db, a.key(1));
      return new Reply.Int(set == null ? 0 : Ranges.byScore(set, r, false, 0, -1).size());
    });
    b.read("zlexcount", 4, FIRST, "The number of members in a member range.", (db, a, c) -> {
      LexRange r = LexRange.parse(a, 2, 3);
      ScoredSet set = ZsetCommands.zset(db, a.key(1));
      return new Reply.Int(set == null ? 0 : Ranges.byLex(set, r, false, 0, -1).size());
    });
    b.write("zremrangebyscore", 4, FIRST, "Removes the members in a score range.",
        (db, a, c) -> remove(db, a, By.SCORE));
    b.write("zremrangebyrank", 4, FIRST, "Removes the members in a rank range.",
        (db, a, c) -> remove(db, a, By.RANK));
    b.write("zremrangebylex", 4, FIRST, "Removes the members in a member range.",
        (db, a, c) -> remove(db, a, By.LEX));
  }

  /**
   * Parses the options after the key at {@code key}: {@code by} and {@code reverse} are fixed by
   * the command unless AUTO and null; {@code store} forbids WITHSCORES.
   */
  private static Query parse(Args a, int key, By by, Boolean reverse, boolean store) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = key + 3; j < a.size(); j++) {
      String opt = a.upper(j);
      if (!store && opt.equals("WITHSCORES")) {
        withScores = true;
      } else if (opt.equals("LIMIT") && j + 2 < a.size()) {
        offset = a.integer(j + 1);
        limit = a.integer(j + 2);
        j += 2;
      } else if (reverse == null && opt.equals("REV")) {
        reverse = true;
      } else if (by == By.AUTO && (opt.equals("BYLEX") || opt.equals("BYSCORE"))) {
        by = opt.equals("BYLEX") ? By.LEX : By.SCORE;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    by = by == By.AUTO ? By.RANK : by;
    boolean rev = reverse != null && reverse;
    if ((offset != 0 || limit != -1) && by == By.RANK) {
      throw new CommandError("ERR syntax error, LIMIT is only supported in combination with"
          + " either BYSCORE or BYLEX");
    }
    if (withScores && by == By.LEX) {
      throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with"
          + " BYLEX");
    }
    boolean swap = rev && by != By.RANK;
    return new Query(by, rev, withScores, offset, limit, swap ? key + 2 : key + 1,
        swap ? key + 1 : key + 2);
  }

  /** The selected members, after checking the range's arguments, then the key's type. */
  private static List<Scored> select(Keyspace.Db db, Args a, int key, Query q) {
    return switch (q.by()) {
      case SCORE -> {
        ScoreRange r = ScoreRange.parse(a, q.min(), q.max());
        ScoredSet set = ZsetCommands.zset(db, a.key(key));
        yield set == null ? List.of() : Ranges.byScore(set, r, q.reverse(), q.offset(), q.limit());
      }
      case LEX -> {
        LexRange r = LexRange.parse(a, q.min(), q.max());
        ScoredSet set = ZsetCommands.zset(db, a.key(key));
        yield set == null ? List.of() : Ranges.byLex(set, r, q.reverse(), q.offset(), q.limit());
      }
      default -> byRank(db, a, key, q.min(), q.reverse());
    };
  }

  private static List<Scored> byRank(Keyspace.Db db, Args a, int key, int start,
      boolean reverse) {
    long from = a.integer(start);
    long to = a.integer(start + 1);
    ScoredSet set = ZsetCommands.zset(db, a.key(key));
    int[] r = set == null ? null : ListCommands.range(from, to, set.size());
    return r == null ? List.of() : set.byRank(r[0], r[1], reverse);
  }

  private static Reply range(Keyspace.Db db, Args a, By by, Boolean reverse) {
    Query q = parse(a, 1, by, reverse, false);
    List<Scored> members = select(db, a, 1, q);
    if (q.withScores()) {
      return ZsetCommands.withScores(members);
    }
    List<Reply> out = new ArrayList<>(members.size());
    for (Scored s : members) {
      out.add(Reply.bulk(s.member()));
    }
    return new Reply.Arr(out);
  }

  private static Reply store(Keyspace.Db db, Args a) {
    Query q = parse(a, 2, By.AUTO, null, true);
    List<Scored> members = select(db, a, 2, q);
    String target = a.key(1);
    db.remove(target);
    if (!members.isEmpty()) {
      ScoredSet set = new ScoredSet(true);
      members.forEach(s -> set.put(s.member(), s.score()));
      db.put(target, new KvValue.ZSetValue(set));
    }
    return new Reply.Int(members.size());
  }

  private static Reply remove(Keyspace.Db db, Args a, By by) {
    List<Scored> members = select(db, a, 1, new Query(by, false, false, 0, -1, 2, 3));
    if (!members.isEmpty()) {
      ScoredSet set = ZsetCommands.zset(db, a.key(1));
      members.forEach(s -> set.remove(s.member()));
      ZsetCommands.changed(db, a.key(1), set);
    }
    return new Reply.Int(members.size());
  }
}
