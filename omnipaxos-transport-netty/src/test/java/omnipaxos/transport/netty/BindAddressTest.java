package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outgoing connections leave from the node's own address (on Linux all of 127.0.0.0/8 is loopback, so
 * each node gets an address of its own), or from the configured bind address.
 */
@Timeout(60)
class BindAddressTest {

  private final List<NettyTransport<String, String>> transports = new ArrayList<>();

  @AfterEach
  void closeAll() {
    transports.forEach(NettyTransport::close);
  }

  private static InetAddress host(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static NettyTransportConfig.Builder node(long pid, InetSocketAddress listen, long peer,
      InetSocketAddress peerAddress) {
    return NettyTransportConfig.builder().pid(pid).clusterId("test").listenAddress(listen).peer(peer, peerAddress)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
  }

  private NettyTransport<String, String> start(NettyTransportConfig config, RecordingListener<String, String> l) {
    NettyTransport<String, String> t = new NettyTransport<>(config, Codecs.utf8(), Codecs.utf8(), l);
    transports.add(t);
    t.start();
    return t;
  }

  @Test
  void outgoingConnectionsLeaveFromTheListenHost() {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = new InetSocketAddress(host("127.0.0.2"), ports.get(0));
    InetSocketAddress a2 = new InetSocketAddress(host("127.0.0.3"), ports.get(1));
    RecordingListener<String, String> l2 = new RecordingListener<>();
    NettyTransport<String, String> t1 = start(node(1, a1, 2, a2).build(), new RecordingListener<>());
    NettyTransport<String, String> t2 = start(node(2, a2, 1, a1).build(), l2);
    Net.await("1 and 2 connect", () -> t1.isConnected(2) && t2.isConnected(1));
    assertThat(t2.peerRemoteAddress(1)).map(InetSocketAddress::getAddress).hasValue(host("127.0.0.2"));
    assertThat(t2.peerLocalAddress(1)).hasValue(a2);
    assertThat(t1.peerLocalAddress(2)).map(InetSocketAddress::getAddress).hasValue(host("127.0.0.2"));
    assertThat(t1.peerRemoteAddress(2)).hasValue(a2);
    t1.send(Message.of(new BleMessage.HeartbeatRequest(1, 2, 1, 0)));
    Net.await("a message arrives", () -> l2.messages.size() == 1);
  }

  @Test
  void anExplicitBindAddressIsUsedEvenWhenListeningOnTheWildcard() {
    List<Integer> ports = Net.freePorts(2);
    InetSocketAddress a1 = new InetSocketAddress(host("0.0.0.0"), ports.get(0));
    InetSocketAddress a2 = new InetSocketAddress(host("127.0.0.3"), ports.get(1));
    NettyTransport<String, String> t1 = start(node(1, a1, 2, a2).bindAddress(host("127.0.0.4")).build(),
        new RecordingListener<>());
    NettyTransport<String, String> t2 = start(node(2, a2, 1, new InetSocketAddress(host("127.0.0.4"), ports.get(0)))
        .bindAddress(host("127.0.0.5")).build(), new RecordingListener<>());
    Net.await("1 and 2 connect", () -> t1.isConnected(2) && t2.isConnected(1));
    assertThat(t2.peerRemoteAddress(1)).map(InetSocketAddress::getAddress).hasValue(host("127.0.0.4"));
    assertThat(t1.peerLocalAddress(2)).map(InetSocketAddress::getAddress).hasValue(host("127.0.0.4"));
  }

  @Test
  void theOutgoingBindAddressDefaultsToASpecificListenHost() {
    NettyTransportConfig specific = node(1, new InetSocketAddress(host("127.0.0.2"), 0), 2, Net.loopback(1)).build();
    assertThat(specific.bindAddress()).isEmpty();
    assertThat(specific.outgoingBindAddress()).hasValue(host("127.0.0.2"));
    assertThat(specific.toBuilder().bindAddress(host("127.0.0.9")).build().outgoingBindAddress())
        .hasValue(host("127.0.0.9"));
    assertThat(specific.toBuilder().bindAddress(host("127.0.0.9")).build().toBuilder().build().bindAddress())
        .as("toBuilder keeps it").hasValue(host("127.0.0.9"));
    assertThat(node(1, new InetSocketAddress(host("0.0.0.0"), 0), 2, Net.loopback(1)).build().outgoingBindAddress())
        .isEmpty();
    assertThat(node(1, new InetSocketAddress(host("::"), 0), 2, Net.loopback(1)).build().outgoingBindAddress())
        .isEmpty();
    assertThat(node(1, new InetSocketAddress(0), 2, Net.loopback(1)).build().outgoingBindAddress()).isEmpty();
    assertThat(node(1, InetSocketAddress.createUnresolved("nowhere.invalid", 1), 2, Net.loopback(1)).build()
        .outgoingBindAddress()).isEmpty();
  }

  @Test
  void peerAddressesAreEmptyWhileDisconnectedAndUnknownPeersThrow() {
    NettyTransport<String, String> t1 = start(node(1, Net.loopback(0), 2, Net.loopback(1)).build(),
        new RecordingListener<>());
    assertThat(t1.peerRemoteAddress(2)).isEmpty();
    assertThat(t1.peerLocalAddress(2)).isEmpty();
    assertThatThrownBy(() -> t1.peerRemoteAddress(3)).isInstanceOf(UnknownPeerException.class);
    assertThatThrownBy(() -> t1.peerLocalAddress(3)).isInstanceOf(UnknownPeerException.class);
  }
}
