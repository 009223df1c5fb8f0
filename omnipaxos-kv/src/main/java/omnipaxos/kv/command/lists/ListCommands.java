package omnipaxos.kv.command.lists;

import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.TWO;

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

/** The list commands at the ends of a list and by index; the others in {@link ListEdits}. */
public final class ListCommands {

  private static final String BLOCKING = "Blocking: not supported, answers an error at once.";

  private ListCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("lpush", -3, FIRST, "Prepends elements to a list.",
        (db, a, c) -> push(db, a, true, false));
    b.write("rpush", -3, FIRST, "Appends elements to a list.",
        (db, a, c) -> push(db, a, false, false));
    b.write("lpushx", -3, FIRST, "Prepends elements to an existing list.",
        (db, a, c) -> push(db, a, true, true));
    b.write("rpushx", -3, FIRST, "Appends elements to an existing list.",
        (db, a, c) -> push(db, a, false, true));
    b.write("lpop", -2, FIRST, "Removes and returns the first elements (count).",
        (db, a, c) -> pop(db, a, true));
    b.write("rpop", -2, FIRST, "Removes and returns the last elements (count).",
        (db, a, c) -> pop(db, a, false));
    b.read("llen", 2, FIRST, "The length of a list.", ListCommands::llen);
    b.read("lindex", 3, FIRST, "The element at an index.", ListCommands::lindex);
    b.read("lrange", 4, FIRST, "The elements between two indices.", ListCommands::lrange);
    b.write("lset", 4, FIRST, "Replaces the element at an index.", ListCommands::lset);
    b.write("ltrim", 4, FIRST, "Keeps only the elements between two indices.",
        ListCommands::ltrim);
    ListEdits.register(b);
    blocking(b, "blpop", -3, new KeyPositions(1, -2, 1));
    blocking(b, "brpop", -3, new KeyPositions(1, -2, 1));
    blocking(b, "blmove", 6, TWO);
    blocking(b, "brpoplpush", 4, TWO);
    blocking(b, "blmpop", -5, KeyPositions.NONE);
  }

  /** Registers a blocking command that answers {@link Errors#unsupported} without waiting. */
  static void blocking(CommandTable.Builder b, String name, int arity, KeyPositions keys) {
    b.local(name, arity, EnumSet.of(Flag.UNSUPPORTED), keys, BLOCKING,
        (s, a) -> new Reply.Error(Errors.unsupported(a.name())));
  }

  /** The list at {@code key}, or null; {@link Errors#WRONGTYPE} for another type. */
  static Elements list(Keyspace.Db db, String key) {
    KvValue.ListValue v = db.value(key, KvValue.ListValue.class);
    return v == null ? null : v.elements();
  }

  /** Records a change of the list at {@code key}: deletes the key if the list is now empty. */
  static void changed(Keyspace.Db db, String key, Elements list) {
    if (list.size() == 0) {
      db.remove(key);
    } else {
      db.putKeepTtl(key, db.get(key).value());
    }
  }

  /** The list at {@code key}, created empty (not yet stored) if absent. */
  static Elements listOrNew(Keyspace.Db db, String key) {
    Elements list = list(db, key);
    if (list == null) {
      list = new Elements();
      db.put(key, new KvValue.ListValue(list));
    }
    return list;
  }

  private static Reply push(Keyspace.Db db, Args a, boolean left, boolean existing) {
    String key = a.key(1);
    Elements list = existing ? list(db, key) : listOrNew(db, key);
    if (list == null) {
      return new Reply.Int(0);
    }
    for (int i = 2; i < a.size(); i++) {
      if (left) {
        list.addFirst(a.bytes(i));
      } else {
        list.addLast(a.bytes(i));
      }
    }
    changed(db, key, list);
    return new Reply.Int(list.size());
  }

  private static Reply pop(Keyspace.Db db, Args a, boolean left) {
    if (a.size() > 3) {
      throw new CommandError(Errors.arity(a.name()));
    }
    long count = 1;
    if (a.size() == 3) {
      Long n = Args.parseLong(a.bytes(2));
      if (n == null || n < 0) {
        throw new CommandError(Errors.NOT_POSITIVE);
      }
      count = n;
    }
    String key = a.key(1);
    Elements list = list(db, key);
    if (list == null) {
      return a.size() == 3 ? new Reply.NullArray() : new Reply.Null();
    }
    if (a.size() == 2) {
      byte[] v = left ? list.removeFirst() : list.removeLast();
      changed(db, key, list);
      return new Reply.Bulk(v);
    }
    List<Reply> out = new ArrayList<>();
    for (long i = 0; i < count && list.size() > 0; i++) {
      out.add(new Reply.Bulk(left ? list.removeFirst() : list.removeLast()));
    }
    if (!out.isEmpty()) {
      changed(db, key, list);
    }
    return new Reply.Arr(out);
  }

  private static Reply llen(Keyspace.Db db, Args a, ApplyContext c) {
    Elements list = list(db, a.key(1));
    return new Reply.Int(list == null ? 0 : list.size());
  }

  private static Reply lindex(Keyspace.Db db, Args a, ApplyContext c) {
    Elements list = list(db, a.key(1));
    if (list == null) {
      return new Reply.Null();
    }
    long i = a.integer(2);
    i = i < 0 ? i + list.size() : i;
    return i < 0 || i >= list.size() ? new Reply.Null() : new Reply.Bulk(list.get((int) i));
  }

  private static Reply lset(Keyspace.Db db, Args a, ApplyContext c) {
    Elements list = list(db, a.key(1));
    if (list == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    long i = a.integer(2);
    i = i < 0 ? i + list.size() : i;
    if (i < 0 || i >= list.size()) {
      throw new CommandError("ERR index out of range");
    }
    list.set((int) i, a.bytes(3));
    changed(db, a.key(1), list);
    return Reply.OK;
  }

  private static Reply lrange(Keyspace.Db db, Args a, ApplyContext c) {
    long start = a.integer(2);
    long stop = a.integer(3);
    Elements list = list(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    int[] range = list == null ? null : range(start, stop, list.size());
    if (range != null) {
      for (int i = range[0]; i <= range[1]; i++) {
        out.add(new Reply.Bulk(list.get(i)));
      }
    }
    return new Reply.Arr(out);
  }

  private static Reply ltrim(Keyspace.Db db, Args a, ApplyContext c) {
    long start = a.integer(2);
    long stop = a.integer(3);
    String key = a.key(1);
    Elements list = list(db, key);
    if (list == null) {
      return Reply.OK;
    }
    int[] range = range(start, stop, list.size());
    if (range == null) {
      db.remove(key);
    } else {
      list.keep(range[0], range[1]);
      changed(db, key, list);
    }
    return Reply.OK;
  }

  /**
   * Redis's index range: negative indices count from the end, both ends clamped; the first and
   * last index, or null if the range is empty (also the sorted sets' rank ranges).
   */
  public static int[] range(long start, long stop, int size) {
    long from = start < 0 ? Math.max(0, start + size) : start;
    long to = stop < 0 ? stop + size : Math.min(stop, size - 1L);
    if (from > to || from >= size) {
      return null;
    }
    return new int[] {(int) from, (int) to};
  }
}
