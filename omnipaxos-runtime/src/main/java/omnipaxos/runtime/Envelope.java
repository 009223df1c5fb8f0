package omnipaxos.runtime;

import java.util.Objects;

/**
 * A user entry tagged with the {@link EntryId} of its proposal. This is the entry type the runtime
 * replicates, so it is the entry type of the Sequence Paxos messages on a node's channels: a network
 * codec must carry the id with the entry (an entry that arrives without one can be decided and applied
 * as usual, but its proposer cannot learn where it was decided). The user's {@code Storage} and
 * {@code Snapshotter} see plain entries: ids are kept in memory only.
 *
 * @param id the proposal's id, {@link EntryId#NONE} if unknown
 * @param entry the user's entry
 */
public record Envelope<T>(EntryId id, T entry) {

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entry, "entry");
  }

  /** An entry whose id is unknown. */
  public static <T> Envelope<T> anonymous(T entry) {
    return new Envelope<>(EntryId.NONE, entry);
  }
}
