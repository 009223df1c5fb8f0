package omnipaxos.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.ReplicatedCommand;
import omnipaxos.kv.command.ServerAddresses;
import omnipaxos.kv.command.Reply;

/**
 * The key-value state machine: applies log entries in order to a {@link Keyspace}, dispatching
 * through the {@link CommandTable}. Deterministic: the same entries from the same state give the
 * same state and replies on every node. Not thread-safe.
 */
public final class KvState {

  private final CommandTable table = CommandTable.standard();
  private final Keyspace keyspace;

  public KvState() {
    this.keyspace = new Keyspace();
  }

  /** A state holding a copy of {@code snapshot}. */
  public KvState(KvSnapshot snapshot) {
    this.keyspace = snapshot.keyspace();
  }

  /** Applies the next log entry and returns its reply. */
  public Reply apply(KvEntry entry) {
    Reply r;
    if (entry instanceof KvEntry.Clock c) {
      keyspace.tick(c.timeMs());
      r = Reply.OK;
    } else if (entry instanceof KvEntry.Txn t) {
      r = transaction(t);
    } else if (entry instanceof KvEntry.Announce a) {
      keyspace.announce(a.pid(), a.addresses());
      r = Reply.OK;
    } else if (entry instanceof KvEntry.Forget f) {
      keyspace.forget(f.pid());
      r = Reply.OK;
    } else if (entry instanceof KvEntry.Fence) {
      r = Reply.OK;
    } else {
      r = invoke((KvEntry.Invoke) entry, false);
    }
    keyspace.advance();
    return r;
  }

  /** A transaction's replies, or a null array if a watched key changed. */
  private Reply transaction(KvEntry.Txn t) {
    for (KvEntry.Watch w : t.watches()) {
      if (w.db() < 0 || w.db() >= Keyspace.DATABASES
          || !keyspace.db(w.db()).unchanged(w.key(), w.version())) {
        return new Reply.NullArray();
      }
    }
    List<Reply> replies = new ArrayList<>(t.commands().size());
    for (KvEntry.Invoke i : t.commands()) {
      replies.add(invoke(i, false));
    }
    return new Reply.Arr(replies);
  }

  /** What WATCH records for each key, at the applied position. */
  public List<KvEntry.Watch> watch(int db, List<String> keys) {
    List<KvEntry.Watch> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(new KvEntry.Watch(db, k, keyspace.db(db).watchVersion(k)));
    }
    return out;
  }

  /** Evaluates a read-only command here, at the applied position, changing nothing. */
  public Reply read(KvEntry.Invoke invoke) {
    return invoke(invoke, true);
  }

  private Reply invoke(KvEntry.Invoke invoke, boolean readOnly) {
    Args args = new Args(invoke.args());
    if (args.size() == 0) {
      return new Reply.Error("ERR empty command");
    }
    CommandSpec spec = table.get(args.key(0));
    if (spec == null || !(spec.command() instanceof ReplicatedCommand c)
        || (readOnly && !spec.has(Flag.READONLY))) {
      return new Reply.Error("ERR unknown command '" + args.key(0) + "'");
    }
    if (!spec.arityOk(args.size())) {
      return new Reply.Error(Errors.arity(spec.name()));
    }
    if (invoke.db() < 0 || invoke.db() >= Keyspace.DATABASES) {
      return new Reply.Error(Errors.DB_RANGE);
    }
    try {
      return c.apply(keyspace.db(invoke.db()), args,
          new ApplyContext(keyspace.index(), keyspace.clockMs()));
    } catch (CommandError e) {
      return e.reply();
    }
  }

  /** The non-empty databases' key and expiry counts. */
  public List<KvExecutor.DbStats> keyspaceStats() {
    List<KvExecutor.DbStats> out = new ArrayList<>();
    for (int i = 0; i < Keyspace.DATABASES; i++) {
      Keyspace.Db d = keyspace.db(i);
      long keys = d.size();
      if (keys > 0) {
        out.add(new KvExecutor.DbStats(i, keys, d.volatileSize()));
      }
    }
    return out;
  }

  /** The applied position, the keys held and the estimate of their bytes (INFO memory). */
  public KvExecutor.MemoryStats memoryStats() {
    return new KvExecutor.MemoryStats(keyspace.index(), keyspace.held(), keyspace.footprint());
  }

  /** Whether some key has an expiry. */
  public boolean hasExpiries() {
    return keyspace.hasExpiries();
  }

  /** The number of live keys. */
  public long size() {
    return keyspace.size();
  }

  /** What each server announced about its addresses, by pid (a copy). */
  public SortedMap<Long, ServerAddresses> announced() {
    return new TreeMap<>(keyspace.announced());
  }

  /** An immutable copy of the state. */
  public KvSnapshot snapshot() {
    return new KvSnapshot(keyspace);
  }

  /** The state's canonical bytes (those of its snapshot), without copying the state first. */
  byte[] canonicalBytes() {
    return KvCodecs.snapshots().encode(KvSnapshot.adopting(keyspace));
  }

  /** Applies each entry, ignoring replies (used to build snapshots). */
  void applyAll(List<KvEntry> entries) {
    for (KvEntry e : entries) {
      apply(e);
    }
  }
}
