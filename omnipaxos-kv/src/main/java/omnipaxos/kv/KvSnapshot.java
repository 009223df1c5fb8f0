package omnipaxos.kv;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.Snapshotter;

/** An immutable copy of the key-value state: what a compacted log prefix amounts to. */
public record KvSnapshot(Map<String, byte[]> data) {

  public KvSnapshot {
    data = Collections.unmodifiableMap(new HashMap<>(data));
  }

  /** The empty state. */
  public static KvSnapshot empty() {
    return new KvSnapshot(Map.of());
  }

  /** Builds snapshots by applying commands with {@link KvState}, so every command kind compacts exactly. */
  public static Snapshotter<KvCommand, KvSnapshot> snapshotter() {
    return new Snapshotter<>() {
      @Override
      public KvSnapshot create(List<KvCommand> entries) {
        return extend(empty(), entries);
      }

      @Override
      public KvSnapshot extend(KvSnapshot base, List<KvCommand> entries) {
        KvState state = new KvState(base);
        state.applyAll(entries);
        return new KvSnapshot(state.view());
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KvSnapshot s) || s.data.size() != data.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : data.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.data.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : data.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }
}
