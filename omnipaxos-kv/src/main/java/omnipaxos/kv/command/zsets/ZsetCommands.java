package omnipaxos.kv.command.zsets;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KeyPositions;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.zsets.ScoredSet.Scored;

/** The sorted-set commands on members and scores; ranges in {@link ZrangeCommand}. */
public final class ZsetCommands {

  private ZsetCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("zadd", -4, FIRST, "Adds members with scores (NX XX GT LT CH INCR).",
        (db, a, c) -> ZaddCommand.zadd(db, a));
    b.write("zincrby", 4, FIRST, "Adds to a member's score.",
        (db, a, c) -> ZaddCommand.zincrby(db, a));
    b.write("zrem", -3, FIRST, "Removes members.", ZsetCommands::zrem);
    b.read("zscore", 3, FIRST, "The score of a member.", ZsetCommands::zscore);
    b.read("zmscore", -3, FIRST, "The scores of members.", ZsetCommands::zmscore);
    b.read("zcard", 2, FIRST, "The number of members.", ZsetCommands::zcard);
    b.read("zrank", 3, FIRST, "A member's rank, lowest score first.",
        (db, a, c) -> rank(db, a, false));
    b.read("zrevrank", 3, FIRST, "A member's rank, highest score first.",
        (db, a, c) -> rank(db, a, true));
    b.write("zpopmin", -2, FIRST, "Removes and returns the lowest-scored members (count).",
        (db, a, c) -> pop(db, a, false));
    b.write("zpopmax", -2, FIRST, "Removes and returns the highest-scored members (count).",
        (db, a, c) -> pop(db, a, true));
    b.read("zscan", -3, FIRST, "Iterates members and scores (MATCH COUNT): every member in one"
        + " page, cursor 0.", ZscanCommand::zscan);
    ZrangeCommand.register(b);
    blocking(b, "bzpopmin", -3, new KeyPositions(1, -2, 1));
    blocking(b, "bzpopmax", -3, new KeyPositions(1, -2, 1));
    blocking(b, "bzmpop", -5, KeyPositions.NONE);
  }

  private static void blocking(CommandTable.Builder b, String name, int arity,
      KeyPositions keys) {
    b.local(name, arity, EnumSet.of(Flag.UNSUPPORTED), keys,
        "Blocking: not supported, answers an error at once.",
        (s, a) -> new Reply.Error(Errors.unsupported(a.name())));
  }

  /** The sorted set at {@code key}, or null; {@link Errors#WRONGTYPE} for another type. */
  static ScoredSet zset(Keyspace.Db db, String key) {
    KvValue.ZSetValue v = db.value(key, KvValue.ZSetValue.class);
    return v == null ? null : v.set();
  }

  /**
   * A new empty sorted set stored at {@code key} (deleted again by {@link #changed} if empty),
   * compact if its first member {@code first} is short enough.
   */
  static ScoredSet create(Keyspace.Db db, String key, String first) {
    ScoredSet set = ScoredSet.forFirstMember(first);
    db.put(key, new KvValue.ZSetValue(set));
    return set;
  }

  /** Records a change of the set at {@code key}: deletes the key if the set is now empty. */
  static void changed(Keyspace.Db db, String key, ScoredSet set) {
    if (set.size() == 0) {
      db.remove(key);
    } else {
      db.putKeepTtl(key, db.get(key).value());
    }
  }

  /** Members with their scores: a flat array in RESP2, pairs in RESP3. */
  static Reply withScores(List<Scored> members) {
    List<Reply> flat = new ArrayList<>(members.size() * 2);
    for (Scored s : members) {
      flat.add(Reply.bulk(s.member()));
      flat.add(new Reply.Dbl(s.score()));
    }
    return new Reply.Pairs(flat);
  }

  private static Reply zrem(Keyspace.Db db, Args a, ApplyContext c) {
    ScoredSet set = zset(db, a.key(1));
    long n = 0;
    for (int i = 2; set != null && i < a.size(); i++) {
      n += set.remove(a.key(i)) ? 1 : 0;
    }
    if (n > 0) {
      changed(db, a.key(1), set);
    }
    return new Reply.Int(n);
  }

  private static Reply zscore(Keyspace.Db db, Args a, ApplyContext c) {
    ScoredSet set = zset(db, a.key(1));
    Double s = set == null ? null : set.score(a.key(2));
    return s == null ? new Reply.Null() : new Reply.Dbl(s);
  }

  private static Reply zmscore(Keyspace.Db db, Args a, ApplyContext c) {
    ScoredSet set = zset(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      Double s = set == null ? null : set.score(a.key(i));
      out.add(s == null ? new Reply.Null() : new Reply.Dbl(s));
    }
    return new Reply.Arr(out);
  }

  private static Reply zcard(Keyspace.Db db, Args a, ApplyContext c) {
    ScoredSet set = zset(db, a.key(1));
    return new Reply.Int(set == null ? 0 : set.size());
  }

  private static Reply rank(Keyspace.Db db, Args a, boolean reverse) {
    ScoredSet set = zset(db, a.key(1));
    if (set == null || set.score(a.key(2)) == null) {
      return new Reply.Null();
    }
    int r = set.rank(a.key(2));
    return new Reply.Int(reverse ? set.size() - 1 - r : r);
  }

  private static Reply pop(Keyspace.Db db, Args a, boolean max) {
    if (a.size() > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    long count = 1;
    if (a.size() == 3) {
      Long n = Args.parseLong(a.bytes(2));
      if (n == null || n < 0) {
        throw new CommandError(Errors.NOT_POSITIVE);
      }
      count = n;
    }
    ScoredSet set = zset(db, a.key(1));
    List<Scored> popped = new ArrayList<>();
    while (set != null && popped.size() < count && set.size() > 0) {
      popped.add(set.pop(max));
    }
    if (!popped.isEmpty()) {
      changed(db, a.key(1), set);
    }
    if (a.size() == 2) {
      return popped.isEmpty() ? new Reply.Arr(List.of())
          : new Reply.Arr(List.of(Reply.bulk(popped.get(0).member()),
              new Reply.Dbl(popped.get(0).score())));
    }
    return withScores(popped);
  }
}
