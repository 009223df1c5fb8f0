package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from log positions (non-negative longs) to values without boxing: open addressing with
 * linear probing, removal by backward shift. Range queries scan the table; they serve rare events
 * (a log truncation, positions decided while compacted). Used only by the event-loop thread.
 */
final class PositionIndex<V> {

  private static final long FREE = -1;
  private long[] keys;
  private Object[] values;
  private int size;

  PositionIndex() {
    keys = new long[16];
    Arrays.fill(keys, FREE);
    values = new Object[16];
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long position) {
    int mask = keys.length - 1;
    for (int i = slot(position, mask); keys[i] != FREE; i = (i + 1) & mask) {
      if (keys[i] == position) {
        return (V) values[i];
      }
    }
    return null;
  }

  void put(long position, V value) {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(position, mask);
    while (keys[i] != FREE && keys[i] != position) {
      i = (i + 1) & mask;
    }
    if (keys[i] == FREE) {
      keys[i] = position;
      size++;
    }
    values[i] = value;
  }

  @SuppressWarnings("unchecked")
  V remove(long position) {
    int mask = keys.length - 1;
    int i = slot(position, mask);
    while (keys[i] != FREE && keys[i] != position) {
      i = (i + 1) & mask;
    }
    if (keys[i] == FREE) {
      return null;
    }
    V removed = (V) values[i];
    size--;
    // Shift later entries of the probe run back into the gap, so that lookups never stop early.
    int gap = i;
    for (int j = (gap + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    keys[gap] = FREE;
    values[gap] = null;
    return removed;
  }

  /** The values at positions in {@code [from, to)}, in no particular order. */
  @SuppressWarnings("unchecked")
  List<V> valuesIn(long from, long to) {
    List<V> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE && keys[i] >= from && keys[i] < to) {
        out.add((V) values[i]);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, FREE);
    values = new Object[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != FREE) {
        put(oldKeys[i], (V) oldValues[i]);
      }
    }
  }

  private static int slot(long position, int mask) {
    long h = position * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
