package omnipaxos.kv.command.set;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.RandomPicks;
import omnipaxos.kv.command.Reply;

/** SPOP and SRANDMEMBER: members picked with the log position's generator, alike everywhere. */
final class SetRandom {

  private SetRandom() {}

  static void register(CommandTable.Builder b) {
    b.write("spop", -2, FIRST, "Removes and returns random members of a set (count); picks"
        + " derive from the log position.", SetRandom::spop);
    b.read("srandmember", -2, FIRST, "Random members of a set (count); picks derive from the"
        + " log position.", SetRandom::srandmember);
  }

  private static Reply spop(Keyspace.Db db, Args a, ApplyContext c) {
    if (a.size() > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (a.size() == 2) {
      KvValue.Set s = Sets.get(db, a.key(1));
      if (s == null) {
        return new Reply.Null();
      }
      String m = pick(s, c);
      s.remove(m);
      Sets.save(db, a.key(1), s);
      return Reply.bulk(m);
    }
    Long count = Args.parseLong(a.bytes(2));
    if (count == null || count < 0) {
      throw new CommandError("ERR value is out of range, must be positive");
    }
    KvValue.Set s = Sets.get(db, a.key(1));
    if (s == null || count == 0) {
      return new Reply.SetReply(List.of());
    }
    List<String> members = s.members();
    List<String> popped = new ArrayList<>();
    if (count >= members.size()) {
      popped = members;
    } else {
      for (int i : RandomPicks.distinct(c.random(), members.size(), count.intValue())) {
        popped.add(members.get(i));
      }
    }
    popped.forEach(s::remove);
    Sets.save(db, a.key(1), s);
    return new Reply.SetReply(SetCommands.bulks(popped));
  }

  private static String pick(KvValue.Set s, ApplyContext c) {
    List<String> members = s.members();
    return members.get(RandomPicks.withRepeats(c.random(), members.size(), 1)[0]);
  }

  private static Reply srandmember(Keyspace.Db db, Args a, ApplyContext c) {
    if (a.size() > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (a.size() == 2) {
      KvValue.Set s = Sets.get(db, a.key(1));
      return s == null ? new Reply.Null() : Reply.bulk(pick(s, c));
    }
    long count = RandomPicks.count(a, 2);
    KvValue.Set s = Sets.get(db, a.key(1));
    if (s == null || count == 0) {
      return new Reply.Arr(List.of());
    }
    List<String> members = s.members();
    List<String> out = new ArrayList<>();
    if (count < 0) {
      for (int i : RandomPicks.withRepeats(c.random(), members.size(), -count)) {
        out.add(members.get(i));
      }
    } else if (count >= members.size()) {
      out = members;
    } else {
      for (int i : RandomPicks.distinct(c.random(), members.size(), (int) count)) {
        out.add(members.get(i));
      }
    }
    return new Reply.Arr(SetCommands.bulks(out));
  }
}
