package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Refused handshakes are counted by reason on every attempt, however often a peer retries. */
@Timeout(60)
class RefusalTest {

  private TransportCluster<String, String, RecordingListener<String, String>> cluster;
  private NettyTransport<String, String> stranger;

  @AfterEach
  void close() {
    if (stranger != null) {
      stranger.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void refusedOnce(InetSocketAddress address, byte[] hello) throws IOException {
    try (RawPeer raw = RawPeer.connect(address)) {
      raw.send(hello);
      raw.awaitClosedByPeer();
    }
  }

  @Test
  void everyRepeatedRefusalIsCountedByReason() throws IOException {
    cluster = new TransportCluster<>(List.of(1L, 2L, 3L), Codecs.utf8(), Codecs.utf8(),
        pid -> new RecordingListener<>(), (pid, b) -> b);
    NettyTransport<String, String> t2 = cluster.start(2);
    InetSocketAddress a2 = cluster.address(2);
    for (int i = 1; i <= 3; i++) {
      refusedOnce(a2, FrameCodec.hello("elsewhere", 1, 2, 1));
      refusedOnce(a2, FrameCodec.hello("test", 9, 2, 1));
      refusedOnce(a2, FrameCodec.hello("test", 3, 2, 1));
      refusedOnce(a2, FrameCodec.hello("test", 1, 4, 1));
      TransportStats s = t2.stats();
      assertThat(s.refusedOtherCluster()).as("attempt %d", i).isEqualTo(i);
      assertThat(s.refusedUnknownPeer()).isEqualTo(i);
      assertThat(s.refused(HandshakeRefusal.WRONG_DIRECTION)).isEqualTo(i);
      assertThat(s.refused(HandshakeRefusal.WRONG_RECEIVER)).isEqualTo(i);
      assertThat(s.refused(HandshakeRefusal.WRONG_SENDER)).isZero();
      assertThat(s.refusedTotal()).isEqualTo(4L * i);
      assertThat(s.rejectedConnections()).isEqualTo(4L * i);
      assertThat(s.decodeErrors()).isZero();
    }
  }

  @Test
  void aPeerThatComesBackWithAnotherIncarnationIsRefusedOnBothSides() throws IOException {
    cluster = new TransportCluster<>(List.of(1L, 2L), Codecs.utf8(), Codecs.utf8(),
        pid -> new RecordingListener<>(), (pid, b) -> b);
    java.util.Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
    PeerAdmission remember = (pid, inc) -> seen.putIfAbsent(pid, inc) == null || seen.get(pid) == inc
        ? java.util.Optional.empty() : java.util.Optional.of("pid " + pid + " names incarnation " + inc
        + ", it named " + seen.get(pid) + " before");
    NettyTransport<String, String> t2 = new NettyTransport<>(cluster.config(2), Codecs.utf8(), Codecs.utf8(),
        new RecordingListener<>());
    stranger = t2;
    t2.admitPeers(22, remember);
    t2.start();
    InetSocketAddress a2 = cluster.address(2);
    // The first incarnation of 1 is admitted and remembered; another one is refused every time.
    try (RawPeer raw = RawPeer.connect(a2)) {
      raw.send(FrameCodec.hello("test", 1, 2, 1, 11));
      assertThat(raw.readFrame()).isEqualTo(new Frame.Hello<>("test", 2, 1, 1, 22));
    }
    for (int i = 1; i <= 2; i++) {
      refusedOnce(a2, FrameCodec.hello("test", 1, 2, 1, 12));
      assertThat(t2.stats().refused(HandshakeRefusal.NEW_INCARNATION)).isEqualTo(i);
    }
    try (RawPeer raw = RawPeer.connect(a2)) {
      raw.send(FrameCodec.hello("test", 1, 2, 1, 11));
      assertThat(raw.readFrame()).isInstanceOf(Frame.Hello.class);
    }
  }

  @Test
  void aNodeOfAnotherClusterIsRefusedOnEveryRedial() {
    cluster = new TransportCluster<>(List.of(1L, 2L), Codecs.utf8(), Codecs.utf8(),
        pid -> new RecordingListener<>(), (pid, b) -> b);
    NettyTransport<String, String> t2 = cluster.start(2);
    stranger = new NettyTransport<>(cluster.config(1).toBuilder().clusterId("elsewhere").build(), Codecs.utf8(),
        Codecs.utf8(), new RecordingListener<>());
    stranger.start();
    Net.await("the stranger is refused repeatedly", () -> t2.stats().refusedOtherCluster() >= 3);
    assertThat(t2.isConnected(1)).isFalse();
    assertThat(stranger.isConnected(2)).isFalse();
    assertThat(t2.stats().refusedTotal()).isEqualTo(t2.stats().refusedOtherCluster());
  }
}
