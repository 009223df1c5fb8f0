package omnipaxos.kv.command.set;

import static omnipaxos.kv.command.KeyPositions.ALL;
import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;

/**
 * Intersection, union and difference of sets (SINTER SUNION SDIFF, their STORE forms and
 * SINTERCARD). As in Redis, an intersection lists the members of the smallest set in its order,
 * while a union or difference is collected in a new set (an intset when it can be) and listed in
 * that set's order; a STORE form replaces the destination, whatever its type, or deletes it when
 * the result is empty.
 */
final class SetAlgebra {

  private SetAlgebra() {}

  static void register(CommandTable.Builder b) {
    b.read("sinter", -2, ALL, "The intersection of sets.",
        (db, a, c) -> reply(inter(db, a.keysFrom(1), 0)));
    b.read("sunion", -2, ALL, "The union of sets.",
        (db, a, c) -> reply(unionOrDiff(db, a.keysFrom(1), false)));
    b.read("sdiff", -2, ALL, "The members of the first set not in the others.",
        (db, a, c) -> reply(unionOrDiff(db, a.keysFrom(1), true)));
    b.write("sinterstore", -3, ALL, "Stores the intersection of sets; its size.",
        (db, a, c) -> store(db, a, inter(db, a.keysFrom(2), 0)));
    b.write("sunionstore", -3, ALL, "Stores the union of sets; its size.",
        (db, a, c) -> store(db, a, unionOrDiff(db, a.keysFrom(2), false)));
    b.write("sdiffstore", -3, ALL, "Stores the difference of sets; its size.",
        (db, a, c) -> store(db, a, unionOrDiff(db, a.keysFrom(2), true)));
    b.read("sintercard", -3, NONE, "The size of the intersection of sets (LIMIT).",
        SetAlgebra::sintercard);
  }

  /** The sets at the keys, null for a missing key; {@link Errors#WRONGTYPE} if one is not. */
  private static List<KvValue.Set> sets(Keyspace.Db db, List<String> keys) {
    List<KvValue.Set> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(Sets.get(db, k));
    }
    return out;
  }

  /** The members in every set, in the order of the smallest; at most {@code limit} (0: all). */
  private static List<String> inter(Keyspace.Db db, List<String> keys, long limit) {
    List<KvValue.Set> sets = sets(db, keys);
    List<String> out = new ArrayList<>();
    if (sets.contains(null)) {
      return out;
    }
    sets.sort(Comparator.comparingInt(KvValue.Set::size));
    for (String m : sets.get(0).members()) {
      boolean everywhere = true;
      for (int j = 1; j < sets.size() && everywhere; j++) {
        everywhere = sets.get(j).contains(m);
      }
      if (everywhere) {
        out.add(m);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  private static List<String> unionOrDiff(Keyspace.Db db, List<String> keys, boolean diff) {
    List<KvValue.Set> sets = sets(db, keys);
    KvValue.Set result = new KvValue.Set();
    if (diff) {
      if (sets.get(0) != null) {
        for (String m : sets.get(0).members()) {
          if (sets.subList(1, sets.size()).stream().noneMatch(s -> s != null && s.contains(m))) {
            result.add(m);
          }
        }
      }
    } else {
      for (KvValue.Set s : sets) {
        if (s != null) {
          s.members().forEach(result::add);
        }
      }
    }
    return result.members();
  }

  private static Reply reply(List<String> members) {
    return new Reply.SetReply(SetCommands.bulks(members));
  }

  private static Reply store(Keyspace.Db db, Args a, List<String> members) {
    KvValue.Set s = new KvValue.Set();
    members.forEach(s::add);
    db.remove(a.key(1));
    if (s.size() > 0) {
      db.put(a.key(1), s);
    }
    return new Reply.Int(s.size());
  }

  private static Reply sintercard(Keyspace.Db db, Args a, ApplyContext c) {
    long n = a.integer(1, "ERR numkeys should be greater than 0");
    if (n <= 0) {
      throw new CommandError("ERR numkeys should be greater than 0");
    }
    if (n > a.size() - 2) {
      throw new CommandError("ERR Number of keys can't be greater than number of args");
    }
    long limit = 0;
    for (int i = 2 + (int) n; i < a.size(); i += 2) {
      if (!a.upper(i).equals("LIMIT") || i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      Long l = Args.parseLong(a.bytes(i + 1));
      if (l == null || l < 0) {
        throw new CommandError("ERR LIMIT can't be negative");
      }
      limit = l;
    }
    return new Reply.Int(inter(db, a.keysFrom(2).subList(0, (int) n), limit).size());
  }
}
