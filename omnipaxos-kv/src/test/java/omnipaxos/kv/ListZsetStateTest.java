package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

/** Lists and sorted sets in the state machine: snapshots, their codec, copies and determinism. */
class ListZsetStateTest {

  private static final long NOW = 1_700_000_000_000L;

  private static KvEntry cmd(int db, String... args) {
    return KvEntry.Invoke.of(db, args);
  }

  /** A keyspace with every type, expiries and a large (not compact) sorted set holding -0. */
  private static KvState everyType() {
    KvState s = new KvState();
    s.apply(new KvEntry.Clock(NOW));
    s.apply(cmd(0, "SET", "str", "v\u0000\u00ff"));
    s.apply(cmd(0, "RPUSH", "list", "a", "", "\u00ff\u0000", "b"));
    s.apply(cmd(0, "LPUSH", "list", "head"));
    s.apply(cmd(0, "ZADD", "zset", "1", "a", "-0", "zero", "inf", "top", "-inf", "bottom",
        "0.1", ""));
    s.apply(cmd(3, "RPUSH", "expiring", "x", "y"));
    s.apply(cmd(3, "PEXPIREAT", "expiring", Long.toString(NOW + 60_000)));
    s.apply(cmd(3, "ZADD", "relative", "2", "m"));
    s.apply(cmd(3, "EXPIRE", "relative", "100"));
    for (int i = 0; i < 130; i++) {
      s.apply(cmd(5, "ZADD", "big", Integer.toString(i % 7), "m" + i));
    }
    s.apply(cmd(5, "ZADD", "big", "-0", "negzero"));
    return s;
  }

  private static final List<KvEntry> PROBES = List.of(cmd(0, "GET", "str"),
      cmd(0, "LRANGE", "list", "0", "-1"), cmd(0, "ZRANGE", "zset", "0", "-1", "WITHSCORES"),
      cmd(0, "TYPE", "list"), cmd(0, "TYPE", "zset"), cmd(3, "PTTL", "expiring"),
      cmd(3, "TTL", "relative"), cmd(3, "LRANGE", "expiring", "0", "-1"),
      cmd(5, "ZSCORE", "big", "negzero"), cmd(5, "ZCARD", "big"),
      cmd(5, "ZRANGE", "big", "0", "-1", "WITHSCORES"), cmd(0, "DBSIZE"));

  private static List<Reply> probe(KvState s) {
    List<Reply> out = new ArrayList<>();
    for (KvEntry e : PROBES) {
      out.add(s.read((KvEntry.Invoke) e));
    }
    return out;
  }

  @Test
  void everyTypeRoundTripsThroughTheCodecAndRestore() {
    KvState s = everyType();
    KvSnapshot snap = s.snapshot();
    Codec<KvSnapshot> c = KvCodecs.snapshots();
    KvSnapshot decoded = c.decode(c.encode(snap));
    assertThat(decoded).isEqualTo(snap);
    KvState restored = new KvState(decoded);
    assertThat(probe(restored)).isEqualTo(probe(s));
    assertThat(restored.read((KvEntry.Invoke) cmd(5, "ZSCORE", "big", "negzero")))
        .isEqualTo(new Reply.Dbl(-0.0));
    assertThat(probe(restored).get(1)).isInstanceOf(Reply.Arr.class);
    s.apply(new KvEntry.Clock(NOW + 61_000));
    restored.apply(new KvEntry.Clock(NOW + 61_000));
    assertThat(restored.snapshot()).isEqualTo(s.snapshot());
    assertThat(restored.read((KvEntry.Invoke) cmd(3, "EXISTS", "expiring")))
        .isEqualTo(new Reply.Int(0));
    assertThat(restored.read((KvEntry.Invoke) cmd(3, "EXISTS", "relative")))
        .isEqualTo(new Reply.Int(1));
    assertThat(probe(restored)).isEqualTo(probe(s));
  }

  @Test
  void aSnapshotDoesNotChangeWithTheStateAfterIt() {
    KvState s = everyType();
    KvSnapshot snap = s.snapshot();
    byte[] before = KvCodecs.snapshots().encode(snap);
    s.apply(cmd(0, "RPUSH", "list", "more"));
    s.apply(cmd(0, "LSET", "list", "0", "changed"));
    s.apply(cmd(0, "ZADD", "zset", "5", "a"));
    s.apply(cmd(5, "ZPOPMIN", "big", "3"));
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(before);
    KvState fromSnap = new KvState(snap);
    fromSnap.apply(cmd(0, "RPUSH", "list", "other"));
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(before);
  }

  @Test
  void stringOnlySnapshotsOfFormatTwoStillDecode() {
    byte[] key = "k".getBytes(StandardCharsets.ISO_8859_1);
    byte[] old = new WireWriter(64).writeInt(-2).writeLong(NOW).writeLong(9).writeInt(1)
        .writeInt(2).writeInt(1).writeBytes(key).writeByte(1).writeBytes("v".getBytes())
        .writeLong(-1).writeBoolean(false).writeLong(4).toByteArray();
    KvSnapshot snap = KvCodecs.snapshots().decode(old);
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(old);
    assertThat(new KvState(snap).read((KvEntry.Invoke) cmd(2, "GET", "k")))
        .isEqualTo(Reply.bulk("v"));
  }

  @Test
  void snapshotsComposeLikeApplyingTheLog() {
    Snapshotter<KvEntry, KvSnapshot> snap = KvSnapshot.snapshotter();
    Random r = new Random(11);
    List<KvEntry> log = new ArrayList<>();
    long time = NOW;
    String[] ops = {"RPUSH", "LPOP", "LMOVE", "ZADD", "ZINCRBY", "ZPOPMIN", "COPY", "PEXPIRE",
        "CLOCK", "ZRANGESTORE"};
    for (int i = 0; i < 600; i++) {
      String k = "k" + r.nextInt(6);
      String k2 = "k" + r.nextInt(6);
      String v = Integer.toString(r.nextInt(9));
      log.add(switch (ops[r.nextInt(ops.length)]) {
        case "RPUSH" -> cmd(0, "RPUSH", k, v, v + v);
        case "LPOP" -> cmd(0, "LPOP", k, v);
        case "LMOVE" -> cmd(0, "LMOVE", k, k2, "LEFT", "RIGHT");
        case "ZADD" -> cmd(0, "ZADD", k, v, "m" + v);
        case "ZINCRBY" -> cmd(0, "ZINCRBY", k, "-0.5", "m" + v);
        case "ZPOPMIN" -> cmd(0, "ZPOPMIN", k);
        case "COPY" -> cmd(0, "COPY", k, k2, "REPLACE");
        case "PEXPIRE" -> cmd(0, "PEXPIRE", k, Integer.toString(r.nextInt(500)));
        case "ZRANGESTORE" -> cmd(0, "ZRANGESTORE", k2, k, "0", v);
        default -> new KvEntry.Clock(time += r.nextInt(200));
      });
    }
    KvSnapshot whole = snap.create(log);
    KvSnapshot composed = snap.extend(snap.create(log.subList(0, 250)), log.subList(250, 600));
    assertThat(composed).isEqualTo(whole);
    Codec<KvSnapshot> c = KvCodecs.snapshots();
    assertThat(c.decode(c.encode(whole))).isEqualTo(whole);
    KvState a = new KvState();
    KvState b = new KvState();
    for (KvEntry e : log) {
      assertThat(b.apply(e)).isEqualTo(a.apply(e));
    }
    assertThat(b.snapshot()).isEqualTo(whole);
  }
}
