package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

/**
 * Transactions in the state machine: one entry applied at once, WATCH checked at apply time
 * (writes, deletes, expiry, flushes, keys absent when watched), carried by snapshots and the codec.
 */
class KvTransactionStateTest {

  private static KvEntry.Invoke cmd(String... args) {
    return KvEntry.Invoke.of(0, args);
  }

  private static KvEntry.Txn txn(List<KvEntry.Watch> watches, KvEntry.Invoke... commands) {
    return new KvEntry.Txn(List.of(commands), watches);
  }

  @Test
  void appliesEveryCommandWithItsOwnReply() {
    KvState s = new KvState();
    Reply r = s.apply(txn(List.of(), cmd("SET", "a", "x"), cmd("INCR", "a"),
        KvEntry.Invoke.of(1, "SET", "a", "one"), cmd("GET", "a")));
    assertThat(r).isEqualTo(new Reply.Arr(List.of(Reply.OK,
        new Reply.Error("ERR value is not an integer or out of range"), Reply.OK,
        Reply.bulk("x"))));
    assertThat(s.apply(KvEntry.Invoke.of(1, "GET", "a"))).isEqualTo(Reply.bulk("one"));
  }

  @Test
  void aWatchedKeyThatChangedAbortsTheWholeTransaction() {
    KvState s = new KvState();
    s.apply(cmd("SET", "k", "1"));
    List<KvEntry.Watch> seen = s.watch(0, List.of("k"));
    s.apply(cmd("SET", "k", "1"));
    assertThat(s.apply(txn(seen, cmd("SET", "other", "x")))).isEqualTo(new Reply.NullArray());
    assertThat(s.apply(cmd("EXISTS", "other"))).isEqualTo(new Reply.Int(0));

    seen = s.watch(0, List.of("k"));
    s.apply(cmd("GET", "k"));
    s.apply(cmd("SET", "k", "2", "NX"));
    assertThat(s.apply(txn(seen, cmd("GET", "k")))).isEqualTo(
        new Reply.Arr(List.of(Reply.bulk("1"))));

    seen = s.watch(0, List.of("k"));
    s.apply(cmd("DEL", "k"));
    assertThat(s.apply(txn(seen, cmd("GET", "k")))).isEqualTo(new Reply.NullArray());
  }

  @Test
  void aCollectionChangedInPlaceCountsAsAChangeForWatch() {
    // Hashes, sets, lists and sorted sets change in place: each such write must move the version.
    String[][] creates = {{"HSET", "c", "f", "1"}, {"SADD", "c", "m"}, {"RPUSH", "c", "e"},
        {"ZADD", "c", "1", "m"}};
    String[][] changes = {{"HSET", "c", "g", "2"}, {"SADD", "c", "n"}, {"LPUSH", "c", "d"},
        {"ZINCRBY", "c", "2", "m"}};
    for (int i = 0; i < creates.length; i++) {
      KvState s = new KvState();
      s.apply(cmd(creates[i]));
      List<KvEntry.Watch> seen = s.watch(0, List.of("c"));
      s.apply(cmd(changes[i]));
      assertThat(s.apply(txn(seen, cmd("SET", "done", "1")))).as(changes[i][0])
          .isEqualTo(new Reply.NullArray());
      seen = s.watch(0, List.of("c"));
      s.apply(cmd("TYPE", "c"));
      assertThat(s.apply(txn(seen, cmd("SET", "done", "1")))).as("after " + changes[i][0])
          .isEqualTo(new Reply.Arr(List.of(Reply.OK)));
    }
  }

  @Test
  void aKeyAbsentWhenWatchedAbortsIfItCameAndWentMeanwhile() {
    KvState s = new KvState();
    List<KvEntry.Watch> seen = s.watch(0, List.of("k"));
    s.apply(cmd("DEL", "k"));
    assertThat(s.apply(txn(seen, cmd("GET", "k")))).isEqualTo(
        new Reply.Arr(List.of(new Reply.Null())));

    seen = s.watch(0, List.of("k"));
    s.apply(cmd("SET", "k", "1"));
    s.apply(cmd("DEL", "k"));
    assertThat(s.apply(txn(seen, cmd("GET", "k")))).isEqualTo(new Reply.NullArray());

    s.apply(new KvEntry.Clock(1_000));
    seen = s.watch(0, List.of("e"));
    s.apply(cmd("SET", "e", "1", "PX", "10"));
    s.apply(new KvEntry.Clock(2_000));
    s.apply(new KvEntry.Clock(3_000));
    assertThat(s.apply(txn(seen, cmd("GET", "e")))).isEqualTo(new Reply.NullArray());

    seen = s.watch(0, List.of("f"));
    s.apply(cmd("SET", "f", "1"));
    s.apply(cmd("FLUSHALL"));
    assertThat(s.apply(txn(seen, cmd("GET", "f")))).isEqualTo(new Reply.NullArray());
  }

  @Test
  void snapshotsCarryTheTombstonesSoReplicasAgree() {
    KvState live = new KvState();
    List<KvEntry.Watch> seen = live.watch(0, List.of("k"));
    live.apply(cmd("SET", "k", "1"));
    live.apply(cmd("DEL", "k"));
    KvSnapshot snap = KvCodecs.snapshots().decode(KvCodecs.snapshots().encode(live.snapshot()));
    assertThat(snap).isEqualTo(live.snapshot());
    KvState restored = new KvState(snap);
    KvEntry.Txn t = txn(seen, cmd("SET", "k", "2"));
    assertThat(restored.apply(t)).isEqualTo(live.apply(t)).isEqualTo(new Reply.NullArray());
  }

  @Test
  void theCodecRoundTripsTransactions() {
    KvEntry.Txn t = new KvEntry.Txn(List.of(cmd("SET", "a", "1"), KvEntry.Invoke.of(3, "GET", "b")),
        List.of(new KvEntry.Watch(0, "a", 7), new KvEntry.Watch(2, "\u00ff", -5)));
    KvEntry back = KvCodecs.entries().decode(KvCodecs.entries().encode(t));
    assertThat(back).isEqualTo(t);
  }
}
