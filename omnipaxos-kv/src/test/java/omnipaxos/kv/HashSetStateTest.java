package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

/**
 * Hashes and sets in the state machine: snapshots carry them (with their expiry and the encoding
 * that decides their order) through the codec and restore, snapshots do not change when the state
 * goes on, and random picks are the same on every replica.
 */
class HashSetStateTest {

  private static KvEntry cmd(String... args) {
    return KvEntry.Invoke.of(0, args);
  }

  private static KvEntry cmdIn(int db, String... args) {
    return KvEntry.Invoke.of(db, args);
  }

  /** A keyspace holding every type, compact and not, with and without expiry, in two dbs. */
  private static List<KvEntry> everyType() {
    List<KvEntry> log = new ArrayList<>();
    log.add(new KvEntry.Clock(1_000_000));
    log.add(cmd("SET", "str", "v"));
    log.add(cmd("SET", "str2", "w", "PX", "5000"));
    log.add(cmd("HSET", "h", "b", "2", "a", "1", "\u0000", "\u00ff"));
    log.add(cmd("HSET", "hlong", "f", "x".repeat(70), "g", "1"));
    log.add(cmd("PEXPIREAT", "h", "2000000"));
    log.add(cmd("SADD", "ints", "3", "1", "2"));
    log.add(cmd("SADD", "mixed", "b", "a", "7"));
    log.add(cmd("EXPIRE", "mixed", "100"));
    log.add(cmdIn(5, "SADD", "other", "x"));
    log.add(cmdIn(5, "HSET", "oh", "f", "v"));
    return log;
  }

  /** Commands whose replies depend on the order and encoding of the values. */
  private static List<KvEntry> probes() {
    return List.of(cmd("HGETALL", "h"), cmd("HGETALL", "hlong"), cmd("SMEMBERS", "ints"),
        cmd("SMEMBERS", "mixed"), cmd("HSCAN", "hlong", "0", "COUNT", "1"),
        cmd("SSCAN", "ints", "0", "COUNT", "1"), cmd("SADD", "ints", "z"),
        cmd("SMEMBERS", "ints"), cmd("PTTL", "h"), cmd("PTTL", "str2"), cmd("TTL", "mixed"),
        cmd("SPOP", "mixed"), cmd("SRANDMEMBER", "ints", "-5"), cmd("HRANDFIELD", "h", "2"),
        cmdIn(5, "SMEMBERS", "other"), cmdIn(5, "HGETALL", "oh"), cmd("TYPE", "h"),
        cmd("TYPE", "ints"));
  }

  private static List<Reply> run(KvState s, List<KvEntry> entries) {
    List<Reply> out = new ArrayList<>();
    entries.forEach(e -> out.add(s.apply(e)));
    return out;
  }

  @Test
  void snapshotsRoundTripEveryTypeThroughTheCodec() {
    KvState original = new KvState();
    run(original, everyType());
    KvSnapshot snap = original.snapshot();
    Codec<KvSnapshot> c = KvCodecs.snapshots();
    byte[] bytes = c.encode(snap);
    KvSnapshot decoded = c.decode(bytes);
    assertThat(decoded).isEqualTo(snap);
    assertThat(c.encode(decoded)).isEqualTo(bytes);
    assertThat(decoded.size()).isEqualTo(8);
    KvState restored = new KvState(decoded);
    List<Reply> expected = run(original, probes());
    assertThat(run(restored, probes())).isEqualTo(expected);
    assertThat(expected.get(2)).isEqualTo(new Reply.SetReply(
        List.of(Reply.bulk("1"), Reply.bulk("2"), Reply.bulk("3"))));
    assertThat(expected.get(7)).isEqualTo(new Reply.SetReply(
        List.of(Reply.bulk("1"), Reply.bulk("2"), Reply.bulk("3"), Reply.bulk("z"))));
  }

  @Test
  void stringSnapshotsWrittenBeforeHashesAndSetsStillDecode() {
    byte[] before = new WireWriter(64).writeInt(-2).writeLong(1_000).writeLong(7).writeInt(1)
        .writeInt(3).writeInt(1).writeBytes("k".getBytes()).writeByte(1)
        .writeBytes("v".getBytes()).writeLong(5_000).writeBoolean(false).writeLong(6)
        .toByteArray();
    KvSnapshot snap = KvCodecs.snapshots().decode(before);
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(before);
    KvState s = new KvState(snap);
    assertThat(s.apply(cmdIn(3, "GET", "k"))).isEqualTo(Reply.bulk("v"));
    assertThat(s.apply(cmdIn(3, "PTTL", "k"))).isEqualTo(new Reply.Int(4_000));
  }

