package omnipaxos.runtime;

import java.util.ArrayList;

/**
 * The ids of the stored entries, by absolute log position: positions {@code [base, base + size)}.
 * Mirrors the stored log as {@link EnvelopeStorage} writes it. Not thread-safe.
 */
final class IdLog {

  private final ArrayList<EntryId> ids = new ArrayList<>();
  private int head;
  private long base;

  /** A log of {@code size} entries of unknown id from position {@code base}. */
  IdLog(long base, long size) {
    this.base = base;
    for (long i = 0; i < size; i++) {
      ids.add(EntryId.NONE);
    }
  }

  long base() {
    return base;
  }

  /** The position after the last entry. */
  long end() {
    return base + (ids.size() - head);
  }

  /** The id at {@code idx}, {@link EntryId#NONE} if the position is not in the log. */
  EntryId get(long idx) {
    if (idx < base || idx >= end()) {
      return EntryId.NONE;
    }
    return ids.get(head + (int) (idx - base));
  }

  void append(EntryId id) {
    ids.add(id);
  }

  /** Removes every position from {@code from} on. */
  void truncate(long from) {
    long keep = Math.max(0, from - base);
    if (keep < end() - base) {
      ids.subList(head + (int) keep, ids.size()).clear();
    }
  }

  /**
   * Removes every position below {@code idx}; the log then starts at {@code idx} even if that is
   * past its end.
   */
  void trim(long idx) {
    if (idx <= base) {
      return;
    }
    long drop = Math.min(idx - base, end() - base);
    head += (int) drop;
    base = idx;
    if (head > 1024 && head > ids.size() / 2) {
      ids.subList(0, head).clear();
      head = 0;
    }
  }
}
