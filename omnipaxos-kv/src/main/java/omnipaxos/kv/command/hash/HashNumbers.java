package omnipaxos.kv.command.hash;

import static omnipaxos.kv.command.KeyPositions.FIRST;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.LongDouble;
import omnipaxos.kv.command.Reply;

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

  /** HINCRBYFLOAT: in long doubles, as Redis adds (see {@link LongDouble}). */
  private static Reply hincrbyfloat(Keyspace.Db db, Args a, ApplyContext c) {
    BigDecimal by = LongDouble.parse(a.bytes(3));
    if (by == null) {
      throw new CommandError("ERR value is NaN or Infinity");
    }
    KvValue.Hash h = Hashes.getOrNew(db, a.key(1));
    byte[] old = h.get(a.key(2));
    BigDecimal current = BigDecimal.ZERO;
    if (old != null) {
      try {
        current = LongDouble.parse(old);
      } catch (CommandError e) {
        throw new CommandError("ERR hash value is not a float");
      }
    }
    BigDecimal sum = current == null ? null : LongDouble.round(current.add(by));
    if (sum == null) {
      throw new CommandError(Errors.NAN);
    }
    String text = LongDouble.format(sum);
    h.put(a.key(2), text.getBytes(StandardCharsets.US_ASCII));
    Hashes.save(db, a.key(1), h);
    return Reply.bulk(text);
  }
}
