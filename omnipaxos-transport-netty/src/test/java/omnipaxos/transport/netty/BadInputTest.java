package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raw sockets send malformed, truncated, oversized, wrong-version, unauthenticated and forged input to
 * a running transport: each such connection is closed and counted, nothing bad is delivered, and the
 * transport keeps serving its real peers.
 */
@Timeout(60)
class BadInputTest {

  private final MessageCodec<String, String> codec = new MessageCodec<>(Codecs.utf8(), Codecs.utf8());
  private TransportCluster<String, String, RecordingListener<String, String>> cluster;

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private TransportCluster<String, String, RecordingListener<String, String>> cluster(List<Long> pids,
      Duration idleTimeout) {
    cluster = new TransportCluster<>(pids, Codecs.utf8(), Codecs.utf8(), pid -> new RecordingListener<>(),
        (pid, b) -> b.idleTimeout(idleTimeout));
    return cluster;
  }

  private byte[] heartbeat(long from, long to, long round) {
    return codec.encode(Message.of(new BleMessage.HeartbeatRequest(from, to, 1, round)));
  }

  /** Sends {@code bytes} on a new connection to {@code address} and waits until the transport closes it. */
  private static void expectClosed(InetSocketAddress address, byte[]... bytes) throws IOException {
    try (RawPeer raw = RawPeer.connect(address)) {
      for (byte[] b : bytes) {
        raw.send(b);
      }
      raw.awaitClosedByPeer();
    }
  }

  @Test
  void badConnectionsAreClosedAndTheTransportKeepsWorking() throws IOException {
    var c = cluster(List.of(1L, 2L, 3L), Duration.ofSeconds(3));
    NettyTransport<String, String> t2 = c.start(2);
    c.start(3);
    c.awaitConnected();
    InetSocketAddress a2 = c.address(2);
    byte[] hello1 = FrameCodec.hello("test", 1, 2, 1);
    Random rnd = new Random(5);
    byte[] junk = new byte[98];
    rnd.nextBytes(junk);
    long errors = 0;

    expectClosed(a2, RawPeer.frame(100, FrameCodec.VERSION, FrameCodec.MESSAGES, junk));
    assertThat(t2.stats().decodeErrors()).as("garbage").isEqualTo(++errors);

    expectClosed(a2, RawPeer.frame(Integer.MAX_VALUE, FrameCodec.VERSION, FrameCodec.MESSAGES, new byte[0]));
    assertThat(t2.stats().decodeErrors()).as("oversized").isEqualTo(++errors);

    expectClosed(a2, RawPeer.frame(NettyTransportConfig.DEFAULT_MAX_FRAME_SIZE + 1, FrameCodec.VERSION,
        FrameCodec.MESSAGES, new byte[0]));
    assertThat(t2.stats().decodeErrors()).as("one byte oversized").isEqualTo(++errors);

    byte[] wrongVersion = hello1.clone();
    wrongVersion[4] = 9;
    expectClosed(a2, wrongVersion);
    assertThat(t2.stats().decodeErrors()).as("wrong version").isEqualTo(++errors);

    expectClosed(a2, RawPeer.frame(2, FrameCodec.VERSION, 77, new byte[0]));
    assertThat(t2.stats().decodeErrors()).as("unknown frame type").isEqualTo(++errors);

    expectClosed(a2, RawPeer.frame(1, FrameCodec.VERSION, FrameCodec.MESSAGES, new byte[0]));
    assertThat(t2.stats().decodeErrors()).as("length below header").isEqualTo(++errors);

    try (RawPeer raw = RawPeer.connect(a2)) {
      raw.send(RawPeer.frame(100, FrameCodec.VERSION, FrameCodec.MESSAGES, new byte[10]));
      raw.shutdownOutput();
      raw.awaitClosedByPeer();
    }
    long truncated = ++errors;
    Net.await("truncated frame counted", () -> t2.stats().decodeErrors() == truncated);

    expectClosed(a2, RawPeer.batch(heartbeat(1, 2, 0)));
    assertThat(t2.stats().decodeErrors()).as("messages before the handshake").isEqualTo(++errors);

    expectClosed(a2, hello1, RawPeer.batch(heartbeat(3, 2, 0)));
    assertThat(t2.stats().decodeErrors()).as("forged sender").isEqualTo(++errors);

    expectClosed(a2, hello1, RawPeer.batch(heartbeat(1, 3, 0)));
    assertThat(t2.stats().decodeErrors()).as("wrong receiver").isEqualTo(++errors);

    expectClosed(a2, hello1, hello1);
    assertThat(t2.stats().decodeErrors()).as("second handshake").isEqualTo(++errors);

    byte[] valid = heartbeat(1, 2, 7);
    byte[] corrupt = valid.clone();
    corrupt[0] = 99;
    expectClosed(a2, hello1, RawPeer.batch(valid, corrupt));
    assertThat(t2.stats().decodeErrors()).as("one corrupt message in a batch").isEqualTo(++errors);
    assertThat(c.listener(2).messages).as("nothing of a bad batch is delivered").isEmpty();

    long rejected = 0;
    expectClosed(a2, FrameCodec.hello("test", 9, 2, 1));
    assertThat(t2.stats().rejectedConnections()).as("unknown pid").isEqualTo(++rejected);
    assertThat(t2.stats().refusedUnknownPeer()).isEqualTo(1);
    expectClosed(a2, FrameCodec.hello("test", 3, 2, 1));
    assertThat(t2.stats().rejectedConnections()).as("higher pid dials").isEqualTo(++rejected);
    assertThat(t2.stats().refused(HandshakeRefusal.WRONG_DIRECTION)).isEqualTo(1);
    expectClosed(a2, FrameCodec.hello("other", 1, 2, 1));
    assertThat(t2.stats().rejectedConnections()).as("other cluster").isEqualTo(++rejected);
    assertThat(t2.stats().refusedOtherCluster()).isEqualTo(1);
    expectClosed(a2, FrameCodec.hello("test", 1, 5, 1));
    assertThat(t2.stats().rejectedConnections()).as("wrong receiver pid").isEqualTo(++rejected);
    assertThat(t2.stats().refused(HandshakeRefusal.WRONG_RECEIVER)).isEqualTo(1);
    assertThat(t2.stats().refusedTotal()).isEqualTo(rejected);
    byte[] badUtf8 = RawPeer.frame(2 + 4 + 1 + 16 + 4, FrameCodec.VERSION, FrameCodec.HELLO,
        new byte[] {0, 0, 0, 1, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1});
    expectClosed(a2, badUtf8);
    assertThat(t2.stats().decodeErrors()).as("invalid UTF-8 cluster id").isEqualTo(++errors);

    expectClosed(a2);
    assertThat(t2.stats().decodeErrors()).as("a silent connection is only timed out").isEqualTo(errors);

    try (RawPeer raw = RawPeer.connect(a2)) {
      raw.send(hello1);
      assertThat(raw.readFrame()).isEqualTo(new Frame.Hello<>("test", 2, 1, 1));
      raw.send(RawPeer.batch(heartbeat(1, 2, 42)));
      Net.await("a well-formed message is delivered", () -> c.listener(2).messages.size() == 1);
      raw.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      raw.awaitClosedByPeer();
    }
    assertThat(t2.stats().decodeErrors()).as("garbage after a good start").isEqualTo(++errors);

    assertThat(t2.isConnected(3)).as("the real peer's connection was never touched").isTrue();
    assertThat(c.transport(3).stats().reconnects()).isZero();
    c.start(1);
    c.awaitConnected();
    c.transport(1).send(Message.of(new BleMessage.HeartbeatRequest(1, 2, 1, 100)));
    t2.send(Message.of(new BleMessage.HeartbeatRequest(2, 1, 1, 101)));
    t2.send(Message.of(new BleMessage.HeartbeatRequest(2, 3, 1, 102)));
    Net.await("2 still receives from 1", () -> c.listener(2).messages.size() == 2);
    Net.await("1 receives from 2", () -> c.listener(1).messages.size() == 1);
    Net.await("3 receives from 2", () -> c.listener(3).messages.size() == 1);
  }

