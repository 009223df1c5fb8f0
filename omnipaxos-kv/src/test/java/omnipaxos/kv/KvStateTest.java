package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

class KvStateTest {

  private static KvEntry cmd(String... args) {
    return KvEntry.Invoke.of(0, args);
  }

  @Test
  void appliesCommandsInOrder() {
    KvState s = new KvState();
    assertThat(s.apply(cmd("GET", "a"))).isEqualTo(new Reply.Null());
    assertThat(s.apply(cmd("SET", "a", "1"))).isEqualTo(Reply.OK);
    assertThat(s.apply(cmd("INCRBY", "a", "4"))).isEqualTo(new Reply.Int(5));
    assertThat(s.apply(cmd("GET", "a"))).isEqualTo(Reply.bulk("5"));
    assertThat(s.apply(cmd("CAS", "a", "4", "x"))).isEqualTo(new Reply.Int(0));
    assertThat(s.apply(cmd("CAS", "a", "5", "x"))).isEqualTo(new Reply.Int(1));
    assertThat(s.apply(cmd("INCR", "a"))).isInstanceOf(Reply.Error.class);
    assertThat(s.apply(cmd("SETNX", "b", "new"))).isEqualTo(new Reply.Int(1));
    assertThat(s.apply(cmd("EXISTS", "a", "b", "c"))).isEqualTo(new Reply.Int(2));
    assertThat(s.apply(cmd("DEL", "a", "c"))).isEqualTo(new Reply.Int(1));
    assertThat(s.apply(cmd("SET", "n", Long.toString(Long.MAX_VALUE)))).isEqualTo(Reply.OK);
    assertThat(s.apply(cmd("INCR", "n")))
        .isEqualTo(new Reply.Error("ERR increment or decrement would overflow"));
  }

  @Test
  void snapshotsComposeLikeApplyingTheLog() {
    Snapshotter<KvEntry, KvSnapshot> snap = KvSnapshot.snapshotter();
    Random r = new Random(7);
    List<KvEntry> log = new ArrayList<>();
    long time = 1_000_000;
    for (int i = 0; i < 400; i++) {
      String k = "k" + r.nextInt(20);
      switch (r.nextInt(7)) {
        case 0 -> log.add(cmd("SET", k, Integer.toString(r.nextInt(10))));
        case 1 -> log.add(cmd("INCRBY", k, Integer.toString(r.nextInt(3))));
        case 2 -> log.add(cmd("DEL", k));
        case 3 -> log.add(cmd("PEXPIRE", k, Integer.toString(r.nextInt(500))));
        case 4 -> log.add(new KvEntry.Clock(time += r.nextInt(200)));
        case 5 -> log.add(new KvEntry.Fence());
        default -> log.add(new KvEntry.Invoke(r.nextInt(3), List.of(
            "SET".getBytes(), k.getBytes(), "v".getBytes(), "PX".getBytes(), "300".getBytes())));
      }
    }
    KvSnapshot whole = snap.create(log);
    KvSnapshot composed = snap.extend(snap.create(log.subList(0, 150)), log.subList(150, 400));
    assertThat(composed).isEqualTo(whole);
    Codec<KvSnapshot> c = KvCodecs.snapshots();
    assertThat(c.decode(c.encode(whole))).isEqualTo(whole);
  }

  @Test
  void theStateMachinesOwnSnapshotIsTheOneTheLogReplayBuilds() {
    // A server installs its applied state as the snapshot instead of replaying the log: the two
    // must be the same state, byte for byte, or servers' images would differ.
    Random r = new Random(11);
    List<KvEntry> log = new ArrayList<>();
    KvStateMachine machine = new KvStateMachine();
    long time = 5_000_000;
    for (int i = 0; i < 300; i++) {
      String k = "k" + r.nextInt(15);
      KvEntry e = switch (r.nextInt(4)) {
        case 0 -> cmd("SET", k, Integer.toString(r.nextInt(10)), "PX", "250");
        case 1 -> cmd("INCR", k);
        case 2 -> new KvEntry.Clock(time += r.nextInt(100));
        default -> cmd("DEL", k);
      };
      log.add(e);
      machine.apply(new omnipaxos.runtime.DecidedEvent.Entry<>(i, e));
    }
    KvStateMachine.Applied applied = machine.applied();
    assertThat(applied.position()).isEqualTo(300);
    KvSnapshot replayed = KvSnapshot.snapshotter().create(log);
    assertThat(applied.state()).isEqualTo(replayed);
    byte[] first = KvCodecs.snapshots().encode(applied.state());
    byte[] again = KvCodecs.snapshots().encode(applied.state());
    assertThat(again).isEqualTo(first).isNotSameAs(first);
    first[0] ^= 1;
    assertThat(KvCodecs.snapshots().encode(applied.state())).isEqualTo(again);
    // The image a server stores is the same state, encoded without a copy and decoded on demand.
    KvStateMachine.Image image = machine.image();
    assertThat(image.position()).isEqualTo(300);
    assertThat(image.bytes()).isEqualTo(again);
    KvSnapshot lazy = KvSnapshot.ofCanonical(image.bytes());
    assertThat(lazy.toString()).contains("not decoded");
    assertThat(lazy).isEqualTo(replayed);
    assertThat(lazy.size()).isEqualTo(replayed.size()).isEqualTo(image.keys());
    assertThat(new KvState(lazy).snapshot()).isEqualTo(replayed);
  }

  @Test
  void entryCodecRoundTripsAndDecodesTheOldKinds() {
    Codec<KvEntry> c = KvCodecs.entries();
    for (KvEntry e : List.of(cmd("SET", "k\u00ff", "v"), new KvEntry.Clock(42),
        new KvEntry.Fence(), new KvEntry.Invoke(3, List.of(new byte[] {0, -1}, new byte[0])))) {
      assertThat(c.decode(c.encode(e))).isEqualTo(e);
    }
    byte[] put = new WireWriter(16).writeByte(1).writeBytes("k".getBytes())
        .writeBytes("v".getBytes()).toByteArray();
    assertThat(c.decode(put)).isEqualTo(cmd("SET", "k", "v"));
    byte[] incr = new WireWriter(16).writeByte(3).writeBytes("n".getBytes()).writeLong(-3)
        .toByteArray();
    assertThat(c.decode(incr)).isEqualTo(cmd("INCRBY", "n", "-3"));
    byte[] cas = new WireWriter(16).writeByte(4).writeBytes("k".getBytes()).writeBoolean(false)
        .writeBytes("x".getBytes()).toByteArray();
    assertThat(c.decode(cas)).isEqualTo(cmd("SETNX", "k", "x"));
    byte[] del = new WireWriter(16).writeByte(2).writeInt(2).writeBytes("a".getBytes())
        .writeBytes("b".getBytes()).toByteArray();
    assertThat(c.decode(del)).isEqualTo(cmd("DEL", "a", "b"));
  }

  @Test
  void oldSnapshotsDecode() {
    byte[] old = new WireWriter(16).writeInt(1).writeBytes("a".getBytes())
        .writeBytes("1".getBytes()).toByteArray();
    KvState s = new KvState(KvCodecs.snapshots().decode(old));
    assertThat(s.apply(cmd("GET", "a"))).isEqualTo(Reply.bulk("1"));
  }
}
