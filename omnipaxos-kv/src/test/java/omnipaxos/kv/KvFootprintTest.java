package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import omnipaxos.kv.command.Footprint;
import omnipaxos.kv.command.KvEntry;
import org.junit.jupiter.api.Test;

/**
 * The deterministic estimate of the dataset's bytes (INFO memory's
 * omnipaxos_dataset_bytes_estimate): the same on every state that applied the same log, the same
 * after a snapshot's round trip, and changed by exactly the documented amounts by writes, deletes
 * and expiry.
 */
class KvFootprintTest {

  private static KvEntry cmd(String... args) {
    return KvEntry.Invoke.of(0, args);
  }

  private static long bytes(KvState s) {
    return s.memoryStats().bytes();
  }

  /** A random log over every type: writes, deletes, renames, flushes, expiries and clock ticks. */
  private static List<KvEntry> randomLog(long seed, int n) {
    Random r = new Random(seed);
    List<KvEntry> log = new ArrayList<>();
    long clock = 1_000_000;
    for (int i = 0; i < n; i++) {
      String k = "k" + r.nextInt(30);
      String v = "v".repeat(r.nextInt(90));
      String m = "m" + r.nextInt(200);
      log.add(switch (r.nextInt(22)) {
        case 0 -> cmd("SET", k, v);
        case 1 -> cmd("SET", k, v, "PX", Integer.toString(1 + r.nextInt(500)));
        case 2 -> cmd("DEL", k);
        case 3 -> cmd("HSET", k, m, v);
        case 4 -> cmd("HDEL", k, m);
        case 5 -> cmd("SADD", k, m, Integer.toString(r.nextInt(600)));
        case 6 -> cmd("SREM", k, m);
        case 7 -> cmd("RPUSH", k, v, m);
        case 8 -> cmd("LPUSH", k, m);
        case 9 -> cmd("LPOP", k);
        case 10 -> cmd("LTRIM", k, "1", "-2");
        case 11 -> cmd("LSET", k, "0", v);
        case 12 -> cmd("ZADD", k, Integer.toString(r.nextInt(9)), m);
        case 13 -> cmd("ZREM", k, m);
        case 14 -> cmd("ZPOPMIN", k);
        case 15 -> cmd("RENAME", k, "k" + r.nextInt(30));
        case 16 -> cmd("COPY", k, "k" + r.nextInt(30), "REPLACE");
        case 17 -> cmd("APPEND", k, v);
        case 18 -> cmd("PERSIST", k);
        case 19 -> r.nextInt(20) == 0 ? cmd("FLUSHALL") : cmd("SWAPDB", "0", "1");
        case 20 -> cmd("SINTERSTORE", k, "k" + r.nextInt(30), "k" + r.nextInt(30));
        default -> new KvEntry.Clock(clock += r.nextInt(300));
      });
    }
    return log;
  }

  @Test
  void twoStatesReplayingTheSameLogReportTheSameFigures() {
    List<KvEntry> log = randomLog(14, 5_000);
    KvState a = new KvState();
    KvState b = new KvState();
    for (int i = 0; i < log.size(); i++) {
      a.apply(log.get(i));
      b.apply(log.get(i));
      assertThat(b.memoryStats()).isEqualTo(a.memoryStats());
    }
    assertThat(a.memoryStats().keys()).isPositive();
    assertThat(a.memoryStats().bytesPerKey()).isPositive();
  }

  @Test
  void theIncrementalEstimateEqualsOneRecomputedFromASnapshot() {
    for (long seed = 0; seed < 20; seed++) {
      KvState s = new KvState();
      List<KvEntry> log = randomLog(seed, 2_000);
      for (int i = 0; i < log.size(); i++) {
        s.apply(log.get(i));
        if (i % 100 == 99) {
          KvState restored = new KvState(KvSnapshot.ofCanonical(s.canonicalBytes()));
          assertThat(bytes(restored)).as("seed %d, entry %d", seed, i).isEqualTo(bytes(s));
          assertThat(bytes(new KvState(s.snapshot()))).isEqualTo(bytes(s));
        }
      }
    }
  }

  @Test
  void writesDeletesAndExpiryChangeTheEstimateByTheirSize() {
    KvState s = new KvState();
    s.apply(new KvEntry.Clock(1_000));
    assertThat(bytes(s)).isZero();
    long key = Footprint.key("key");
    s.apply(cmd("SET", "key", "0123456789"));
    assertThat(bytes(s)).isEqualTo(key + Footprint.STR + Footprint.array(10));
    s.apply(cmd("SET", "key", "x".repeat(100)));
    assertThat(bytes(s)).isEqualTo(key + Footprint.STR + Footprint.array(100));
    s.apply(cmd("DEL", "key"));
    assertThat(bytes(s)).isZero();

    s.apply(cmd("HSET", "key", "field", "value"));
    long field = Footprint.HASH_FIELD + Footprint.string(5) + Footprint.array(5);
    assertThat(bytes(s)).isEqualTo(key + Footprint.HASH + field);
    s.apply(cmd("HSET", "key", "f2", "v", "field", "value2"));
    long f2 = Footprint.HASH_FIELD + Footprint.string(2) + Footprint.array(1);
    assertThat(bytes(s)).isEqualTo(key + Footprint.HASH + f2 + field
        - Footprint.array(5) + Footprint.array(6));
    s.apply(cmd("HDEL", "key", "field"));
    assertThat(bytes(s)).isEqualTo(key + Footprint.HASH + f2);
    assertThat(s.memoryStats().keys()).isEqualTo(1);

    s.apply(cmd("PEXPIRE", "key", "50"));
    assertThat(bytes(s)).isEqualTo(key + Footprint.HASH + f2 + Footprint.VOLATILE);
    s.apply(new KvEntry.Clock(1_010));
    s.apply(new KvEntry.Clock(1_100));
    assertThat(bytes(s)).isZero();
    assertThat(s.memoryStats().keys()).isZero();
  }
}
