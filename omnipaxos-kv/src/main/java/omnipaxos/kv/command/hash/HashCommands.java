package omnipaxos.kv.command.hash;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.ElementScan;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;

/** The hash commands that set, read and delete fields, and HSCAN. */
public final class HashCommands {

  private HashCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("hset", -4, FIRST, "Sets fields of a hash; the number of new fields.",
        (db, a, c) -> new Reply.Int(hset(db, a)));
    b.write("hmset", -4, FIRST, "Sets fields of a hash (as HSET, answers OK).",
        (db, a, c) -> {
          hset(db, a);
          return Reply.OK;
        });
    b.write("hsetnx", 4, FIRST, "Sets a field of a hash if it does not exist.",
        HashCommands::hsetnx);
    b.write("hdel", -3, FIRST, "Deletes fields of a hash; the number deleted.",
        HashCommands::hdel);
    b.read("hget", 3, FIRST, "The value of a field of a hash.",
        (db, a, c) -> Reply.bulkOrNull(field(db, a.key(1), a.key(2))));
    b.read("hmget", -3, FIRST, "The values of fields of a hash.", HashCommands::hmget);
    b.read("hexists", 3, FIRST, "Whether a field of a hash exists.",
        (db, a, c) -> Reply.bool(field(db, a.key(1), a.key(2)) != null));
    b.read("hstrlen", 3, FIRST, "The length of the value of a field of a hash.",
        HashCommands::hstrlen);
    b.read("hlen", 2, FIRST, "The number of fields of a hash.", HashCommands::hlen);
    b.read("hkeys", 2, FIRST, "The fields of a hash.", (db, a, c) -> all(db, a, true, false));
    b.read("hvals", 2, FIRST, "The values of a hash.", (db, a, c) -> all(db, a, false, true));
    b.read("hgetall", 2, FIRST, "The fields and values of a hash.",
        (db, a, c) -> all(db, a, true, true));
    b.read("hscan", -3, FIRST, "Iterates the fields and values of a hash (MATCH COUNT).",
        HashCommands::hscan);
    HashNumbers.register(b);
    HashRandom.register(b);
  }

  private static long hset(Keyspace.Db db, Args a) {
    if (a.size() % 2 == 1) {
      throw new CommandError(Errors.arity(a.name()));
    }
    KvValue.Hash h = Hashes.getOrNew(db, a.key(1));
    long added = 0;
    for (int i = 2; i < a.size(); i += 2) {
      added += h.put(a.key(i), a.bytes(i + 1)) ? 1 : 0;
    }
    Hashes.save(db, a.key(1), h);
    return added;
  }

  private static Reply hsetnx(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Hash h = Hashes.getOrNew(db, a.key(1));
    if (h.get(a.key(2)) != null) {
      return Reply.bool(false);
    }
    h.put(a.key(2), a.bytes(3));
    Hashes.save(db, a.key(1), h);
    return Reply.bool(true);
  }

  private static Reply hdel(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Hash h = Hashes.get(db, a.key(1));
    if (h == null) {
      return new Reply.Int(0);
    }
    long removed = 0;
    for (int i = 2; i < a.size(); i++) {
      removed += h.remove(a.key(i)) ? 1 : 0;
    }
    if (removed > 0) {
      Hashes.save(db, a.key(1), h);
    }
    return new Reply.Int(removed);
  }

  private static byte[] field(Keyspace.Db db, String key, String field) {
    KvValue.Hash h = Hashes.get(db, key);
    return h == null ? null : h.get(field);
  }

  private static Reply hmget(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Hash h = Hashes.get(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      out.add(Reply.bulkOrNull(h == null ? null : h.get(a.key(i))));
    }
    return new Reply.Arr(out);
  }

  private static Reply hstrlen(Keyspace.Db db, Args a, ApplyContext c) {
    byte[] v = field(db, a.key(1), a.key(2));
    return new Reply.Int(v == null ? 0 : v.length);
  }

  private static Reply hlen(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Hash h = Hashes.get(db, a.key(1));
    return new Reply.Int(h == null ? 0 : h.size());
  }

  /** HKEYS, HVALS, HGETALL (a map). */
  private static Reply all(Keyspace.Db db, Args a, boolean fields, boolean values) {
    KvValue.Hash h = Hashes.get(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    if (h != null) {
      for (Map.Entry<String, byte[]> e : h.fields().entrySet()) {
        if (fields) {
          out.add(Reply.bulk(e.getKey()));
        }
        if (values) {
          out.add(new Reply.Bulk(e.getValue()));
        }
      }
    }
    return fields && values ? new Reply.MapReply(out) : new Reply.Arr(out);
  }

  private static Reply hscan(Keyspace.Db db, Args a, ApplyContext c) {
    long cursor = ElementScan.cursor(a, 2);
    KvValue.Hash h = Hashes.get(db, a.key(1));
    if (h == null) {
      return ElementScan.reply(0, List.of());
    }
    ElementScan scan = ElementScan.parse(a, cursor);
    ElementScan.Page page = scan.page(h);
    List<Reply> out = new ArrayList<>();
    for (String f : page.elements()) {
      if (scan.matches(f)) {
        out.add(Reply.bulk(f));
        out.add(new Reply.Bulk(h.get(f)));
      }
    }
    return ElementScan.reply(page.cursor(), out);
  }
}