  @Test
  void aDialerDropsAPeerThatAnswersGarbageAndRedials() throws IOException {
    var c = cluster(List.of(1L, 2L), NettyTransportConfig.DEFAULT_IDLE_TIMEOUT);
    InetSocketAddress a2 = c.address(2);
    try (ServerSocket fake = new ServerSocket()) {
      fake.setReuseAddress(true);
      fake.bind(a2);
      fake.setSoTimeout((int) Net.AWAIT.toMillis());
      NettyTransport<String, String> t1 = c.start(1);
      try (RawPeer first = new RawPeer(fake.accept())) {
        assertThat(first.readFrame()).isEqualTo(new Frame.Hello<>("test", 1, 2, 1));
        first.send(RawPeer.frame(6, FrameCodec.VERSION, FrameCodec.PING, new byte[] {1, 2, 3, 4}));
        first.awaitClosedByPeer();
      }
      assertThat(t1.stats().decodeErrors()).isEqualTo(1);
      try (RawPeer second = new RawPeer(fake.accept())) {
        assertThat(second.readFrame()).isEqualTo(new Frame.Hello<>("test", 1, 2, 1));
        second.send(FrameCodec.hello("test", 2, 1, 1)).send(RawPeer.batch(heartbeat(2, 1, 3)));
        Net.await("the redialed connection delivers", () -> c.listener(1).messages.size() == 1);
        assertThat(t1.isConnected(2)).isTrue();
        assertThat(c.listener(1).reconnects).as("first completed handshake").isEmpty();
      }
    }
  }

  @Test
  void aDialerRefusesAnImpostorAtThePeersAddress() throws IOException {
    var c = cluster(List.of(1L, 2L), NettyTransportConfig.DEFAULT_IDLE_TIMEOUT);
    try (ServerSocket fake = new ServerSocket()) {
      fake.setReuseAddress(true);
      fake.bind(c.address(2));
      fake.setSoTimeout((int) Net.AWAIT.toMillis());
      NettyTransport<String, String> t1 = c.start(1);
      try (RawPeer impostor = new RawPeer(fake.accept())) {
        impostor.readFrame();
        impostor.send(FrameCodec.hello("test", 5, 1, 1)).send(RawPeer.batch(heartbeat(5, 1, 0)));
        impostor.awaitClosedByPeer();
      }
      assertThat(t1.stats().rejectedConnections()).isEqualTo(1);
      assertThat(t1.stats().refused(HandshakeRefusal.WRONG_SENDER)).isEqualTo(1);
      assertThat(c.listener(1).messages).isEmpty();
      assertThat(t1.isConnected(2)).isFalse();
    }
  }
}
