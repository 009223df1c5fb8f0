package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.ProtocolTypes;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.core.migration.Manifest;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

  private final MessageCodec<String, List<Long>> codec = MessageGen.codec();

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 20240611})
  void everyVariantRoundTrips(long seed) {
    MessageGen gen = new MessageGen(seed);
    Set<Class<?>> seen = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      Message<String, List<Long>> m = gen.next();
      byte[] bytes = codec.encode(m);
      assertThat(codec.decode(bytes)).as("message %d: %s", i, m).isEqualTo(m);
      seen.add(inner(m).getClass());
    }
    assertThat(seen).hasSize(MessageGen.VARIANTS);
  }

  @Test
  void encodingIsCanonical() {
    MessageGen gen = new MessageGen(7);
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = codec.encode(gen.next());
      assertThat(codec.encode(codec.decode(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void everyPrefixOfAnEncodingIsRejected() {
    MessageGen gen = new MessageGen(3);
    for (int kind = 0; kind < MessageGen.VARIANTS; kind++) {
      byte[] bytes = codec.encode(gen.next(kind));
      for (int len = 0; len < bytes.length; len++) {
        byte[] prefix = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> codec.decode(prefix)).as("kind %d, %d of %d bytes", kind, len, bytes.length)
            .isInstanceOf(CodecException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    MessageGen gen = new MessageGen(4);
    for (int kind = 0; kind < MessageGen.VARIANTS; kind++) {
      byte[] bytes = codec.encode(gen.next(kind));
      byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> codec.decode(padded)).isInstanceOf(CodecException.class)
          .hasMessageContaining("trailing");
    }
  }

  @Test
  void unknownKindIsRejected() {
    byte[] bytes = new WireWriter(17).writeByte(99).writeLong(1).writeLong(2).toByteArray();
    assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CodecException.class)
        .hasMessageContaining("unknown message kind 99");
  }

  @Test
  void implausibleEntryCountIsRejected() {
    WireWriter w = new WireWriter(64).writeByte(MessageCodec.PROPOSAL_FORWARD).writeLong(1).writeLong(2);
    w.writeInt(1).writeLong(1).writeInt(0).writeLong(2); // ballot
    w.writeLong(1).writeLong(1); // sequence number
    w.writeInt(Integer.MAX_VALUE);
    byte[] bytes = w.toByteArray();
    assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CodecException.class)
        .hasMessageContaining("implausible");
  }

  @Test
  void negativePidsAndIndicesAreRejected() {
    byte[] badPid = new WireWriter(64).writeByte(MessageCodec.HEARTBEAT_REQUEST).writeLong(-1).writeLong(2)
        .writeInt(1).writeLong(0).toByteArray();
    assertThatThrownBy(() -> codec.decode(badPid)).isInstanceOf(CodecException.class).hasMessageContaining("pid");
    byte[] badRound = new WireWriter(64).writeByte(MessageCodec.HEARTBEAT_REQUEST).writeLong(1).writeLong(2)
        .writeInt(1).writeLong(-5).toByteArray();
    assertThatThrownBy(() -> codec.decode(badRound)).isInstanceOf(CodecException.class).hasMessageContaining("round");
  }

  @Test
  void invalidBooleanIsRejected() {
    Message<String, List<Long>> m = Message.of(new BleMessage.HeartbeatReply(1, 2, 3, Ballot.NONE, Ballot.NONE,
        true));
    byte[] bytes = codec.encode(m);
    bytes[bytes.length - 1] = 2;
    assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("boolean");
  }

  @Test
  void failuresOfTheApplicationCodecBecomeCodecExceptions() {
    Codec<String> throwing = new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return Codecs.utf8().encode(value);
      }

      @Override
      public String decode(byte[] bytes) {
        throw new IllegalStateException("broken entry codec");
      }
    };
    MessageCodec<String, Void> c = new MessageCodec<>(throwing, MessageCodec.noSnapshots());
    byte[] bytes = c.encode(Message.of(new PaxosMessage.ProposalForward<String, Void>(1, 2, new Ballot(1, 1, 0, 2),
        new SequenceNumber(1, 1), List.of("x"))));
    assertThatThrownBy(() -> c.decode(bytes)).isInstanceOf(CodecException.class)
        .hasMessageContaining("broken entry codec");
  }

  @Test
  void aSnapshotForALogWithoutSnapshotsIsRejected() {
    MessageCodec<String, Void> c = new MessageCodec<>(Codecs.utf8(), MessageCodec.noSnapshots());
    Message<String, Void> plain = Message.of(new PaxosMessage.AcceptSync<String, Void>(1, 2, Ballot.NONE,
        SequenceNumber.ZERO, 0, new LogSync<>(Optional.empty(), List.of("a"), 0, Optional.empty())));
    assertThat(c.decode(c.encode(plain))).isEqualTo(plain);
    MessageCodec<String, String> withSnapshot = new MessageCodec<>(Codecs.utf8(), Codecs.utf8());
    byte[] bytes = withSnapshot.encode(Message.of(new PaxosMessage.AcceptSync<String, String>(1, 2, Ballot.NONE,
        SequenceNumber.ZERO, 0, new LogSync<>(Optional.of("snap"), List.of("a"), 0, Optional.empty()))));
    assertThatThrownBy(() -> c.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("snapshots");
  }

  @Test
  void byteArrayEntriesRoundTrip() {
    MessageCodec<byte[], byte[]> c = new MessageCodec<>(Codecs.bytes(), Codecs.bytes());
    byte[] entry = {0, 1, 2, (byte) 255};
    Message<byte[], byte[]> m = Message.of(new PaxosMessage.AcceptDecide<byte[], byte[]>(1, 2, Ballot.NONE,
        SequenceNumber.ZERO, 0, List.of(entry)));
    Message<byte[], byte[]> back = c.decode(c.encode(m));
    PaxosMessage<byte[], byte[]> inner = ((Message.Paxos<byte[], byte[]>) back).message();
    assertThat(((PaxosMessage.AcceptDecide<byte[], byte[]>) inner).entries().get(0)).isEqualTo(entry);
  }

  @Test
  void everyVariantHasItsKindByte() {
    MessageGen gen = new MessageGen(5);
    for (int kind = 0; kind < MessageGen.VARIANTS; kind++) {
      assertThat(codec.encode(gen.next(kind))[0] & 0xff).as("variant %d", kind).isEqualTo(MessageGen.KINDS[kind]);
    }
  }

  @Test
  void migrationMessagesHaveTheDocumentedLayout() {
    byte[] request = codec.encode(Message.of(new MigrationMessage.ChunkRequest(1, 2, 7, 3)));
    assertThat(request).isEqualTo(new WireWriter(25).writeByte(51).writeLong(1).writeLong(2).writeInt(7).writeInt(3)
        .toByteArray());
    byte[] reply = codec.encode(Message.of(new MigrationMessage.ChunkReply(1, 2, 7, 3, new byte[] {9, 8})));
    assertThat(reply).isEqualTo(new WireWriter(31).writeByte(52).writeLong(1).writeLong(2).writeInt(7).writeInt(3)
        .writeBytes(new byte[] {9, 8}).toByteArray());
    byte[] unavailable = codec.encode(Message.of(new MigrationMessage.Unavailable(1, 2, 7, "é")));
    assertThat(unavailable).isEqualTo(new WireWriter(27).writeByte(50).writeLong(1).writeLong(2).writeInt(7)
        .writeBytes(new byte[] {(byte) 0xc3, (byte) 0xa9}).toByteArray());
    assertThat(codec.encode(Message.of(new MigrationMessage.ManifestRequest(1, 2, 7))))
        .isEqualTo(new WireWriter(21).writeByte(48).writeLong(1).writeLong(2).writeInt(7).toByteArray());
    byte[] sha = new byte[32];
    sha[0] = 5;
    Manifest manifest = new Manifest(ClusterConfig.of(1, List.of(1L, 2L)),
        new StopSign(ClusterConfig.of(2, List.of(2L, 3L)), Optional.empty()), 10, 5, 4, sha, new int[] {11, 12});
    assertThat(codec.encode(Message.of(new MigrationMessage.ManifestReply(1, 2, manifest))))
        .isEqualTo(manifestReply(4, sha, 10, 5, new int[] {11, 12}));
  }

  @Test
  void invalidMigrationValuesAreRejected() {
    byte[] sha = new byte[32];
    assertThat(codec.decode(manifestReply(4, sha, 10, 5, new int[] {11, 12}))).isInstanceOf(Message.Migration.class);
    assertRejected(manifestReply(0, sha, 10, 5, new int[] {11, 12}), "chunkSize");
    assertRejected(manifestReply(-4, sha, 10, 5, new int[] {11, 12}), "chunkSize");
    assertRejected(manifestReply(4, new byte[31], 10, 5, new int[] {11, 12}), "SHA-256");
    assertRejected(manifestReply(4, new byte[33], 10, 5, new int[] {11, 12}), "SHA-256");
    assertRejected(manifestReply(4, sha, 10, 5, new int[] {11}), "invalid manifest");
    assertRejected(manifestReply(4, sha, 10, 5, new int[] {11, 12, 13}), "invalid manifest");
    assertRejected(manifestReply(4, sha, 0, 5, new int[] {11, 12}), "invalid manifest");
    assertRejected(manifestReply(4, sha, 10, -1, new int[] {11, 12}), "size");
    assertRejected(new WireWriter(25).writeByte(51).writeLong(1).writeLong(2).writeInt(7).writeInt(-1).toByteArray(),
        "chunk must not be negative");
    assertRejected(new WireWriter(29).writeByte(52).writeLong(1).writeLong(2).writeInt(7).writeInt(-1)
        .writeBytes(new byte[0]).toByteArray(), "chunk must not be negative");
    assertRejected(new WireWriter(29).writeByte(50).writeLong(1).writeLong(2).writeInt(7)
        .writeBytes(new byte[] {(byte) 0xff}).toByteArray(), "UTF-8");
    byte[] longest = "r".repeat(MessageCodec.MAX_REASON_BYTES).getBytes(StandardCharsets.US_ASCII);
    assertThat(codec.decode(new WireWriter(1100).writeByte(50).writeLong(1).writeLong(2).writeInt(7)
        .writeBytes(longest).toByteArray())).isEqualTo(Message.of(new MigrationMessage.Unavailable(1, 2, 7,
            "r".repeat(MessageCodec.MAX_REASON_BYTES))));
    assertRejected(new WireWriter(1100).writeByte(50).writeLong(1).writeLong(2).writeInt(7)
        .writeBytes(Arrays.copyOf(longest, longest.length + 1)).toByteArray(), "reason of 1025 bytes");
  }

  @Test
  void aLongReasonIsCutAtACharacterBoundary() {
    String reason = "x" + "é".repeat(600);
    Message<String, List<Long>> back = codec.decode(codec.encode(Message.of(new MigrationMessage.Unavailable(1, 2,
        3, reason))));
    String sent = ((MigrationMessage.Unavailable) inner(back)).reason();
    assertThat(sent.getBytes(StandardCharsets.UTF_8)).hasSize(1023);
    assertThat(reason).startsWith(sent);
    assertThat(MessageCodec.reasonBytes("€".repeat(400))).hasSize(1023);
    assertThat(MessageCodec.reasonBytes("ab".repeat(512))).hasSize(1024);
  }

  @Test
  void aChunkReplyOfOneMebibyteFitsTheDefaultFrame() {
    byte[] data = new byte[1 << 20];
    new java.util.Random(1).nextBytes(data);
    Message<String, List<Long>> m = Message.of(new MigrationMessage.ChunkReply(1, 2, 3, 4, data));
    byte[] frame = FrameCodec.batch(List.of(codec.encode(m)));
    assertThat(frame.length - FrameCodec.LENGTH_BYTES).isLessThanOrEqualTo(NettyTransportConfig.DEFAULT_MAX_FRAME_SIZE);
    Frame<String, List<Long>> decoded = new FrameCodec<>(codec).decodeBody(Arrays.copyOfRange(frame,
        FrameCodec.LENGTH_BYTES, frame.length));
    assertThat(decoded).isEqualTo(new Frame.Batch<>(List.of(m)));
  }

  private void assertRejected(byte[] bytes, String why) {
    assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining(why);
  }

  /** A ManifestReply from 1 to 2 written field by field, with configurations 1 (previous) and 2 (next). */
  private static byte[] manifestReply(int chunkSize, byte[] sha256, long start, long size, int[] crcs) {
    WireWriter w = new WireWriter(128).writeByte(MessageCodec.MANIFEST_REPLY).writeLong(1).writeLong(2);
    ProtocolTypes.writeClusterConfig(w, ClusterConfig.of(1, List.of(1L, 2L)));
    ProtocolTypes.writeStopSign(w, new StopSign(ClusterConfig.of(2, List.of(2L, 3L)), Optional.empty()));
    w.writeLong(start).writeLong(size).writeInt(chunkSize).writeBytes(sha256).writeInt(crcs.length);
    for (int crc : crcs) {
      w.writeInt(crc);
    }
    return w.toByteArray();
  }

  private static Object inner(Message<?, ?> m) {
    if (m instanceof Message.Paxos<?, ?> p) {
      return p.message();
    }
    if (m instanceof Message.Migration<?, ?> g) {
      return g.message();
    }
    return ((Message.Ble<?, ?>) m).message();
  }
}
