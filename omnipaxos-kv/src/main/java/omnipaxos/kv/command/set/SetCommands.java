package omnipaxos.kv.command.set;

import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.TWO;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.ElementScan;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;

/** The set commands on one set (and SMOVE), and SSCAN. */
public final class SetCommands {

  private SetCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.write("sadd", -3, FIRST, "Adds members to a set; the number added.", SetCommands::sadd);
    b.write("srem", -3, FIRST, "Removes members from a set; the number removed.",
        SetCommands::srem);
    b.write("smove", 4, TWO, "Moves a member from one set to another.", SetCommands::smove);
    b.read("smembers", 2, FIRST, "The members of a set.", SetCommands::smembers);
    b.read("sismember", 3, FIRST, "Whether a value is a member of a set.",
        (db, a, c) -> Reply.bool(contains(Sets.get(db, a.key(1)), a.key(2))));
    b.read("smismember", -3, FIRST, "Whether each value is a member of a set.",
        SetCommands::smismember);
    b.read("scard", 2, FIRST, "The number of members of a set.", SetCommands::scard);
    b.read("sscan", -3, FIRST, "Iterates the members of a set (MATCH COUNT).",
        SetCommands::sscan);
    SetAlgebra.register(b);
    SetRandom.register(b);
  }

  private static Reply sadd(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Set s = Sets.get(db, a.key(1));
    if (s == null) {
      s = new KvValue.Set();
    }
    long added = 0;
    for (int i = 2; i < a.size(); i++) {
      added += s.add(a.key(i)) ? 1 : 0;
    }
    if (added > 0) {
      Sets.save(db, a.key(1), s);
    }
    return new Reply.Int(added);
  }

  private static Reply srem(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Set s = Sets.get(db, a.key(1));
    if (s == null) {
      return new Reply.Int(0);
    }
    long removed = 0;
    for (int i = 2; i < a.size(); i++) {
      removed += s.remove(a.key(i)) ? 1 : 0;
    }
    if (removed > 0) {
      Sets.save(db, a.key(1), s);
    }
    return new Reply.Int(removed);
  }

  private static Reply smove(Keyspace.Db db, Args a, ApplyContext c) {
    if (db.get(a.key(1)) == null) {
      return Reply.bool(false);
    }
    KvValue.Set from = Sets.get(db, a.key(1));
    KvValue.Set to = Sets.get(db, a.key(2));
    String member = a.key(3);
    if (from == to) {
      return Reply.bool(from.contains(member));
    }
    if (!from.remove(member)) {
      return Reply.bool(false);
    }
    Sets.save(db, a.key(1), from);
    if (to == null) {
      to = new KvValue.Set();
    }
    to.add(member);
    Sets.save(db, a.key(2), to);
    return Reply.bool(true);
  }

  private static boolean contains(KvValue.Set s, String member) {
    return s != null && s.contains(member);
  }

  private static Reply smembers(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Set s = Sets.get(db, a.key(1));
    return new Reply.SetReply(s == null ? List.of() : bulks(s.members()));
  }

  private static Reply smismember(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Set s = Sets.get(db, a.key(1));
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      out.add(Reply.bool(contains(s, a.key(i))));
    }
    return new Reply.Arr(out);
  }

  private static Reply scard(Keyspace.Db db, Args a, ApplyContext c) {
    KvValue.Set s = Sets.get(db, a.key(1));
    return new Reply.Int(s == null ? 0 : s.size());
  }

  private static Reply sscan(Keyspace.Db db, Args a, ApplyContext c) {
    long cursor = ElementScan.cursor(a, 2);
    KvValue.Set s = Sets.get(db, a.key(1));
    if (s == null) {
      return ElementScan.reply(0, List.of());
    }
    ElementScan scan = ElementScan.parse(a, cursor);
    ElementScan.Page page = scan.page(s);
    List<Reply> out = new ArrayList<>();
    for (String m : page.elements()) {
      if (scan.matches(m)) {
        out.add(Reply.bulk(m));
      }
    }
    return ElementScan.reply(page.cursor(), out);
  }

  /** The members as bulk replies. */
  static List<Reply> bulks(List<String> members) {
    List<Reply> out = new ArrayList<>(members.size());
    for (String m : members) {
      out.add(Reply.bulk(m));
    }
    return out;
  }
}
