package omnipaxos.core;

import java.util.List;

/**
 * How the application compacts a log prefix into a snapshot of its state. Implementations must be
 * deterministic and satisfy {@code create(a ++ b) == extend(create(a), b)} and {@code extend(s,
 * List.of()) == s}. Snapshots are only ever extended by the entries that follow the prefix they
 * cover, in order, so any deterministic state machine qualifies, including ones whose commands
 * depend on the current state (increments, compare-and-set); two snapshots are never merged.
 *
 * <p>Use {@link #disabled()} for logs without snapshots; {@link OmniPaxos#snapshot} then fails with
 * {@link CompactionException.Reason#SNAPSHOTS_DISABLED} and only trimming is available.
 */
public interface Snapshotter<T, S> {

  /** The state after applying {@code entries}, in order, to the empty state. */
  S create(List<T> entries);

  /**
   * The state after applying {@code entries}, in order, to {@code base}; must not mutate {@code
   * base}.
   */
  S extend(S base, List<T> entries);

  /** Whether snapshots are supported at all. */
  default boolean enabled() {
    return true;
  }

  /** A snapshotter for logs without snapshots. */
  static <T, S> Snapshotter<T, S> disabled() {
    return new Snapshotter<>() {
      @Override
      public S create(List<T> entries) {
        throw new UnsupportedOperationException("snapshots are disabled");
      }

      @Override
      public S extend(S base, List<T> entries) {
        throw new UnsupportedOperationException("snapshots are disabled");
      }

      @Override
      public boolean enabled() {
        return false;
      }
    };
  }
}
