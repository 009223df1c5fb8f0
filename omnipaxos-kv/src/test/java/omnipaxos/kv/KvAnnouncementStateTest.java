package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireReader;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerAddresses;
import org.junit.jupiter.api.Test;

/**
 * The servers' announced addresses in the replicated state: applied from {@link KvEntry.Announce}
 * and {@link KvEntry.Forget}, kept by snapshots (format 3, only when there are some), untouched by
 * FLUSHALL, and what a server announces when it listens on a wildcard address.
 */
class KvAnnouncementStateTest {

  private static final ServerAddresses ONE = new ServerAddresses("10.0.0.1:8080", "10.0.0.1:6379");
  private static final ServerAddresses TWO = new ServerAddresses("10.0.0.2:8080", "10.0.0.2:6379");
  private static final ServerAddresses THREE = new ServerAddresses("", "10.0.0.3:6379");

  private static KvEntry cmd(String... args) {
    return KvEntry.Invoke.of(0, args);
  }

  private static List<KvEntry> log() {
    return List.of(cmd("SET", "a", "1"), new KvEntry.Announce(1, ONE), new KvEntry.Announce(2,
        new ServerAddresses("old:1", "old:2")), cmd("DEL", "a"), new KvEntry.Announce(3, THREE),
        new KvEntry.Announce(2, TWO), cmd("FLUSHALL"), new KvEntry.Forget(3),
        new KvEntry.Forget(9), cmd("SET", "b", "2"));
  }

  @Test
  void announcementsReplaceEachOtherAndForgetDropsThem() {
    KvState s = new KvState();
    for (KvEntry e : log().subList(0, 6)) {
      assertThat(s.apply(e)).isNotInstanceOf(Reply.Error.class);
    }
    assertThat(s.announced()).containsExactly(Map.entry(1L, ONE), Map.entry(2L, TWO),
        Map.entry(3L, THREE));
    assertThat(s.apply(cmd("FLUSHALL"))).isEqualTo(Reply.OK);
    assertThat(s.announced()).hasSize(3);
    assertThat(s.apply(new KvEntry.Forget(3))).isEqualTo(Reply.OK);
    assertThat(s.apply(new KvEntry.Forget(9))).isEqualTo(Reply.OK);
    assertThat(s.announced()).containsExactly(Map.entry(1L, ONE), Map.entry(2L, TWO));
  }

  @Test
  void entriesRoundTripThroughTheCodec() {
    Codec<KvEntry> c = KvCodecs.entries();
    for (KvEntry e : log()) {
      assertThat(c.decode(c.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void snapshotsKeepTheAnnouncementsAndComposeLikeTheLog() {
    Snapshotter<KvEntry, KvSnapshot> snap = KvSnapshot.snapshotter();
    KvSnapshot whole = snap.create(log());
    assertThat(snap.extend(snap.create(log().subList(0, 4)), log().subList(4, 10)))
        .isEqualTo(whole);
    byte[] bytes = KvCodecs.snapshots().encode(whole);
    assertThat(new WireReader(bytes).readInt()).isEqualTo(-3);
    KvSnapshot decoded = KvCodecs.snapshots().decode(bytes);
    assertThat(KvCodecs.snapshots().encode(decoded)).isEqualTo(bytes);
    KvState restored = new KvState(decoded);
    assertThat(restored.announced()).containsExactly(Map.entry(1L, ONE), Map.entry(2L, TWO));
    assertThat(restored.apply(cmd("GET", "b"))).isEqualTo(Reply.bulk("2"));
    assertThat(restored.apply(cmd("EXISTS", "a"))).isEqualTo(new Reply.Int(0));
  }

  @Test
  void aStateWithoutAnnouncementsKeepsTheFormerFormat() {
    KvState s = new KvState();
    s.apply(cmd("SET", "a", "1"));
    s.apply(new KvEntry.Announce(1, ONE));
    s.apply(new KvEntry.Forget(1));
    byte[] bytes = KvCodecs.snapshots().encode(s.snapshot());
    assertThat(new WireReader(bytes).readInt()).isEqualTo(-2);
    assertThat(new KvState(KvCodecs.snapshots().decode(bytes)).announced()).isEmpty();
  }

  @Test
  void aWildcardListenerAnnouncesTheHostOfItsServerToServerAddress() {
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", 0);
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 0);
    assertThat(KvAnnouncer.address(Optional.empty(), any, 8081, "db1.example")).isEqualTo(
        "db1.example:8081");
    assertThat(KvAnnouncer.address(Optional.empty(), local, 8081, "db1.example")).isEqualTo(
        "127.0.0.1:8081");
    assertThat(KvAnnouncer.address(Optional.of(InetSocketAddress.createUnresolved("lb", 80)), any,
        8081, "db1.example")).isEqualTo("lb:80");
  }
}
