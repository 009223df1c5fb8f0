package omnipaxos.core;

import java.util.List;

/**
 * How the application compacts a log prefix into a snapshot. Implementations must satisfy
 * {@code create(a ++ b) == merge(create(a), create(b))}, and {@code create(List.of())} must be a
 * neutral element of {@code merge}. {@code merge} need not be idempotent: the protocol never merges a
 * snapshot onto a base that already reflects any of its entries.
 *
 * <p>Use {@link #disabled()} for logs without snapshots; {@link OmniPaxos#snapshot} then fails with
 * {@link CompactionException.Reason#SNAPSHOTS_DISABLED} and only trimming is available.
 */
public interface Snapshotter<T, S> {

  /** A snapshot equivalent to applying {@code entries}, in order, to an empty state. */
  S create(List<T> entries);

  /** The snapshot of a prefix followed by the entries summarised in {@code delta}; must not mutate either. */
  S merge(S base, S delta);

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
      public S merge(S base, S delta) {
        throw new UnsupportedOperationException("snapshots are disabled");
      }

      @Override
      public boolean enabled() {
        return false;
      }
    };
  }
}
