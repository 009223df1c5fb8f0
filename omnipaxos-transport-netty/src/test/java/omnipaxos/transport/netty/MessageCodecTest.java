package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import omnipaxos.core.Ballot;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.WireWriter;
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

  private static Object inner(Message<?, ?> m) {
    if (m instanceof Message.Paxos<?, ?> p) {
      return p.message();
    }
    return ((Message.Ble<?, ?>) m).message();
  }
}
