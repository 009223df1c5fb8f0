package omnipaxos.kv.command.hash;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.nio.charset.StandardCharsets;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.strings.StringCommands;

/** HINCRBY and HINCRBYFLOAT: counters in hash fields. */
final class HashNumbers {

  private HashNumbers() {}

  static void register(CommandTable.Builder b) {
    b.write("hincrby", 4, FIRST, "Adds an integer to the integer in a field of a hash.",
        HashNumbers::hincrby);
    b.write("hincrbyfloat", 4, FIRST, "Adds a float to the number in a field of a hash.",
        HashNumbers::hincrbyfloat);
  }

  private static Reply hincrby(Keyspace.Db db, Args a, ApplyContext c) {
    long by = a.integer(3);
    KvValue.Hash h = Hashes.getOrNew(db, a.key(1));
    byte[] old = h.get(a.key(2));
    Long current = old == null ? Long.valueOf(0) : Args.parseLong(old);
    if (current == null) {
      throw new CommandError("ERR hash value is not an integer");
    }
    long next;
    try {
      next = Math.addExact(current, by);
    } catch (ArithmeticException e) {
      throw new CommandError(Errors.OVERFLOW);
    }
    h.put(a.key(2), Long.toString(next).getBytes(StandardCharsets.US_ASCII));
    Hashes.save(db, a.key(1), h);
    return new Reply.Int(next);
  }

  private static Reply hincrbyfloat(Keyspace.Db db, Args a, ApplyContext c) {
    double by = a.decimal(3);
    if (Double.isInfinite(by)) {
      throw new CommandError("ERR value is NaN or Infinity");
    }
    KvValue.Hash h = Hashes.getOrNew(db, a.key(1));
    byte[] old = h.get(a.key(2));
    Double current = old == null ? Double.valueOf(0) : Args.parseDouble(old);
    if (current == null) {
      throw new CommandError("ERR hash value is not a float");
    }
    if (Double.isInfinite(current + by)) {
      throw new CommandError(Errors.NAN);
    }
    String text = StringCommands.floatSum(old, a.key(3));
    h.put(a.key(2), text.getBytes(StandardCharsets.US_ASCII));
    Hashes.save(db, a.key(1), h);
    return Reply.bulk(text);
  }
}
