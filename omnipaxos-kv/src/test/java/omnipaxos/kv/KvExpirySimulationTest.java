package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.Snapshotter;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.testkit.EntryCodec;
import omnipaxos.testkit.SimOptions;
import omnipaxos.testkit.Simulator;
import org.junit.jupiter.api.Test;

/**
 * Expiry in the testkit's deterministic simulator, with {@link KvState} as the application: three
 * nodes whose wall clocks are skewed (one 5 s behind, one 1.5 s ahead) and whose leader changes
 * again and again (crashed and restarted, isolated and reconnected). Every node that believes it
 * leads appends its own time as a {@link KvEntry.Clock} every 100 ms, as KvServer does; clients
 * propose SET PX, PEXPIRE, PEXPIREAT (from the proposer's clock), GET, PTTL, INCR, DBSIZE and
 * PERSIST at random nodes. Each node applies its decided log to a replica of its own (rebuilt from
 * position 0 after a crash, as a restarted server replays); at every log position every replica
 * must give the same reply and the same set of existing keys, and the log's clock never goes back.
 */
class KvExpirySimulationTest {

  private static final long EPOCH_MS = 1_700_000_000_000L;
  private static final Map<Long, Long> SKEW_MS = Map.of(1L, 0L, 2L, -5_000L, 3L, 1_500L);

  /** A log entry with the proposal id the simulator traces. */
  record SimKv(long id, KvEntry entry) {}

  /** What one position of the log gives: the entry's reply, then the keys that exist. */
  record AtPosition(Reply reply, Reply keys) {}

  /** Makes the simulator's entries from the command the test chose for the next proposal. */
  private static final class Codec implements EntryCodec<SimKv> {
    KvEntry next;

    @Override
    public SimKv entry(long id) {
      return new SimKv(id, next);
    }

    @Override
    public long id(SimKv entry) {
      return entry.id();
    }
  }

  private final Codec codec = new Codec();
  private final List<AtPosition> reference = new ArrayList<>();
  private final List<Long> clocks = new ArrayList<>();
  private final Map<Long, KvState> replicas = new HashMap<>();
  private final Map<Long, Long> applied = new HashMap<>();
  private final Set<Long> leaders = new LinkedHashSet<>();
  private int expiredByTick;
  private int staleTicks;

  @Test
  void replicasAgreeOnExistingKeysAtEveryPositionWithSkewedClocksAndLeaderChanges() {
    for (long seed = 1; seed <= 3; seed++) {
      reference.clear();
      clocks.clear();
      replicas.clear();
      applied.clear();
      run(seed);
    }
    System.out.printf("KvExpirySimulationTest: leaders %s, %d positions in the last run, %d ticks"
        + " expired keys, %d ticks behind the log's clock%n", leaders, reference.size(),
        expiredByTick, staleTicks);
    assertThat(staleTicks).as("clock entries from a leader behind the log's clock").isPositive();
    assertThat(leaders).as("leaders seen").hasSizeGreaterThanOrEqualTo(3);
    assertThat(expiredByTick).as("clock entries that removed expired keys").isPositive();
    assertThat(reference).extracting(AtPosition::reply)
        .contains(new Reply.Null(), new Reply.Int(-2));
  }

  private void run(long seed) {
    Simulator<SimKv, KvSnapshot> sim = new Simulator<>(
        SimOptions.builder(seed, codec, snapshotter()).nodes(3).tickMs(10).tickDriftMs(1).build());
    sim.onDecision((pid, cfg, pos, value, first) -> decided(pid, pos, (SimKv) value));
    sim.onCrash(pid -> {
      replicas.remove(pid);
      applied.remove(pid);
    });
    SplittableRandom r = new SplittableRandom(seed);
    for (int step = 0; step < 1500; step++) {
      sim.run(10);
      if (step % 10 == 0) {
        tickLeaders(sim);
      }
      long at = sim.pids().get(r.nextInt(3));
      if (sim.isUp(at)) {
        codec.next = command(r, wall(sim, at));
        sim.propose(at);
      }
      if (step % 150 == 75) {
        fault(sim, r);
      }
    }
    sim.heal();
    for (long pid : sim.pids()) {
      if (!sim.isUp(pid)) {
        sim.restart(pid);
      }
    }
    sim.run(3000);
    long decided = sim.node(1).decidedIdx();
    for (long pid : sim.pids()) {
      assertThat(sim.node(pid).decidedIdx()).as("decided at %d", pid).isEqualTo(decided);
      assertThat(applied.get(pid)).as("positions applied by %d", pid).isEqualTo(decided);
      assertThat(replicas.get(pid).snapshot()).isEqualTo(replicas.get(1L).snapshot());
    }
  }