  @Test
  void aSnapshotDoesNotChangeWhenTheStateGoesOn() {
    KvState s = new KvState();
    run(s, everyType());
    KvSnapshot snap = s.snapshot();
    byte[] before = KvCodecs.snapshots().encode(snap);
    run(s, List.of(cmd("HSET", "h", "new", "1"), cmd("SADD", "ints", "9"), cmd("SREM", "mixed",
        "a"), cmd("HDEL", "hlong", "g"), cmdIn(5, "SPOP", "other")));
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(before);
    KvState fromSnap = new KvState(snap);
    run(fromSnap, List.of(cmd("HSET", "h", "other", "1")));
    assertThat(KvCodecs.snapshots().encode(snap)).isEqualTo(before);
  }

  @Test
  void scansOfLargeCollectionsAgreeWithAFreshServerAndMissNothing() {
    KvState s = new KvState();
    for (int i = 0; i < 300; i++) {
      s.apply(cmd("SADD", "s", "m" + i));
      s.apply(cmd("HSET", "h", "f" + i, "v"));
    }
    Set<String> seen = new HashSet<>();
    String[] cursors = {"0", "0"};
    int round = 0;
    do {
      for (int k = 0; k < 2; k++) {
        String key = k == 0 ? "s" : "h";
        KvEntry scan = cmd(k == 0 ? "SSCAN" : "HSCAN", key, cursors[k], "COUNT", "10");
        Reply mine = s.apply(scan);
        assertThat(new KvState(s.snapshot()).apply(scan)).isEqualTo(mine);
        List<Reply> page = ((Reply.Arr) mine).items();
        cursors[k] = new String(((Reply.Bulk) page.get(0)).bytes());
        ((Reply.Arr) page.get(1)).items().forEach(r -> seen.add(key + new String(
            ((Reply.Bulk) r).bytes())));
      }
      s.apply(cmd("SREM", "s", "m" + (100 + round)));
      s.apply(cmd("HDEL", "h", "f" + (100 + round)));
      s.apply(cmd("SADD", "s", "new" + round));
      s.apply(cmd("HSET", "h", "new" + round, "v"));
      round++;
    } while (!cursors[0].equals("0") || !cursors[1].equals("0"));
    for (int i = 0; i < 100; i++) {
      assertThat(seen).contains("sm" + i, "hf" + i);
    }
  }

  @Test
  void copyIsDeep() {
    KvState s = new KvState();
    run(s, List.of(cmd("SADD", "a", "1"), cmd("COPY", "a", "b"), cmd("SADD", "b", "2"),
        cmd("HSET", "h", "f", "1"), cmd("COPY", "h", "g"), cmd("HDEL", "g", "f")));
    assertThat(s.apply(cmd("SCARD", "a"))).isEqualTo(new Reply.Int(1));
    assertThat(s.apply(cmd("HLEN", "h"))).isEqualTo(new Reply.Int(1));
    assertThat(s.apply(cmd("EXISTS", "g"))).isEqualTo(new Reply.Int(0));
  }

  @Test
  void randomPicksAndSnapshotsAgreeAcrossReplicas() {
    Random r = new Random(11);
    List<KvEntry> log = new ArrayList<>();
    String[] shapes = {"SADD", "SPOP", "SRANDMEMBER", "HSET", "HRANDFIELD", "SMOVE", "HDEL",
        "SINTERSTORE", "HINCRBY"};
    for (int i = 0; i < 600; i++) {
      String k = "k" + r.nextInt(4);
      String m = Integer.toString(r.nextInt(30)) + (r.nextInt(5) == 0 ? "x" : "");
      String n = Integer.toString(r.nextInt(7) - 3);
      log.add(switch (shapes[r.nextInt(shapes.length)]) {
        case "SADD" -> cmd("SADD", k, m, m + "1");
        case "SPOP" -> cmd("SPOP", k, Integer.toString(r.nextInt(3)));
        case "SRANDMEMBER" -> cmd("SRANDMEMBER", k, n);
        case "HSET" -> cmd("HSET", k, m, n);
        case "HRANDFIELD" -> cmd("HRANDFIELD", k, n, "WITHVALUES");
        case "SMOVE" -> cmd("SMOVE", k, "k" + r.nextInt(4), m);
        case "HDEL" -> cmd("HDEL", k, m);
        case "SINTERSTORE" -> cmd("SUNIONSTORE", k, k, "k" + r.nextInt(4));
        default -> cmd("HINCRBY", k, m, n);
      });
    }
    KvState a = new KvState();
    KvState b = new KvState();
    assertThat(run(b, log)).isEqualTo(run(a, log));
    Snapshotter<KvEntry, KvSnapshot> snap = KvSnapshot.snapshotter();
    KvSnapshot composed = snap.extend(snap.create(log.subList(0, 250)), log.subList(250, 600));
    assertThat(composed).isEqualTo(a.snapshot());
  }
}
