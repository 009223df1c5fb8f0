package omnipaxos.kv.command.zsets;

import java.util.List;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;

/** ZADD with its flags (NX XX GT LT CH INCR), and ZINCRBY. */
final class ZaddCommand {

  static final String NAN_SCORE = "ERR resulting score is not a number (NaN)";

  /** The flags, in the order of the bits of {@link Flags}. */
  private static final List<String> FLAG_NAMES = List.of("NX", "XX", "GT", "LT", "CH", "INCR");

  private ZaddCommand() {}

  /** The flags of one ZADD. */
  private record Flags(boolean nx, boolean xx, boolean gt, boolean lt, boolean ch, boolean incr) {}

  static Reply zadd(Keyspace.Db db, Args a) {
    int bits = 0;
    int i = 2;
    for (int bit; i < a.size() && (bit = FLAG_NAMES.indexOf(a.upper(i))) >= 0; i++) {
      bits |= 1 << bit;
    }
    Flags f = new Flags((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
        (bits & 16) != 0, (bits & 32) != 0);
    return add(db, a, i, f);
  }

  private static Reply add(Keyspace.Db db, Args a, int first, Flags f) {
    int n = a.size() - first;
    if (n == 0 || n % 2 != 0) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (f.nx && f.xx) {
      throw new CommandError("ERR XX and NX options at the same time are not compatible");
    }
    if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) {
      throw new CommandError(
          "ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if (f.incr && n > 2) {
      throw new CommandError("ERR INCR option supports a single increment-element pair");
    }
    double[] scores = new double[n / 2];
    for (int k = 0; k < scores.length; k++) {
      scores[k] = Floats.score(a.bytes(first + 2 * k));
    }
    String key = a.key(1);
    ScoredSet set = ZsetCommands.zset(db, key);
    if (set == null && f.xx) {
      return f.incr ? new Reply.Null() : new Reply.Int(0);
    }
    if (set == null) {
      set = ZsetCommands.create(db, key, a.key(first + 1));
    }
    long added = 0;
    long changed = 0;
    Double last = null;
    for (int k = 0; k < scores.length; k++) {
      String member = a.key(first + 2 * k + 1);
      Double old = set.score(member);
      last = null;
      if (old == null) {
        if (!f.xx) {
          set.put(member, scores[k]);
          added++;
          last = scores[k];
        }
        continue;
      }
      double next = f.incr ? old + scores[k] : scores[k];
      if (Double.isNaN(next)) {
        ZsetCommands.changed(db, key, set);
        throw new CommandError(NAN_SCORE);
      }
      if (f.nx || (f.gt && next <= old) || (f.lt && next >= old)) {
        continue;
      }
      last = next;
      if (next != old) {
        set.put(member, next);
        changed++;
      }
    }
    if (added + changed > 0 || set.size() == 0) {
      ZsetCommands.changed(db, key, set);
    }
    if (f.incr) {
      return last == null ? new Reply.Null() : new Reply.Dbl(last);
    }
    return new Reply.Int(added + (f.ch ? changed : 0));
  }

  static Reply zincrby(Keyspace.Db db, Args a) {
    double by = Floats.score(a.bytes(2));
    String key = a.key(1);
    ScoredSet set = ZsetCommands.zset(db, key);
    String member = a.key(3);
    if (set == null) {
      set = ZsetCommands.create(db, key, member);
    }
    Double old = set.score(member);
    double next = old == null ? by : old + by;
    if (Double.isNaN(next)) {
      ZsetCommands.changed(db, key, set);
      throw new CommandError(NAN_SCORE);
    }
    set.put(member, next);
    ZsetCommands.changed(db, key, set);
    return new Reply.Dbl(next);
  }
}