  /** Crashes the leader (restarted 600 ms later) or isolates it (reconnected 600 ms later). */
  private void fault(Simulator<SimKv, KvSnapshot> sim, SplittableRandom r) {
    long leader = sim.leader().orElse(1 + r.nextInt(3));
    if (!sim.isUp(leader)) {
      return;
    }
    if (r.nextBoolean()) {
      sim.crash(leader);
      sim.after(600, "restart " + leader, () -> sim.restart(leader));
    } else {
      sim.isolate(leader);
      sim.after(600, "reconnect " + leader, () -> sim.reconnect(leader));
    }
  }

  /** Every up node that believes it leads appends its own clock. */
  private void tickLeaders(Simulator<SimKv, KvSnapshot> sim) {
    for (long pid : sim.pids()) {
      if (sim.isUp(pid)) {
        OmniPaxos<SimKv, KvSnapshot> core = sim.node(pid);
        if (core.isLeader()) {
          leaders.add(pid);
          codec.next = new KvEntry.Clock(wall(sim, pid));
          sim.propose(pid);
        }
      }
    }
  }

  private static long wall(Simulator<SimKv, KvSnapshot> sim, long pid) {
    return EPOCH_MS + sim.now() + SKEW_MS.get(pid);
  }

  private static KvEntry command(SplittableRandom r, long now) {
    String k = "k" + r.nextInt(12);
    return switch (r.nextInt(9)) {
      case 0, 1 -> KvEntry.Invoke.of(0, "SET", k, "v", "PX", "" + (1 + r.nextInt(400)));
      case 2 -> KvEntry.Invoke.of(0, "PEXPIRE", k, "" + (r.nextInt(500) - 20));
      case 3 -> KvEntry.Invoke.of(0, "PEXPIREAT", k, "" + (now + r.nextInt(700)));
      case 4 -> KvEntry.Invoke.of(0, "GET", k);
      case 5 -> KvEntry.Invoke.of(0, "PTTL", k);
      case 6 -> KvEntry.Invoke.of(0, "INCR", k);
      case 7 -> KvEntry.Invoke.of(0, "PERSIST", k);
      default -> KvEntry.Invoke.of(0, "DBSIZE");
    };
  }

  /** Node {@code pid} decided {@code pos}: its replica applies it and must agree with the rest. */
  private void decided(long pid, long pos, SimKv value) {
    long next = applied.getOrDefault(pid, 0L);
    assertThat(pos).as("node %d decides positions in order", pid).isEqualTo(next);
    KvState s = replicas.computeIfAbsent(pid, p -> new KvState());
    Reply keysBefore = keys(s);
    AtPosition here = new AtPosition(s.apply(value.entry()), keys(s));
    applied.put(pid, next + 1);
    if (pos < reference.size()) {
      assertThat(here).as("node %d at position %d (%s)", pid, pos, value)
          .isEqualTo(reference.get((int) pos));
      return;
    }
    long clock = s.snapshot().keyspace().clockMs();
    assertThat(clock).as("log clock at %d", pos)
        .isGreaterThanOrEqualTo(clocks.isEmpty() ? 0 : clocks.get(clocks.size() - 1));
    if (value.entry() instanceof KvEntry.Clock c) {
      expiredByTick += keysBefore.equals(here.keys()) ? 0 : 1;
      staleTicks += c.timeMs() < clock ? 1 : 0;
    }
    reference.add(here);
    clocks.add(clock);
  }

  private static Reply keys(KvState s) {
    return s.read(KvEntry.Invoke.of(0, "KEYS", "*"));
  }

  private static Snapshotter<SimKv, KvSnapshot> snapshotter() {
    Snapshotter<KvEntry, KvSnapshot> kv = KvSnapshot.snapshotter();
    return new Snapshotter<>() {
      @Override
      public KvSnapshot create(List<SimKv> entries) {
        return kv.create(entries.stream().map(SimKv::entry).toList());
      }

      @Override
      public KvSnapshot extend(KvSnapshot base, List<SimKv> entries) {
        return kv.extend(base, entries.stream().map(SimKv::entry).toList());
      }
    };
  }
}
