package omnipaxos.kv;

import java.util.List;
import omnipaxos.core.Snapshotter;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvEntry;

/**
 * An immutable copy of the key-value state (every database, expiries, the log's clock and
 * position): what a compacted log prefix amounts to. Equal states are equal snapshots.
 */
public final class KvSnapshot {

  private final Keyspace keyspace;

  /** A snapshot of a copy of {@code keyspace}. */
  public KvSnapshot(Keyspace keyspace) {
    this.keyspace = keyspace.copy();
  }

  /** The empty state. */
  public static KvSnapshot empty() {
    return new KvSnapshot(new Keyspace());
  }

  /** A copy of the state, free to change. */
  public Keyspace keyspace() {
    return keyspace.copy();
  }

  /** The number of live keys. */
  public long size() {
    return keyspace.size();
  }

  /** Builds snapshots by applying entries with {@link KvState}, so every command compacts exactly. */
  public static Snapshotter<KvEntry, KvSnapshot> snapshotter() {
    return new Snapshotter<>() {
      @Override
      public KvSnapshot create(List<KvEntry> entries) {
        return extend(empty(), entries);
      }

      @Override
      public KvSnapshot extend(KvSnapshot base, List<KvEntry> entries) {
        KvState state = new KvState(base);
        state.applyAll(entries);
        return state.snapshot();
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvSnapshot s && java.util.Arrays.equals(
        KvCodecs.canonicalSnapshots().encode(this), KvCodecs.canonicalSnapshots().encode(s));
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(KvCodecs.canonicalSnapshots().encode(this));
  }

  @Override
  public String toString() {
    return "KvSnapshot(" + keyspace.size() + " keys, clock " + keyspace.clockMs() + ")";
  }

  Keyspace view() {
    return keyspace;
  }
}
