package omnipaxos.testkit;

/**
 * How the simulator makes log entries: each proposal gets a unique id, and the entry must carry it
 * so that decided entries can be traced back to their proposal (and duplicates noticed). Entries
 * must have value equality.
 */
public interface EntryCodec<T> {

  /** The entry for proposal {@code id}. */
  T entry(long id);

  /** The proposal id carried by {@code entry}. */
  long id(T entry);

  /** Entries that are their own ids. */
  static EntryCodec<Long> longs() {
    return new EntryCodec<>() {
      @Override
      public Long entry(long id) {
        return id;
      }

      @Override
      public long id(Long entry) {
        return entry;
      }
    };
  }
}
