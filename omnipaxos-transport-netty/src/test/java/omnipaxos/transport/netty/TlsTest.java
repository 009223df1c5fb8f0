package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS: nodes with certificates of the cluster's CA talk; a process without such a certificate
 * (another CA's, none at all, or plain TCP) can neither join nor get a single message delivered, in
 * either direction of the dial.
 */
@Timeout(60)
class TlsTest {

  @TempDir
  Path dir;

  private TransportCluster<String, String, RecordingListener<String, String>> cluster;

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A cluster whose node {@code pid} uses {@code tls.get(pid)}, or plain TCP if absent. */
  private TransportCluster<String, String, RecordingListener<String, String>> cluster(List<Long> pids,
      Map<Long, TlsConfig> tls) {
    cluster = new TransportCluster<>(pids, Codecs.utf8(), Codecs.utf8(), pid -> new RecordingListener<>(),
        (pid, b) -> b.tls(tls.get(pid)));
    return cluster;
  }

  private static Message<String, String> heartbeat(long from, long to, long round) {
    return Message.of(new BleMessage.HeartbeatRequest(from, to, 1, round));
  }

  @Test
  void nodesWithTrustedCertificatesExchangeMessages() {
    TestPki pki = new TestPki("cluster", dir);
    Map<Long, TlsConfig> tls = new HashMap<>();
    for (long pid = 1; pid <= 3; pid++) {
      tls.put(pid, pki.node("node" + pid, pid != 2));
    }
    var c = cluster(List.of(1L, 2L, 3L), tls);
    c.startAll();
    c.awaitConnected();
    for (long from = 1; from <= 3; from++) {
      for (long to = 1; to <= 3; to++) {
        if (from != to) {
          c.transport(from).send(heartbeat(from, to, 10 * from + to));
        }
      }
    }
    for (long pid = 1; pid <= 3; pid++) {
      RecordingListener<String, String> l = c.listener(pid);
      Net.await("node " + pid + " receives over TLS", () -> l.messages.size() == 2);
      assertThat(c.transport(pid).stats().rejectedConnections()).isZero();
    }
  }

  @Test
  void aNodeWithAnUntrustedCertificateCannotDialIn() {
    TestPki pki = new TestPki("cluster", dir);
    TestPki rogue = new TestPki("rogue", dir);
    var c = cluster(List.of(1L, 2L), Map.of(
        1L, rogue.node("intruder", false, pki.trustFile()),
        2L, pki.node("node2", false)));
    NettyTransport<String, String> t2 = c.start(2);
    NettyTransport<String, String> intruder = c.start(1);
    for (int i = 0; i < 10; i++) {
      intruder.send(heartbeat(1, 2, i));
    }
    Net.await("node 2 refuses the intruder repeatedly", () -> t2.stats().rejectedConnections() >= 3);
    assertThat(c.listener(2).messages).isEmpty();
    assertThat(t2.stats().received()).isZero();
    assertThat(t2.isConnected(1)).isFalse();
    assertThat(intruder.isConnected(2)).isFalse();
    assertThat(intruder.stats().sent()).isZero();
  }

  @Test
  void aNodeRefusesToDialAPeerWithAnUntrustedCertificate() {
    TestPki pki = new TestPki("cluster", dir);
    TestPki rogue = new TestPki("rogue", dir);
    var c = cluster(List.of(1L, 2L), Map.of(
        1L, pki.node("node1", false),
        2L, rogue.node("impostor", false, pki.trustFile())));
    NettyTransport<String, String> impostor = c.start(2);
    NettyTransport<String, String> t1 = c.start(1);
    impostor.send(heartbeat(2, 1, 0));
    Net.await("node 1 refuses the impostor repeatedly", () -> t1.stats().rejectedConnections() >= 3);
    assertThat(c.listener(1).messages).isEmpty();
    assertThat(t1.isConnected(2)).isFalse();
    assertThat(impostor.isConnected(1)).isFalse();
  }

  @Test
  void aPlainTcpNodeCannotJoinATlsCluster() {
    TestPki pki = new TestPki("cluster", dir);
    var c = cluster(List.of(1L, 2L), Map.of(2L, pki.node("node2", false)));
    NettyTransport<String, String> t2 = c.start(2);
    NettyTransport<String, String> plain = c.start(1);
    plain.send(heartbeat(1, 2, 0));
    Net.await("node 2 refuses plain TCP repeatedly", () -> t2.stats().rejectedConnections() >= 3);
    assertThat(c.listener(2).messages).isEmpty();
    assertThat(t2.isConnected(1)).isFalse();
  }

  @Test
  void handCraftedPlaintextFramesAreNotDelivered() throws IOException {
    TestPki pki = new TestPki("cluster", dir);
    var c = cluster(List.of(1L, 2L), Map.of(2L, pki.node("node2", false)));
    NettyTransport<String, String> t2 = c.start(2);
    MessageCodec<String, String> codec = new MessageCodec<>(Codecs.utf8(), Codecs.utf8());
    try (RawPeer raw = RawPeer.connect(c.address(2))) {
      raw.send(FrameCodec.hello("test", 1, 2, 1)).send(RawPeer.batch(codec.encode(heartbeat(1, 2, 0))));
      raw.awaitClosedByPeer();
    }
    Net.await("the plaintext connection is refused", () -> t2.stats().rejectedConnections() == 1);
    assertThat(c.listener(2).messages).isEmpty();
  }

  @Test
  void aTlsClientWithoutACertificateIsRefused() throws Exception {
    TestPki pki = new TestPki("cluster", dir);
    var c = cluster(List.of(1L, 2L), Map.of(2L, pki.node("node2", false)));
    NettyTransport<String, String> t2 = c.start(2);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, pki.ca().toTrustManagerFactory().getTrustManagers(), null);
    InetSocketAddress a2 = c.address(2);
    MessageCodec<String, String> codec = new MessageCodec<>(Codecs.utf8(), Codecs.utf8());
    try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(a2.getAddress(), a2.getPort())) {
      RawPeer raw = new RawPeer(socket);
      try {
        socket.startHandshake();
        raw.send(FrameCodec.hello("test", 1, 2, 1)).send(RawPeer.batch(codec.encode(heartbeat(1, 2, 0))));
      } catch (IOException refusedDuringHandshake) {
        assertThat(refusedDuringHandshake).isInstanceOf(IOException.class);
      }
      raw.awaitClosedByPeer();
    }
    Net.await("the certificate-less client is refused", () -> t2.stats().rejectedConnections() == 1);
    assertThat(c.listener(2).messages).isEmpty();
    assertThat(t2.stats().received()).isZero();
  }

  @Test
  void unreadableTlsFilesAreRejected() throws IOException {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> TlsConfig.of(missing, missing, missing))
        .isInstanceOf(omnipaxos.core.InvalidConfigException.class);
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    var c = cluster(List.of(1L, 2L), Map.of(1L, TlsConfig.of(junk, junk, junk)));
    assertThatThrownBy(() -> c.start(1)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("TLS");
  }
}
