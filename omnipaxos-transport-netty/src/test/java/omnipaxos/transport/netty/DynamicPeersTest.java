package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Peers added, moved and removed while the transports run. */
@Timeout(60)
class DynamicPeersTest {

  private final List<NettyTransport<String, String>> transports = new ArrayList<>();

  @AfterEach
  void closeAll() {
    transports.forEach(NettyTransport::close);
  }

  private static Message<String, String> heartbeat(long from, long to, long round) {
    return Message.of(new BleMessage.HeartbeatRequest(from, to, 1, round));
  }

  /** A transport of pid {@code pid} listening on {@code listen}, with {@code peers} at start. */
  private NettyTransport<String, String> transport(long pid, InetSocketAddress listen,
      Map<Long, InetSocketAddress> peers, RecordingListener<String, String> listener) {
    NettyTransportConfig config = NettyTransportConfig.builder().pid(pid).clusterId("test").listenAddress(listen)
        .peers(peers).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    NettyTransport<String, String> t = new NettyTransport<>(config, Codecs.utf8(), Codecs.utf8(), listener);
    transports.add(t);
    return t;
  }

  private static InetAddress host(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void peersAddedAtRunTimeConnectAndExchangeMessages() {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = Net.loopback(ports.get(0));
    InetSocketAddress a2 = Net.loopback(ports.get(1));
    RecordingListener<String, String> l1 = new RecordingListener<>();
    RecordingListener<String, String> l2 = new RecordingListener<>();
    NettyTransport<String, String> t1 = transport(1, a1, Map.of(), l1);
    NettyTransport<String, String> t2 = transport(2, a2, Map.of(), l2);
    assertThat(t1.peers()).isEmpty();
    t1.addPeer(2, a2);
    assertThat(t1.peers()).containsExactly(Map.entry(2L, a2));
    t1.send(heartbeat(1, 2, 0));
    t2.start();
    t1.start();
    Net.await("2 refuses 1 while 1 is not its peer", () -> t2.stats().refusedUnknownPeer() >= 2);
    assertThat(t1.isConnected(2)).isFalse();
    assertThatThrownBy(() -> t2.send(heartbeat(2, 1, 0))).isInstanceOf(UnknownPeerException.class);

    t2.addPeer(1, a1);
    Net.await("the next redial succeeds", () -> t1.isConnected(2) && t2.isConnected(1));
    t2.send(heartbeat(2, 1, 1));
    Net.await("1 hears 2", () -> l1.messages.size() == 1);
    Net.await("2 hears 1, the message queued before included", () -> l2.messages.size() == 1);
    assertThat(l2.messages).containsExactly(heartbeat(1, 2, 0));
    assertThat(l1.reconnects).isEmpty();
    assertThat(t1.stats().droppedTotal() + t2.stats().droppedTotal()).isZero();
  }

  @Test
  void aRemovedPeerIsDisconnectedItsQueueDroppedAndSendsThrow() throws IOException {
    List<Integer> ports = Net.freePorts(3);
    InetSocketAddress a1 = Net.loopback(ports.get(0));
    InetSocketAddress a2 = Net.loopback(ports.get(1));
    InetSocketAddress a3 = Net.loopback(ports.get(2));
    NettyTransport<String, String> t1 = transport(1, a1, Map.of(2L, a2, 3L, a3), new RecordingListener<>());
    RecordingListener<String, String> l2 = new RecordingListener<>();
    NettyTransport<String, String> t2 = transport(2, a2, Map.of(1L, a1), l2);
    t1.start();
    t2.start();
    Net.await("1 and 2 connect", () -> t1.isConnected(2) && t2.isConnected(1));

    t1.removePeer(2);
    Net.await("2 sees the connection close", () -> !t2.isConnected(1));
    assertThatThrownBy(() -> t1.send(heartbeat(1, 2, 0))).isInstanceOf(UnknownPeerException.class);
    assertThatThrownBy(() -> t1.isConnected(2)).isInstanceOf(UnknownPeerException.class);
    assertThat(t1.peers()).containsOnlyKeys(3L);
    t1.removePeer(2);
    t1.removePeer(42);

    for (int i = 0; i < 7; i++) {
      t1.send(heartbeat(1, 3, i));
    }
    t1.removePeer(3);
    assertThat(t1.stats().dropped(TransportDropReason.CLOSED)).as("what was queued for 3").isEqualTo(7);
    assertThat(t1.peers()).isEmpty();

    try (ServerSocket at3 = new ServerSocket()) {
      at3.bind(a3);
      at3.setSoTimeout(500);
      assertThatThrownBy(at3::accept).as("a removed peer is not redialed").isInstanceOf(SocketTimeoutException.class);
    }
    Net.pause(300);
    assertThat(t2.isConnected(1)).as("nor is the removed 2").isFalse();
    assertThat(l2.messages).isEmpty();
  }

  @Test
  void aPeerRemovedAndAddedAgainIsReconnectedAndReported() {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = Net.loopback(ports.get(0));
    InetSocketAddress a2 = Net.loopback(ports.get(1));
    RecordingListener<String, String> l1 = new RecordingListener<>();
    RecordingListener<String, String> l2 = new RecordingListener<>();
    NettyTransport<String, String> t1 = transport(1, a1, Map.of(2L, a2), l1);
    NettyTransport<String, String> t2 = transport(2, a2, Map.of(1L, a1), l2);
    t1.start();
    t2.start();
    Net.await("1 and 2 connect", () -> t1.isConnected(2) && t2.isConnected(1));

    t2.removePeer(1);
    Net.await("1 is refused while 2 does not know it", () -> t2.stats().refusedUnknownPeer() >= 2);
    t2.addPeer(1, a1);
    Net.await("accepted again", () -> t1.isConnected(2) && t2.isConnected(1));

    t1.removePeer(2);
    Net.await("2 sees the connection close", () -> !t2.isConnected(1));
    t1.addPeer(2, a2);
    Net.await("dialed again", () -> t1.isConnected(2) && t2.isConnected(1));
    t1.send(heartbeat(1, 2, 5));
    t2.send(heartbeat(2, 1, 6));
    Net.await("messages flow both ways", () -> l1.messages.size() == 1 && l2.messages.size() == 1);
    Net.pause(300);
    assertThat(t2.stats().reconnects()).as("one connection per re-adding, no stale redials").isEqualTo(2);
    assertThat(l2.reconnects).as("messages may have been lost meanwhile").containsExactly(1L, 1L);
    assertThat(l1.reconnects).containsExactly(2L, 2L);
    assertThat(t1.stats().rejectedConnections()).isZero();
  }

  @Test
  void aMovedPeerIsDialedAtItsNewAddress() {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = Net.loopback(ports.get(0));
    InetSocketAddress wildcard = new InetSocketAddress(host("0.0.0.0"), ports.get(1));
    InetSocketAddress old = new InetSocketAddress(host("127.0.0.1"), ports.get(1));
    InetSocketAddress moved = new InetSocketAddress(host("127.0.0.2"), ports.get(1));
    RecordingListener<String, String> l2 = new RecordingListener<>();
    NettyTransport<String, String> t1 = transport(1, a1, Map.of(2L, old), new RecordingListener<>());
    NettyTransport<String, String> t2 = transport(2, wildcard, Map.of(1L, a1), l2);
    t2.start();
    t1.start();
    Net.await("1 dials 2 at the old address", () -> t1.peerRemoteAddress(2).equals(java.util.Optional.of(old)));

    t1.addPeer(2, old);
    assertThat(t1.stats().reconnects()).as("the same address changes nothing").isZero();
    t1.addPeer(2, moved);
    assertThat(t1.peers()).containsExactly(Map.entry(2L, moved));
    Net.await("1 redials 2 at the new address",
        () -> t1.peerRemoteAddress(2).equals(java.util.Optional.of(moved)));
    assertThat(t2.peerLocalAddress(1)).hasValue(moved);
    t1.send(heartbeat(1, 2, 9));
    Net.await("a message arrives", () -> l2.messages.size() == 1);
  }

  @Test
  void peerChangesRaceWithSendsWithoutLosingCount() throws InterruptedException {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = Net.loopback(ports.get(0));
    InetSocketAddress a2 = Net.loopback(ports.get(1));
    NettyTransport<String, String> t1 = transport(1, a1, Map.of(2L, a2), new RecordingListener<>());
    NettyTransport<String, String> t2 = transport(2, a2, Map.of(1L, a1), new RecordingListener<>());
    t1.start();
    t2.start();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong accepted = new AtomicLong();
    Thread sender = new Thread(() -> {
      for (long i = 0; !stop.get(); i++) {
        try {
          t1.send(heartbeat(1, 2, i));
          accepted.incrementAndGet();
        } catch (UnknownPeerException e) {
          Thread.onSpinWait();
        }
        if (i % 50 == 0) {
          Net.pause(1);
        }
      }
    });
    sender.start();
    for (int i = 0; i < 30; i++) {
      t1.removePeer(2);
      t1.addPeer(2, a2);
      Net.pause(5);
    }
    stop.set(true);
    sender.join();
    Net.await("every accepted message is sent or counted as dropped",
        () -> t1.stats().sent() + t1.stats().droppedTotal() == accepted.get());
    assertThat(t1.stats().dropped(TransportDropReason.QUEUE_FULL) + t1.stats().dropped(TransportDropReason.CLOSED)
        + t1.stats().dropped(TransportDropReason.CONNECTION_LOST)).isEqualTo(t1.stats().droppedTotal());
    Net.await("connected at the end", () -> t1.isConnected(2) && t2.isConnected(1));
  }

  @Test
  void invalidPeersAreRejected() {
    NettyTransport<String, String> t1 = transport(1, Net.loopback(0), Map.of(), new RecordingListener<>());
    assertThatThrownBy(() -> t1.addPeer(1, Net.loopback(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("own pid");
    assertThatThrownBy(() -> t1.addPeer(0, Net.loopback(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t1.addPeer(2, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> t1.peers().put(2L, Net.loopback(1))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(t1.peers()).isEmpty();
  }
}
