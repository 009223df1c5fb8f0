package omnipaxos.kv.command.hash;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.RandomPicks;
import omnipaxos.kv.command.Reply;

/** HRANDFIELD: fields picked with the log position's generator, the same on every replica. */
final class HashRandom {

  private HashRandom() {}

  static void register(CommandTable.Builder b) {
    b.read("hrandfield", -2, FIRST, "Random fields of a hash (count, WITHVALUES); picks derive"
        + " from the log position.", HashRandom::hrandfield);
  }

  private static Reply hrandfield(Keyspace.Db db, Args a, ApplyContext c) {
    if (a.size() == 2) {
      KvValue.Hash h = Hashes.get(db, a.key(1));
      if (h == null) {
        return new Reply.Null();
      }
      int[] pick = RandomPicks.withRepeats(c.random(), h.size(), 1);
      return Reply.bulk(new ArrayList<>(h.fields().keySet()).get(pick[0]));
    }
    long count = RandomPicks.count(a, 2);
    boolean withValues = a.size() == 4 && a.upper(3).equals("WITHVALUES");
    if (a.size() > 4 || (a.size() == 4 && !withValues)) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw new CommandError("ERR value is out of range");
    }
    KvValue.Hash h = Hashes.get(db, a.key(1));
    if (h == null || count == 0) {
      return new Reply.Arr(List.of());
    }
    List<Map.Entry<String, byte[]>> fields = new ArrayList<>(h.fields().entrySet());
    List<Map.Entry<String, byte[]>> picked = new ArrayList<>();
    if (count < 0) {
      for (int i : RandomPicks.withRepeats(c.random(), fields.size(), -count)) {
        picked.add(fields.get(i));
      }
    } else if (count >= fields.size()) {
      picked = fields;
    } else {
      for (int i : RandomPicks.distinct(c.random(), fields.size(), (int) count)) {
        picked.add(fields.get(i));
      }
    }
    List<Reply> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : picked) {
      out.add(Reply.bulk(e.getKey()));
      if (withValues) {
        out.add(new Reply.Bulk(e.getValue()));
      }
    }
    return withValues ? new Reply.Pairs(out) : new Reply.Arr(out);
  }
}
