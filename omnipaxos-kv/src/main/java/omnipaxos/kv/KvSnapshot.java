package omnipaxos.kv;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import omnipaxos.core.Snapshotter;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvEntry;

/**
 * An immutable copy of the key-value state (every database, expiries, the log's clock and
 * position): what a compacted log prefix amounts to. Equal states are equal snapshots. A snapshot
 * made from canonical bytes ({@link #ofCanonical}) is decoded only when something looks into it,
 * so a server that stores its own state as a snapshot never builds a second copy of the keys.
 */
public final class KvSnapshot {

  /** The state; null until a snapshot made from bytes is first looked into. */
  private volatile Keyspace keyspace;
  /** The canonical bytes, once something asked for them (the state never changes). */
  private volatile byte[] canonical;

  /** A snapshot of a copy of {@code keyspace}. */
  public KvSnapshot(Keyspace keyspace) {
    this.keyspace = keyspace.copy();
  }

  private KvSnapshot(Keyspace keyspace, byte[] canonical) {
    this.keyspace = keyspace;
    this.canonical = canonical;
  }

  /** The empty state. */
  public static KvSnapshot empty() {
    return new KvSnapshot(new Keyspace());
  }

  /** A snapshot that takes {@code keyspace} over: nothing else may change it afterwards. */
  static KvSnapshot adopting(Keyspace keyspace) {
    return new KvSnapshot(keyspace, null);
  }

  /**
   * The snapshot whose canonical bytes are {@code bytes} (which it keeps); decoded on first use.
   */
  static KvSnapshot ofCanonical(byte[] bytes) {
    return new KvSnapshot(null, bytes);
  }

  /** A copy of the state, free to change. */
  public Keyspace keyspace() {
    return view().copy();
  }

  /** The number of live keys. */
  public long size() {
    return view().size();
  }

  /**
   * Builds snapshots by applying entries with {@link KvState}, so every command compacts exactly.
   */
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
    return o instanceof KvSnapshot s && Arrays.equals(
        KvCodecs.canonicalSnapshots().encode(this), KvCodecs.canonicalSnapshots().encode(s));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(KvCodecs.canonicalSnapshots().encode(this));
  }

  @Override
  public String toString() {
    Keyspace k = keyspace;
    return k == null ? "KvSnapshot(" + canonical.length + " bytes, not decoded)"
        : "KvSnapshot(" + k.size() + " keys, clock " + k.clockMs() + ")";
  }

  Keyspace view() {
    Keyspace k = keyspace;
    if (k == null) {
      synchronized (this) {
        k = keyspace;
        if (k == null) {
          k = KvCodecs.canonicalSnapshots().decode(canonical).keyspace;
          keyspace = k;
        }
      }
    }
    return k;
  }

  /**
   * The canonical bytes of this snapshot, computed by {@code encoder} the first time only: a server
   * encodes its snapshot away from the node's thread, and the node's storage write then takes the
   * bytes without encoding again.
   */
  byte[] canonicalBytes(Function<KvSnapshot, byte[]> encoder) {
    byte[] b = canonical;
    if (b == null) {
      b = encoder.apply(this);
      canonical = b;
    }
    return b.clone();
  }
}
