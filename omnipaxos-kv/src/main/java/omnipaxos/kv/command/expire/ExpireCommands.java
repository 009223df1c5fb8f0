package omnipaxos.kv.command.expire;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Ttl;

/** Setting, reading and removing expiries; times are the log's clock (see {@link Keyspace}). */
public final class ExpireCommands {

  private ExpireCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("expire", -3, FIRST, "Sets a key's time to live in seconds (NX XX GT LT).",
        (db, a, c) -> expire(db, a, c, 1000, true));
    b.write("pexpire", -3, FIRST, "Sets a key's time to live in milliseconds.",
        (db, a, c) -> expire(db, a, c, 1, true));
    b.write("expireat", -3, FIRST, "Sets a key's expiry as a Unix time in seconds.",
        (db, a, c) -> expire(db, a, c, 1000, false));
    b.write("pexpireat", -3, FIRST, "Sets a key's expiry as a Unix time in milliseconds.",
        (db, a, c) -> expire(db, a, c, 1, false));
    b.write("persist", 2, FIRST, "Removes a key's expiry.", ExpireCommands::persist);
    b.read("ttl", 2, FIRST, "A key's time to live in seconds.",
        (db, a, c) -> ttl(db, a, c, 1000, true));
    b.read("pttl", 2, FIRST, "A key's time to live in milliseconds.",
        (db, a, c) -> ttl(db, a, c, 1, true));
    b.read("expiretime", 2, FIRST, "A key's expiry as a Unix time in seconds.",
        (db, a, c) -> ttl(db, a, c, 1000, false));
    b.read("pexpiretime", 2, FIRST, "A key's expiry as a Unix time in milliseconds.",
        (db, a, c) -> ttl(db, a, c, 1, false));
  }

  private static Reply expire(Keyspace.Db db, Args a, ApplyContext c, long unit,
      boolean relative) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    for (int i = 3; i < a.size(); i++) {
      switch (a.upper(i)) {
        case "NX" -> nx = true;
        case "XX" -> xx = true;
        case "GT" -> gt = true;
        case "LT" -> lt = true;
        default -> throw new CommandError("ERR Unsupported option " + a.key(i));
      }
    }
    if (nx && (xx || gt || lt)) {
      throw new CommandError(Errors.NX_XX_GT_LT);
    }
    if (gt && lt) {
      throw new CommandError(Errors.GT_LT);
    }
    long value = a.integer(2);
    if (value > Long.MAX_VALUE / unit || value < Long.MIN_VALUE / unit) {
      throw new CommandError(Errors.expireTime(a.name()));
    }
    Ttl ttl = relative ? Ttl.relative(value * unit, c.clockMs()) : Ttl.absolute(value * unit);
    if (ttl == null) {
      throw new CommandError(Errors.expireTime(a.name()));
    }
    String key = a.key(1);
    Keyspace.Entry e = db.get(key);
    if (e == null) {
      return Reply.bool(false);
    }
    boolean has = e.volatileKey();
    if ((nx && has) || (xx && !has) || (gt && (!has || ttl.expireAt() <= e.expireAt()))
        || (lt && has && ttl.expireAt() >= e.expireAt())) {
      return Reply.bool(false);
    }
    boolean now = relative ? value * unit <= 0 : ttl.expireAt() <= c.clockMs();
    if (now) {
      db.remove(key);
    } else {
      db.expire(key, ttl.expireAt(), ttl.provisional());
    }
    return Reply.bool(true);
  }

  private static Reply persist(Keyspace.Db db, Args a, ApplyContext c) {
    Keyspace.Entry e = db.get(a.key(1));
    if (e == null || !e.volatileKey()) {
      return Reply.bool(false);
    }
    db.expire(a.key(1), Keyspace.NO_EXPIRY, false);
    return Reply.bool(true);
  }

  private static Reply ttl(Keyspace.Db db, Args a, ApplyContext c, long unit, boolean left) {
    Keyspace.Entry e = db.get(a.key(1));
    if (e == null) {
      return new Reply.Int(-2);
    }
    if (!e.volatileKey()) {
      return new Reply.Int(-1);
    }
    if (!left) {
      return new Reply.Int(e.expireAt() / unit);
    }
    long ms = Math.max(0, e.expireAt() - c.clockMs());
    return new Reply.Int(unit == 1 ? ms : (ms + 500) / 1000);
  }
}
