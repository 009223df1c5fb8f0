package omnipaxos.runtime.example;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.Snapshotter;

/** The seed's snapshot: the latest value of every key written in the compacted prefix. */
public record KVSnapshot(Map<String, Long> snapshotted) {

  public KVSnapshot {
    snapshotted = Map.copyOf(snapshotted);
  }

  /** Builds a snapshot from entries, and extends one with later entries (the last write of a key wins). */
  public static final Snapshotter<KeyValue, KVSnapshot> SNAPSHOTTER = new Snapshotter<>() {
    @Override
    public KVSnapshot create(List<KeyValue> entries) {
      Map<String, Long> snapshotted = new HashMap<>();
      for (KeyValue e : entries) {
        snapshotted.put(e.key(), e.value());
      }
      return new KVSnapshot(snapshotted);
    }

    @Override
    public KVSnapshot extend(KVSnapshot base, List<KeyValue> entries) {
      Map<String, Long> snapshotted = new HashMap<>(base.snapshotted());
      for (KeyValue e : entries) {
        snapshotted.put(e.key(), e.value());
      }
      return new KVSnapshot(snapshotted);
    }
  };
}
