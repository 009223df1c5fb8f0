package omnipaxos.kv.command.hash;

import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;

/** Typed access to the hash at a key. */
final class Hashes {

  private Hashes() {}

  /** The hash at {@code key}, or null; {@link Errors#WRONGTYPE} for another type. */
  static KvValue.Hash get(Keyspace.Db db, String key) {
    Keyspace.Entry e = db.get(key);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof KvValue.Hash h) {
      return h;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** The hash at {@code key}, or a new empty one (not stored yet). */
  static KvValue.Hash getOrNew(Keyspace.Db db, String key) {
    KvValue.Hash h = get(db, key);
    return h == null ? new KvValue.Hash(true) : h;
  }

  /** Stores a changed hash, keeping the key's expiry; deletes the key if the hash is empty. */
  static void save(Keyspace.Db db, String key, KvValue.Hash h) {
    if (h.size() == 0) {
      db.remove(key);
    } else {
      db.putKeepTtl(key, h);
    }
  }
}
