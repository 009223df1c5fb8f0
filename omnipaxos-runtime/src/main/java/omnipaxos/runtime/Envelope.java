package omnipaxos.runtime;

import java.util.Objects;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/**
 * A user entry tagged with the {@link EntryId} of its proposal. This is the entry type the runtime
 * replicates, so it is the entry type of the Sequence Paxos messages on a node's channels: a
 * network codec must carry the id with the entry ({@link #codec} does; an entry that arrives
 * without one can be decided and applied as usual, but its proposer cannot learn where it was
 * decided). The user's {@code Storage} and {@code Snapshotter} see plain entries: ids are kept in
 * memory only.
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

  /**
   * A codec for envelopes, for a transport that carries the runtime's messages: the id's three
   * longs, then the entry as {@code entries} encodes it.
   */
  public static <T> Codec<Envelope<T>> codec(Codec<T> entries) {
    Objects.requireNonNull(entries, "entries");
    return new Codec<>() {
      @Override
      public byte[] encode(Envelope<T> value) {
        byte[] entry = entries.encode(value.entry());
        EntryId id = value.id();
        return new WireWriter(28 + entry.length).writeLong(id.origin()).writeLong(id.session())
            .writeLong(id.seq()).writeBytes(entry).toByteArray();
      }

      @Override
      public Envelope<T> decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        EntryId id = new EntryId(r.readLong(), r.readLong(), r.readLong());
        T entry = entries.decode(r.readBytes());
        r.expectEnd();
        return new Envelope<>(id, entry);
      }
    };
  }
}
