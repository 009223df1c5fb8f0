package omnipaxos.kv.command.keys;

import static omnipaxos.kv.command.KeyPositions.ALL;
import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.NONE;
import static omnipaxos.kv.command.KeyPositions.TWO;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.ElementScan;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;

/** The commands on keys of any type and on whole databases. */
public final class KeyCommands {

  private KeyCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("del", -2, ALL, "Deletes keys; the number deleted.", KeyCommands::del);
    b.write("unlink", -2, ALL, "Deletes keys (as DEL).", KeyCommands::del);
    b.read("exists", -2, ALL, "Counts the keys that exist.", KeyCommands::exists);
    b.read("type", 2, FIRST, "The type of a key's value.", KeyCommands::type);
    b.read("keys", 2, NONE, "The keys matching a pattern.", KeyCommands::keys);
    b.read("scan", -2, NONE, "Iterates the keys (MATCH COUNT TYPE).", KeyCommands::scan);
    b.read("randomkey", 1, NONE, "A random key.", KeyCommands::randomkey);
    b.read("dbsize", 1, NONE, "The number of keys in the database.",
        (db, a, c) -> new Reply.Int(db.size()));
    b.write("rename", 3, TWO, "Renames a key.", (db, a, c) -> rename(db, a, false));
    b.write("renamenx", 3, TWO, "Renames a key if the new name is free.",
        (db, a, c) -> rename(db, a, true));
    b.write("copy", -3, TWO, "Copies a key (DB, REPLACE).", KeyCommands::copy);
    b.write("flushdb", -1, NONE, "Deletes every key of the database.", KeyCommands::flushdb);
    b.write("flushall", -1, NONE, "Deletes every key of every database.",
        KeyCommands::flushall);
    b.write("swapdb", 3, NONE, "Exchanges two databases.", KeyCommands::swapdb);
  }

  private static Reply del(Keyspace.Db db, Args a, ApplyContext c) {
    long n = 0;
    for (int i = 1; i < a.size(); i++) {
      n += db.remove(a.key(i)) ? 1 : 0;
    }
    return new Reply.Int(n);
  }

  private static Reply exists(Keyspace.Db db, Args a, ApplyContext c) {
    long n = 0;
    for (int i = 1; i < a.size(); i++) {
      n += db.get(a.key(i)) != null ? 1 : 0;
    }
    return new Reply.Int(n);
  }

  private static Reply type(Keyspace.Db db, Args a, ApplyContext c) {
    Keyspace.Entry e = db.get(a.key(1));
    return new Reply.Simple(e == null ? "none" : e.value().typeName());
  }

  private static Reply keys(Keyspace.Db db, Args a, ApplyContext c) {
    String pattern = a.key(1);
    List<Reply> out = new ArrayList<>();
    for (String k : db.keys()) {
      if (pattern.equals("*") || Glob.matches(pattern, k)) {
        out.add(Reply.bulk(k));
      }
    }
    return new Reply.Arr(out);
  }

  private static Reply scan(Keyspace.Db db, Args a, ApplyContext c) {
    long cursor = ElementScan.cursor(a, 1);
    String match = null;
    String type = null;
    long count = 10;
    for (int i = 2; i < a.size(); i++) {
      String opt = a.upper(i);
      if (i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      i++;
      switch (opt) {
        case "MATCH" -> match = a.key(i);
        case "TYPE" -> type = a.key(i);
        case "COUNT" -> {
          count = a.integer(i);
          if (count < 1) {
            throw new CommandError(Errors.SYNTAX);
          }
        }
        default -> throw new CommandError(Errors.SYNTAX);
      }
    }
    Keyspace.ScanPage page = cursor < 0 ? new Keyspace.ScanPage(List.of(), 0)
        : db.scan(cursor, (int) Math.min(count, Integer.MAX_VALUE));
    List<Reply> keys = new ArrayList<>();
    for (String k : page.keys()) {
      boolean typeOk = type == null || db.get(k).value().typeName().equalsIgnoreCase(type);
      if (typeOk && (match == null || Glob.matches(match, k))) {
        keys.add(Reply.bulk(k));
      }
    }
    return new Reply.Arr(List.of(Reply.bulk(Long.toString(page.cursor())), new Reply.Arr(keys)));
  }

  private static Reply randomkey(Keyspace.Db db, Args a, ApplyContext c) {
    List<String> keys = db.keys();
    return keys.isEmpty() ? new Reply.Null()
        : Reply.bulk(keys.get(c.random().nextInt(keys.size())));
  }

  private static Reply rename(Keyspace.Db db, Args a, boolean nx) {
    String from = a.key(1);
    String to = a.key(2);
    Keyspace.Entry e = db.get(from);
    if (e == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    if (from.equals(to)) {
      return nx ? Reply.bool(false) : Reply.OK;
    }
    if (nx && db.get(to) != null) {
      return Reply.bool(false);
    }
    db.remove(from);
    db.remove(to);
    db.putEntry(to, e);
    return nx ? Reply.bool(true) : Reply.OK;
  }

  private static Reply copy(Keyspace.Db db, Args a, ApplyContext c) {
    Keyspace.Db target = db;
    boolean replace = false;
    for (int i = 3; i < a.size(); i++) {
      String opt = a.upper(i);
      if (opt.equals("REPLACE")) {
        replace = true;
      } else if (opt.equals("DB") && i + 1 < a.size()) {
        long n = a.integer(++i);
        if (n < 0 || n >= Keyspace.DATABASES) {
          throw new CommandError(Errors.DB_RANGE);
        }
        target = db.keyspace().db((int) n);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    String from = a.key(1);
    String to = a.key(2);
    if (target == db && from.equals(to)) {
      throw new CommandError(Errors.SAME_OBJECT);
    }
    Keyspace.Entry e = db.get(from);
    if (e == null || (!replace && target.get(to) != null)) {
      return Reply.bool(false);
    }
    target.remove(to);
    target.putEntry(to, e.withValue(e.value().copy()));
    return Reply.bool(true);
  }

  private static Reply flushdb(Keyspace.Db db, Args a, ApplyContext c) {
    checkFlushMode(a);
    db.flush();
    return Reply.OK;
  }

  private static Reply flushall(Keyspace.Db db, Args a, ApplyContext c) {
    checkFlushMode(a);
    db.keyspace().flushAll();
    return Reply.OK;
  }

  private static void checkFlushMode(Args a) {
    if (a.size() > 2 || (a.size() == 2 && !a.upper(1).equals("SYNC")
        && !a.upper(1).equals("ASYNC"))) {
      throw new CommandError(Errors.SYNTAX);
    }
  }

  private static Reply swapdb(Keyspace.Db db, Args a, ApplyContext c) {
    long x = a.integer(1, "ERR invalid first DB index");
    long y = a.integer(2, "ERR invalid second DB index");
    if (x < 0 || x >= Keyspace.DATABASES || y < 0 || y >= Keyspace.DATABASES) {
      throw new CommandError(Errors.DB_RANGE);
    }
    db.keyspace().swap((int) x, (int) y);
    return Reply.OK;
  }
}
