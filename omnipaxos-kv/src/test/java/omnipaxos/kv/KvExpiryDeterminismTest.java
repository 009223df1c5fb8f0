package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

/**
 * Expiry is decided by the log alone: a log written by leaders with skewed clocks (one far behind,
 * one ahead, leadership changing) gives the same replies and state on a replica that applied it
 * entry by entry, on one that restored a snapshot half-way, and on one that caught up from a
 * snapshot built by composing; the log's clock never goes backwards.
 */
class KvExpiryDeterminismTest {

  @Test
  void replicasAgreeWithSkewedLeaderClocksAndLeaderChanges() {
    Random r = new Random(3);
    long[] skew = {0, -5_000, 1_500};
    long real = 1_700_000_000_000L;
    int leader = 0;
    List<KvEntry> log = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      real += r.nextInt(40);
      if (r.nextInt(200) == 0) {
        leader = r.nextInt(3);
      }
      String k = "k" + r.nextInt(15);
      switch (r.nextInt(9)) {
        case 0, 1 -> log.add(new KvEntry.Clock(real + skew[leader]));
        case 2 -> log.add(KvEntry.Invoke.of(0, "SET", k, "v" + i, "PX", "" + (1 + r.nextInt(300))));
        case 3 -> log.add(KvEntry.Invoke.of(0, "PEXPIRE", k, "" + (r.nextInt(400) - 50)));
        case 4 -> log.add(KvEntry.Invoke.of(0, "PEXPIREAT", k, "" + (real + r.nextInt(500))));
        case 5 -> log.add(KvEntry.Invoke.of(0, "GET", k));
        case 6 -> log.add(KvEntry.Invoke.of(0, "PTTL", k));
        case 7 -> log.add(KvEntry.Invoke.of(0, "INCR", k));
        default -> log.add(KvEntry.Invoke.of(0, "DBSIZE"));
      }
    }
    KvState whole = new KvState();
    List<Reply> replies = new ArrayList<>();
    long lastClock = 0;
    for (KvEntry e : log) {
      replies.add(whole.apply(e));
      long clock = whole.snapshot().keyspace().clockMs();
      assertThat(clock).isGreaterThanOrEqualTo(lastClock);
      lastClock = clock;
    }
    int half = 1234;
    KvState first = new KvState();
    log.subList(0, half).forEach(first::apply);
    KvState restored = new KvState(KvCodecs.snapshots().decode(
        KvCodecs.snapshots().encode(first.snapshot())));
    for (int i = half; i < log.size(); i++) {
      assertThat(restored.apply(log.get(i))).as("entry " + i + " " + log.get(i))
          .isEqualTo(replies.get(i));
    }
    KvSnapshot composed = KvSnapshot.snapshotter().extend(
        KvSnapshot.snapshotter().create(log.subList(0, 700)), log.subList(700, log.size()));
    assertThat(restored.snapshot()).isEqualTo(whole.snapshot()).isEqualTo(composed);
    assertThat(replies).contains(new Reply.Null(), new Reply.Int(-2));
  }

  @Test
  void relativeExpiryCountsFromTheNextTickAndLocalReadsAgreeWithTheLog() {
    KvState s = new KvState();
    s.apply(new KvEntry.Clock(1_000));
    // A stale clock (no tick for a long time): the TTL is anchored at the next tick.
    s.apply(KvEntry.Invoke.of(0, "SET", "a", "1", "PX", "100"));
    assertThat(s.read(KvEntry.Invoke.of(0, "PTTL", "a"))).isEqualTo(new Reply.Int(100));
    s.apply(new KvEntry.Clock(50_000));
    assertThat(s.read(KvEntry.Invoke.of(0, "PTTL", "a"))).isEqualTo(new Reply.Int(100));
    s.apply(new KvEntry.Clock(50_080));
    assertThat(s.read(KvEntry.Invoke.of(0, "GET", "a"))).isEqualTo(Reply.bulk("1"));
    s.apply(new KvEntry.Clock(40_000));
    assertThat(s.read(KvEntry.Invoke.of(0, "PTTL", "a"))).isEqualTo(new Reply.Int(20));
    s.apply(new KvEntry.Clock(50_101));
    assertThat(s.read(KvEntry.Invoke.of(0, "GET", "a"))).isEqualTo(new Reply.Null());
    assertThat(s.size()).isZero();
    assertThat(s.hasExpiries()).isFalse();
  }
}
