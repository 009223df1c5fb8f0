package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.transport.netty.RecordingListener.PeerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Wire version 2's handshake: its layout, the refusal of version 1, and the configuration id each side
 * names, which is reported but never a reason to refuse.
 */
@Timeout(60)
class HandshakeTest {

  private final FrameCodec<String, String> frames =
      new FrameCodec<>(new MessageCodec<>(Codecs.utf8(), Codecs.utf8()));
  private TransportCluster<String, String, RecordingListener<String, String>> cluster;

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private TransportCluster<String, String, RecordingListener<String, String>> cluster(List<Long> pids) {
    cluster = new TransportCluster<>(pids, Codecs.utf8(), Codecs.utf8(), pid -> new RecordingListener<>(),
        (pid, b) -> b);
    return cluster;
  }

  /** A HELLO frame's body of the given version with the version 2 fields. */
  private static byte[] helloBody(int version, String clusterId, long sender, long receiver, int configurationId) {
    return new WireWriter(64).writeByte(version).writeByte(FrameCodec.HELLO).writeBytes(Codecs.utf8().encode(clusterId))
        .writeLong(sender).writeLong(receiver).writeInt(configurationId).writeLong(0).toByteArray();
  }

  @Test
  void helloHasTheVersion2Layout() {
    byte[] hello = FrameCodec.hello("ab", 1, 2, 7);
    byte[] body = helloBody(2, "ab", 1, 2, 7);
    assertThat(Arrays.copyOfRange(hello, FrameCodec.LENGTH_BYTES, hello.length)).isEqualTo(body);
    assertThat(new WireWriter(4).writeInt(body.length).toByteArray()).isEqualTo(Arrays.copyOf(hello, 4));
    assertThat(frames.decodeBody(body)).isEqualTo(new Frame.Hello<>("ab", 1, 2, 7));
    byte[] withIncarnation = FrameCodec.hello("ab", 1, 2, 7, -42);
    assertThat(frames.decodeBody(Arrays.copyOfRange(withIncarnation, FrameCodec.LENGTH_BYTES, withIncarnation.length)))
        .isEqualTo(new Frame.Hello<>("ab", 1, 2, 7, -42));
  }

  @Test
  void aHelloOfVersion1OrWithoutAPositiveConfigurationIdIsInvalid() {
    byte[] v1 = new WireWriter(64).writeByte(1).writeByte(FrameCodec.HELLO).writeBytes(Codecs.utf8().encode("ab"))
        .writeLong(1).writeLong(2).toByteArray();
    assertThatThrownBy(() -> frames.decodeBody(v1)).isInstanceOf(CodecException.class)
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> frames.decodeBody(helloBody(1, "ab", 1, 2, 7))).isInstanceOf(CodecException.class)
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> frames.decodeBody(helloBody(2, "ab", 1, 2, 0))).isInstanceOf(CodecException.class)
        .hasMessageContaining("configuration id");
    assertThatThrownBy(() -> frames.decodeBody(helloBody(2, "ab", 1, 2, -3))).isInstanceOf(CodecException.class)
        .hasMessageContaining("configuration id");
    byte[] truncated = Arrays.copyOf(helloBody(2, "ab", 1, 2, 7), helloBody(2, "ab", 1, 2, 7).length - 4);
    assertThatThrownBy(() -> frames.decodeBody(truncated)).isInstanceOf(CodecException.class);
  }

  @Test
  void aVersion1PeerIsRefused() throws IOException {
    var c = cluster(List.of(1L, 2L));
    NettyTransport<String, String> t2 = c.start(2);
    byte[] v1Body = new WireWriter(64).writeByte(1).writeByte(FrameCodec.HELLO)
        .writeBytes(Codecs.utf8().encode("test")).writeLong(1).writeLong(2).toByteArray();
    try (RawPeer raw = RawPeer.connect(c.address(2))) {
      raw.send(new WireWriter(4).writeInt(v1Body.length).toByteArray()).send(v1Body);
      raw.awaitClosedByPeer();
    }
    assertThat(t2.stats().decodeErrors()).isEqualTo(1);
    assertThat(t2.isConnected(1)).isFalse();
    assertThat(t2.peerConfigurationId(1)).isEmpty();
  }

  @Test
  void peersInDifferentConfigurationsConnectAndLearnEachOthersIds() {
    var c = cluster(List.of(1L, 2L));
    NettyTransport<String, String> t2 = c.start(2);
    assertThat(t2.configurationId()).isEqualTo(1);
    t2.setConfigurationId(5);
    NettyTransport<String, String> t1 = c.start(1);
    c.awaitConnected();
    Net.await("1 hears 2's configuration", () -> t1.peerConfigurationId(2).equals(OptionalInt.of(5)));
    assertThat(t2.peerConfigurationId(1)).hasValue(1);
    Net.await("both listeners are told", () -> c.listener(1).peerConfigurations.size() == 1
        && c.listener(2).peerConfigurations.size() == 1);
    assertThat(c.listener(1).peerConfigurations).containsExactly(new PeerConfiguration(2, 5));
    assertThat(c.listener(2).peerConfigurations).containsExactly(new PeerConfiguration(1, 1));
    assertThat(t1.stats().rejectedConnections() + t2.stats().rejectedConnections()).isZero();

    t2.setConfigurationId(6);
    assertThat(t1.peerConfigurationId(2)).as("only a new handshake carries the new id").hasValue(5);
    c.stop(1);
    Net.await("2 notices that 1 is gone", () -> !t2.isConnected(1));
    assertThat(t2.peerConfigurationId(1)).as("the last id seen stays").hasValue(1);
    NettyTransport<String, String> again = c.start(1);
    c.awaitConnected();
    Net.await("the restarted 1 hears 6", () -> again.peerConfigurationId(2).equals(OptionalInt.of(6)));
    Net.await("2 is told again", () -> c.listener(2).peerConfigurations.size() == 2);
    assertThat(c.listener(2).peerConfigurations.get(1)).isEqualTo(new PeerConfiguration(1, 1));
    Net.await("2 reports the reconnection", () -> c.listener(2).reconnects.contains(1L));
  }

  @Test
  void configurationIdsMustBePositiveAndPeersKnown() {
    var c = cluster(List.of(1L, 2L));
    NettyTransport<String, String> t1 = c.start(1);
    assertThatThrownBy(() -> t1.setConfigurationId(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t1.setConfigurationId(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(t1.configurationId()).isEqualTo(1);
    assertThatThrownBy(() -> t1.peerConfigurationId(9)).isInstanceOf(UnknownPeerException.class);
    assertThat(t1.peerConfigurationId(2)).isEmpty();
  }
}
