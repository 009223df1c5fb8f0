package omnipaxos.bench.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStoreSerializer;

/**
 * What MicroRaft's SQLite store needs to turn its model into bytes: log entries in
 * {@link MicroRaftCodec}'s compact form, everything else (written rarely) with Java serialization.
 */
final class StoreSerializer implements RaftStoreSerializer {

  private final MicroRaftCodec codec;

  StoreSerializer(MicroRaftCodec codec) {
    this.codec = codec;
  }

  @Override
  public Serializer<RaftGroupMembersView> raftGroupMembersViewSerializer() {
    return java();
  }

  @Override
  public Serializer<RaftEndpoint> raftEndpointSerializer() {
    return java();
  }

  @Override
  public Serializer<LogEntry> logEntrySerializer() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(LogEntry element) {
        return codec.encodeEntry(element);
      }

      @Override
      public LogEntry deserialize(byte[] element) {
        return codec.decodeEntry(element);
      }
    };
  }

  @Override
  public Serializer<SnapshotChunk> snapshotChunkSerializer() {
    return java();
  }

  @Override
  public Serializer<RaftEndpointPersistentState> raftEndpointPersistentStateSerializer() {
    return java();
  }

  @Override
  public Serializer<RaftTermPersistentState> raftTermPersistentState() {
    return java();
  }

  private static <T> Serializer<T> java() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(T element) {
        return MicroRaftCodec.serialize(element);
      }

      @Override
      @SuppressWarnings("unchecked")
      public T deserialize(byte[] element) {
        return (T) MicroRaftCodec.deserialize(element);
      }
    };
  }
}
