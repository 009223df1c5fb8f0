package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import omnipaxos.core.Ballot;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.Message;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NettyTransportTest {

  private TransportCluster<String, String, RecordingListener<String, String>> cluster;

  private TransportCluster<String, String, RecordingListener<String, String>> cluster(int n,
      java.util.function.BiFunction<Long, NettyTransportConfig.Builder, NettyTransportConfig.Builder> tweak) {
    cluster = new TransportCluster<>(LongStream.rangeClosed(1, n).boxed().toList(), Codecs.utf8(), Codecs.utf8(),
        pid -> new RecordingListener<>(), tweak);
    return cluster;
  }

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Message<String, String> heartbeat(long from, long to, long round) {
    return Message.of(new BleMessage.HeartbeatRequest(from, to, 1, round));
  }

  private static Message<String, String> entries(long from, long to, long idx, String... entries) {
    return Message.of(new PaxosMessage.AcceptDecide<String, String>(from, to, new Ballot(1, 1, 0, from),
        new SequenceNumber(1, idx), idx, List.of(entries)));
  }

  private static long round(Message<String, String> m) {
    return ((BleMessage.HeartbeatRequest) ((Message.Ble<String, String>) m).message()).round();
  }

  @Test
  void threeTransportsExchangeMessagesBothWays() {
    var c = cluster(3, (pid, b) -> b);
    c.startAll();
    c.awaitConnected();
    int n = 200;
    for (int i = 0; i < n; i++) {
      for (long from = 1; from <= 3; from++) {
        for (long to = 1; to <= 3; to++) {
          if (from != to) {
            c.transport(from).send(i % 2 == 0 ? heartbeat(from, to, i) : entries(from, to, i, "e" + i, "x"));
          }
        }
      }
    }
    for (long pid = 1; pid <= 3; pid++) {
      RecordingListener<String, String> l = c.listener(pid);
      Net.await("node " + pid + " receives everything", () -> l.messages.size() == 2 * n);
    }
    for (long to = 1; to <= 3; to++) {
      for (long from = 1; from <= 3; from++) {
        if (from == to) {
          continue;
        }
        List<Message<String, String>> got = c.listener(to).from(from);
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
          Message<String, String> expected = i % 2 == 0 ? heartbeat(from, to, i) : entries(from, to, i, "e" + i, "x");
          assertThat(got.get(i)).as("message %d from %d to %d", i, from, to).isEqualTo(expected);
        }
      }
    }
    for (long pid = 1; pid <= 3; pid++) {
      TransportStats s = c.transport(pid).stats();
      long p = pid;
      Net.await("sends of node " + pid + " complete", () -> c.transport(p).stats().sent() == 2L * n);
      assertThat(s.received()).isEqualTo(2L * n);
      assertThat(s.droppedTotal()).isZero();
      assertThat(s.decodeErrors()).isZero();
      assertThat(s.rejectedConnections()).isZero();
      assertThat(s.reconnects()).isZero();
      assertThat(c.listener(pid).reconnects).isEmpty();
    }
  }

  @Test
  void migrationMessagesAndAOneMebibyteChunkCrossTheWire() {
    var c = cluster(2, (pid, b) -> b);
    c.startAll();
    c.awaitConnected();
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(3).nextBytes(chunk);
    List<Message<String, String>> sent = List.of(
        Message.of(new MigrationMessage.ManifestRequest(1, 2, 4)),
        Message.of(new MigrationMessage.Unavailable(1, 2, 4, "not yet")),
        Message.of(new MigrationMessage.ChunkRequest(1, 2, 4, 0)),
        Message.of(new MigrationMessage.ChunkReply(1, 2, 4, 0, chunk)));
    sent.forEach(c.transport(1)::send);
    Net.await("every migration message arrives", () -> c.listener(2).messages.size() == sent.size());
    assertThat(c.listener(2).messages).isEqualTo(sent);
    assertThat(c.transport(1).stats().droppedTotal()).isZero();
    assertThat(c.transport(2).stats().decodeErrors()).isZero();
  }

  @Test
  void messagesQueuedBeforeTheConnectionLeaveInOrderInFewBatches() {
    var c = cluster(2, (pid, b) -> b);
    NettyTransport<String, String> t1 = c.start(1);
    int n = 500;
    for (int i = 0; i < n; i++) {
      t1.send(heartbeat(1, 2, i));
    }
    assertThat(t1.isConnected(2)).isFalse();
    c.start(2);
    RecordingListener<String, String> l2 = c.listener(2);
    Net.await("all queued messages arrive", () -> l2.messages.size() == n);
    for (int i = 0; i < n; i++) {
      assertThat(round(l2.messages.get(i))).isEqualTo(i);
    }
    Net.await("sends complete", () -> t1.stats().sent() == n);
    assertThat(t1.stats().batches()).isBetween(1L, 10L);
    assertThat(t1.stats().droppedTotal()).isZero();
    assertThat(c.listener(1).reconnects).isEmpty();
  }

  @Test
  void batchesAreSplitAtTheMaximumFrameSize() {
    int maxFrame = 4096;
    var c = cluster(2, (pid, b) -> b.maxFrameSize(maxFrame));
    NettyTransport<String, String> t1 = c.start(1);
    MessageCodec<String, String> codec = new MessageCodec<>(Codecs.utf8(), Codecs.utf8());
    Message<String, String> largest = null;
    for (int size = maxFrame; largest == null; size--) {
      Message<String, String> m = entries(1, 2, 99, "y".repeat(size));
      if (FrameCodec.BATCH_OVERHEAD + FrameCodec.PER_MESSAGE_OVERHEAD + codec.encode(m).length == maxFrame) {
        largest = m;
      }
    }
    int n = 40;
    for (int i = 0; i < n; i++) {
      t1.send(entries(1, 2, i, "z".repeat(1000)));
    }
    t1.send(largest);
    c.start(2);
    RecordingListener<String, String> l2 = c.listener(2);
    Net.await("everything arrives", () -> l2.messages.size() == n + 1);
    for (int i = 0; i < n; i++) {
      assertThat(l2.messages.get(i)).isEqualTo(entries(1, 2, i, "z".repeat(1000)));
    }
    assertThat(l2.messages.get(n)).as("a message filling a whole frame").isEqualTo(largest);
    Net.await("sends complete", () -> t1.stats().sent() == n + 1);
    assertThat(t1.stats().batches()).as("about three 1 KB messages fit a 4 KB frame").isGreaterThanOrEqualTo(n / 3);
    assertThat(c.transport(2).stats().decodeErrors()).isZero();
  }

  @Test
  void sendReportsUnknownReceiversAndCountsDrops() {
    var c = cluster(2, (pid, b) -> b.peerQueueCapacity(10).maxFrameSize(1024));
    NettyTransport<String, String> t1 = c.start(1);
    assertThatThrownBy(() -> t1.send(heartbeat(1, 7, 0))).isInstanceOf(UnknownPeerException.class)
        .hasMessageContaining("7").satisfies(e -> assertThat(((UnknownPeerException) e).pid()).isEqualTo(7));
    assertThatThrownBy(() -> t1.send(heartbeat(1, 1, 0))).isInstanceOf(UnknownPeerException.class);
    assertThatThrownBy(() -> t1.send(heartbeat(3, 2, 0))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t1.isConnected(7)).isInstanceOf(UnknownPeerException.class);

    for (int i = 0; i < 25; i++) {
      t1.send(heartbeat(1, 2, i));
    }
    t1.send(entries(1, 2, 0, "x".repeat(2000)));
    TransportStats s = t1.stats();
    assertThat(s.dropped(TransportDropReason.QUEUE_FULL)).isEqualTo(15);
    assertThat(s.dropped(TransportDropReason.MESSAGE_TOO_LARGE)).isEqualTo(1);

    t1.close();
    t1.send(heartbeat(1, 2, 99));
    assertThat(t1.stats().dropped(TransportDropReason.CLOSED)).isEqualTo(11);
    assertThat(t1.stats().sent()).isZero();
  }

  @Test
  void aRestartedPeerIsReconnectedAndReported() {
    var c = cluster(3, (pid, b) -> b);
    c.startAll();
    c.awaitConnected();
    c.transport(1).send(heartbeat(1, 2, 0));
    Net.await("first message", () -> c.listener(2).messages.size() == 1);

    c.stop(2);
    Net.await("1 and 3 notice that 2 is gone",
        () -> !c.transport(1).isConnected(2) && !c.transport(3).isConnected(2));
    c.start(2);
    c.awaitConnected();

    Net.await("1 reports the reconnection", () -> c.listener(1).reconnects.contains(2L));
    Net.await("3 reports the reconnection", () -> c.listener(3).reconnects.contains(2L));
    assertThat(c.listener(2).reconnects).as("the restarted node connects for the first time").isEmpty();
    assertThat(c.transport(1).stats().reconnects()).isEqualTo(1);
    assertThat(c.transport(3).stats().reconnects()).isEqualTo(1);

    c.transport(1).send(heartbeat(1, 2, 1));
    c.transport(3).send(heartbeat(3, 2, 2));
    c.transport(2).send(heartbeat(2, 1, 3));
    c.transport(2).send(heartbeat(2, 3, 4));
    Net.await("2 hears from 1 and 3", () -> c.listener(2).messages.size() == 2);
    Net.await("1 hears from 2", () -> c.listener(1).messages.size() == 1);
    Net.await("3 hears from 2", () -> c.listener(3).messages.size() == 1);
  }

  @Test
  void repeatedRestartsAreEachReported() {
    var c = cluster(2, (pid, b) -> b);
    c.startAll();
    c.awaitConnected();
    for (int i = 1; i <= 3; i++) {
      c.stop(1);
      c.start(1);
      c.awaitConnected();
      int expected = i;
      Net.await("2 reports reconnection " + i, () -> c.listener(2).reconnects.size() == expected);
    }
    assertThat(c.listener(2).reconnects).containsOnly(1L);
  }

  @Test
  void invalidConfigurationsAreRejected() {
    NettyTransportConfig.Builder ok = NettyTransportConfig.builder().pid(1).listenAddress(Net.loopback(0))
        .peer(2, Net.loopback(1));
    assertThat(ok.build().maxFrameSize()).isEqualTo(NettyTransportConfig.DEFAULT_MAX_FRAME_SIZE);
    assertThatThrownBy(() -> ok.build().toBuilder().pid(0).build()).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ok.build().toBuilder().peer(1, Net.loopback(1)).build())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("own pid");
    assertThatThrownBy(() -> ok.build().toBuilder().maxFrameSize(10).build()).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ok.build().toBuilder().peerQueueCapacity(0).build())
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ok.build().toBuilder().clusterId("").build()).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ok.build().toBuilder().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
        .build()).isInstanceOf(InvalidConfigException.class);
    assertThat(ok.build().toBuilder().peers(java.util.Map.of()).build().peers()).as("a node may start alone")
        .isEmpty();
  }
}
