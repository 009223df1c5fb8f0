package omnipaxos.kv.command.strings;

import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Ttl;

/** SET with its options, GETEX, SETEX and PSETEX: the commands that set a value or an expiry. */
final class SetCommand {

  private SetCommand() {}

  /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
  static Reply apply(Keyspace.Db db, Args a, ApplyContext c) {
    boolean nx = false;
    boolean xx = false;
    boolean get = false;
    boolean keepTtl = false;
    String unit = null;
    int unitArg = 0;
    for (int i = 3; i < a.size(); i++) {
      String opt = a.upper(i);
      boolean next = i + 1 < a.size();
      if (opt.equals("NX") && !xx) {
        nx = true;
      } else if (opt.equals("XX") && !nx) {
        xx = true;
      } else if (opt.equals("GET")) {
        get = true;
      } else if (opt.equals("KEEPTTL") && unit == null) {
        keepTtl = true;
      } else if (isUnit(opt) && sameUnit(unit, opt) && !keepTtl && next) {
        unit = opt;
        unitArg = ++i;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    Ttl ttl = unit == null ? null : Ttl.of(unit, a.integer(unitArg), "set", c.clockMs());
    String key = a.key(1);
    byte[] old = get ? db.stringBytes(key) : null;
    boolean exists = db.get(key) != null;
    if ((nx && exists) || (xx && !exists)) {
      return get ? Reply.bulkOrNull(old) : new Reply.Null();
    }
    KvValue.Str v = new KvValue.Str(a.bytes(2));
    if (keepTtl) {
      db.putKeepTtl(key, v);
    } else if (ttl != null) {
      db.put(key, v, ttl.expireAt(), ttl.provisional());
    } else {
      db.put(key, v);
    }
    return get ? Reply.bulkOrNull(old) : Reply.OK;
  }

  /** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. */
  static Reply getex(Keyspace.Db db, Args a, ApplyContext c) {
    String unit = null;
    int unitArg = 0;
    boolean persist = false;
    for (int i = 2; i < a.size(); i++) {
      String opt = a.upper(i);
      if (opt.equals("PERSIST") && unit == null) {
        persist = true;
      } else if (isUnit(opt) && sameUnit(unit, opt) && !persist && i + 1 < a.size()) {
        unit = opt;
        unitArg = ++i;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    String key = a.key(1);
    byte[] v = db.stringBytes(key);
    if (v == null) {
      return new Reply.Null();
    }
    Ttl ttl = unit == null ? null : Ttl.of(unit, a.integer(unitArg), "getex", c.clockMs());
    if (ttl != null && ttl.past(c.clockMs())) {
      db.remove(key);
    } else if (ttl != null) {
      db.expire(key, ttl.expireAt(), ttl.provisional());
    } else if (persist && db.get(key).volatileKey()) {
      db.expire(key, Keyspace.NO_EXPIRY, false);
    }
    return new Reply.Bulk(v);
  }

  /** SETEX and PSETEX: key, time in {@code unit}, value. */
  static Reply setex(Keyspace.Db db, Args a, ApplyContext c, String unit) {
    Ttl ttl = Ttl.of(unit, a.integer(2), a.name(), c.clockMs());
    db.put(a.key(1), new KvValue.Str(a.bytes(3)), ttl.expireAt(), ttl.provisional());
    return Reply.OK;
  }

  /** Redis takes an expiry option again (the last one counts), but not a second kind of one. */
  private static boolean sameUnit(String unit, String opt) {
    return unit == null || unit.equals(opt);
  }

  private static boolean isUnit(String opt) {
    return opt.equals("EX") || opt.equals("PX") || opt.equals("EXAT") || opt.equals("PXAT");
  }
}
