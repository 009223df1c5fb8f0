package omnipaxos.kv.command.strings;

import static omnipaxos.kv.command.KeyPositions.ALL;
import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.PAIRS;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.LongDouble;
import omnipaxos.kv.command.Reply;

/** The string commands (GET, SET and their relatives, counters, ranges) and CAS. */
public final class StringCommands {

  /** The largest string, as Redis's default proto-max-bulk-len. */
  static final long MAX_LENGTH = 512L * 1024 * 1024;

  private StringCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.read("get", 2, FIRST, "Returns the string value of a key.", StringCommands::get);
    b.read("mget", -2, ALL, "Returns the string values of one or more keys.",
        StringCommands::mget);
    b.read("strlen", 2, FIRST, "Returns the length of a string value.", StringCommands::strlen);
    b.read("getrange", 4, FIRST, "Returns a substring of the string stored at a key.",
        StringCommands::getrange);
    b.write("set", -3, FIRST, "Sets the string value of a key, with options (NX XX GET EX PX"
        + " EXAT PXAT KEEPTTL).", SetCommand::apply);
    b.write("getex", -2, FIRST, "Returns the value of a key after changing its expiry.",
        SetCommand::getex);
    b.write("setnx", 3, FIRST, "Sets a key only if it does not exist.", StringCommands::setnx);
    b.write("setex", 4, FIRST, "Sets a key with an expiry in seconds.",
        (db, a, c) -> SetCommand.setex(db, a, c, "EX"));
    b.write("psetex", 4, FIRST, "Sets a key with an expiry in milliseconds.",
        (db, a, c) -> SetCommand.setex(db, a, c, "PX"));
    b.write("getset", 3, FIRST, "Sets a key and returns its old value.", StringCommands::getset);
    b.write("getdel", 2, FIRST, "Returns the value of a key and deletes it.",
        StringCommands::getdel);
    b.write("mset", -3, PAIRS, "Sets several keys.", StringCommands::mset);
    b.write("msetnx", -3, PAIRS, "Sets several keys only if none of them exists.",
        StringCommands::msetnx);
    b.write("append", 3, FIRST, "Appends to the string at a key.", StringCommands::append);
    b.write("setrange", 4, FIRST, "Overwrites part of a string at an offset.",
        StringCommands::setrange);
    b.write("incr", 2, FIRST, "Adds 1 to the integer at a key.", (db, a, c) -> incr(db, a, 1));
    b.write("decr", 2, FIRST, "Subtracts 1 from the integer at a key.",
        (db, a, c) -> incr(db, a, -1));
    b.write("incrby", 3, FIRST, "Adds an integer to the integer at a key.",
        (db, a, c) -> incr(db, a, a.integer(2)));
    b.write("decrby", 3, FIRST, "Subtracts an integer from the integer at a key.",
        StringCommands::decrby);
    b.write("incrbyfloat", 3, FIRST, "Adds a float to the number at a key.",
        StringCommands::incrbyfloat);
    b.write("cas", 4, FIRST, "Ours: sets a key to a new value if it holds the expected one;"
        + " 1 if it did.", StringCommands::cas);
  }

  private static Reply get(Keyspace.Db db, Args a, ApplyContext c) {
    return Reply.bulkOrNull(db.stringBytes(a.key(1)));
  }

  private static Reply mget(Keyspace.Db db, Args a, ApplyContext c) {
    List<Reply> out = new ArrayList<>();
    for (int i = 1; i < a.size(); i++) {
      Keyspace.Entry e = db.get(a.key(i));
      out.add(e != null && e.value() instanceof KvValue.Str s ? new Reply.Bulk(s.bytes())
          : new Reply.Null());
    }
    return new Reply.Arr(out);
  }

  private static Reply strlen(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Str s = db.string(a.key(1));
    return new Reply.Int(s == null ? 0 : s.length());
  }

  private static Reply getrange(Keyspace.Db db, Args a, ApplyContext c) {
    long start = a.integer(2);
    long end = a.integer(3);
    byte[] v = db.stringBytes(a.key(1));
    long len = v == null ? 0 : v.length;
    if (start < 0 && end < 0 && start > end) {
      return Reply.bulk("");
    }
    start = Math.max(0, start < 0 ? len + start : start);
    end = Math.max(0, end < 0 ? len + end : end);
    end = Math.min(end, len - 1);
    if (len == 0 || start > end) {
      return Reply.bulk("");
    }
    return new Reply.Bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
  }

  private static Reply setnx(Keyspace.Db db, Args a, ApplyContext c) {
    if (db.get(a.key(1)) != null) {
      return Reply.bool(false);
    }
    db.put(a.key(1), new KvValue.Str(a.bytes(2)));
    return Reply.bool(true);
  }

  private static Reply getset(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] old = db.stringBytes(a.key(1));
    db.put(a.key(1), new KvValue.Str(a.bytes(2)));
    return Reply.bulkOrNull(old);
  }

  private static Reply getdel(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] old = db.stringBytes(a.key(1));
    if (old != null) {
      db.remove(a.key(1));
    }
    return Reply.bulkOrNull(old);
  }

  private static Reply mset(Keyspace.Db db, Args a, ApplyContext c) {
    if (a.size() % 2 == 0) {
      throw new CommandError(Errors.arity(a.name()));
    }
    for (int i = 1; i < a.size(); i += 2) {
      db.put(a.key(i), new KvValue.Str(a.bytes(i + 1)));
    }
    return Reply.OK;
  }

  private static Reply msetnx(Keyspace.Db db, Args a, ApplyContext c) {
    if (a.size() % 2 == 0) {
      throw new CommandError(Errors.arity(a.name()));
    }
    for (int i = 1; i < a.size(); i += 2) {
      if (db.get(a.key(i)) != null) {
        return Reply.bool(false);
      }
    }
    mset(db, a, c);
    return Reply.bool(true);
  }

  private static Reply append(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] old = db.stringBytes(a.key(1));
    byte[] add = a.bytes(2);
    if (old == null) {
      db.put(a.key(1), new KvValue.Str(add));
      return new Reply.Int(add.length);
    }
    if ((long) old.length + add.length > MAX_LENGTH) {
      throw new CommandError(Errors.TOO_BIG);
    }
    byte[] v = Arrays.copyOf(old, old.length + add.length);
    System.arraycopy(add, 0, v, old.length, add.length);
    db.putKeepTtl(a.key(1), new KvValue.Str(v));
    return new Reply.Int(v.length);
  }

  private static Reply setrange(Keyspace.Db db, Args a, ApplyContext c) {
    long offset = a.integer(2);
    if (offset < 0) {
      throw new CommandError(Errors.OFFSET_RANGE);
    }
    byte[] old = db.stringBytes(a.key(1));
    byte[] part = a.bytes(3);
    if (part.length == 0) {
      return new Reply.Int(old == null ? 0 : old.length);
    }
    if (offset > MAX_LENGTH - part.length) {
      throw new CommandError(Errors.TOO_BIG);
    }
    int len = (int) Math.max(old == null ? 0 : old.length, offset + part.length);
    byte[] v = old == null ? new byte[len] : Arrays.copyOf(old, len);
    System.arraycopy(part, 0, v, (int) offset, part.length);
    db.putKeepTtl(a.key(1), new KvValue.Str(v));
    return new Reply.Int(v.length);
  }

  private static Reply decrby(Keyspace.Db db, Args a, ApplyContext c) {
    long d = a.integer(2);
    if (d == Long.MIN_VALUE) {
      throw new CommandError("ERR decrement would overflow");
    }
    return incr(db, a, -d);
  }

  /** INCR, DECR, INCRBY, DECRBY: adds {@code delta}, keeping the key's expiry. */
  private static Reply incr(Keyspace.Db db, Args a, long delta) {
    byte[] old = db.stringBytes(a.key(1));
    Long current = old == null ? Long.valueOf(0) : Args.parseLong(old);
    if (current == null) {
      throw new CommandError(Errors.NOT_INTEGER);
    }
    long next;
    try {
      next = Math.addExact(current, delta);
    } catch (ArithmeticException e) {
      throw new CommandError(Errors.OVERFLOW);
    }
    db.putKeepTtl(a.key(1), new KvValue.Str(ascii(Long.toString(next))));
    return new Reply.Int(next);
  }

  /** INCRBYFLOAT: in long doubles, as Redis adds (see {@link LongDouble}). */
  private static Reply incrbyfloat(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] old = db.stringBytes(a.key(1));
    BigDecimal current = old == null ? BigDecimal.ZERO : LongDouble.parse(old);
    BigDecimal by = LongDouble.parse(a.bytes(2));
    BigDecimal sum = current == null || by == null ? null : LongDouble.round(current.add(by));
    if (sum == null) {
      throw new CommandError(Errors.NAN);
    }
    String text = LongDouble.format(sum);
    db.putKeepTtl(a.key(1), new KvValue.Str(ascii(text)));
    return Reply.bulk(text);
  }

  private static Reply cas(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] old = db.stringBytes(a.key(1));
    if (old == null || !Arrays.equals(old, a.bytes(2))) {
      return Reply.bool(false);
    }
    db.put(a.key(1), new KvValue.Str(a.bytes(3)));
    return Reply.bool(true);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
