package omnipaxos.kv.command.set;

import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;

/** Typed access to the set at a key. */
final class Sets {

  private Sets() {}

  /** The set at {@code key}, or null; {@link Errors#WRONGTYPE} for another type. */
  static KvValue.Set get(Keyspace.Db db, String key) {
    Keyspace.Entry e = db.get(key);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof KvValue.Set s) {
      return s;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** Stores a changed set, keeping the key's expiry; deletes the key if the set is empty. */
  static void save(Keyspace.Db db, String key, KvValue.Set s) {
    if (s.size() == 0) {
      db.remove(key);
    } else {
      db.putKeepTtl(key, s);
    }
  }
}
