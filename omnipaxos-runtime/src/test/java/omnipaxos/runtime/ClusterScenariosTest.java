package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real-clock scenarios on 3 and 5 nodes wired through their handles by an in-test router. */
@Timeout(120)
class ClusterScenariosTest {

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5})
  void aLeaderIsElected(int n) {
    try (LocalCluster c = LocalCluster.of(n)) {
      long leader = c.awaitLeader();
      assertThat(c.pids()).contains(leader);
      assertThat(Await.result(c.node(leader).stats()).leader()).hasValue(leader);
    }
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5})
  void appendsFromEveryNodeAreDecidedInTheSameOrderEverywhere(int n) {
    try (LocalCluster c = LocalCluster.of(n)) {
      c.awaitLeader();
      Map<Long, List<DecidedEvent<String, List<String>>>> delivered = new ConcurrentHashMap<>();
      List<DecidedSubscription<String, List<String>>> subs = new ArrayList<>();
      for (long p : c.pids()) {
        List<DecidedEvent<String, List<String>>> events = Collections.synchronizedList(new ArrayList<>());
        delivered.put(p, events);
        subs.add(c.node(p).subscribe(0, events::add));
      }
      Map<String, Long> decidedAt = new ConcurrentHashMap<>();
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (long p : c.pids()) {
        clients.add(CompletableFuture.runAsync(() -> appendAll(c, p, 10, decidedAt)));
      }
      clients.forEach(Await::result);
      assertThat(decidedAt).hasSize(10 * n);

      List<String> log = c.awaitSameDecidedLog(decidedAt.size());
      decidedAt.forEach((value, idx) -> assertThat(log.get(idx.intValue())).isEqualTo(value));
      assertThat(log).hasSize(decidedAt.size());
      for (long p : c.pids()) {
        List<DecidedEvent<String, List<String>>> events = delivered.get(p);
        Await.until("node " + p + "'s subscription to deliver the log", () -> events.size() >= log.size());
        List<DecidedEvent<String, List<String>>> expected = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
          expected.add(new DecidedEvent.Entry<>(i, log.get(i)));
        }
        assertThat(new ArrayList<>(events)).isEqualTo(expected);
      }
      subs.forEach(DecidedSubscription::cancel);
      subs.forEach(s -> Await.result(s.completion()));
    }
  }

  /** Appends {@code count} distinct values at node {@code pid} concurrently, retrying those whose fate is unknown. */
  private static void appendAll(LocalCluster c, long pid, int count, Map<String, Long> decidedAt) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String base = "n" + pid + "-" + i;
      all.add(CompletableFuture.runAsync(() -> {
        for (int attempt = 0; ; attempt++) {
          String value = attempt == 0 ? base : base + "#" + attempt;
          long idx = LocalCluster.tryAppendDecided(c.node(pid), value);
          if (idx >= 0) {
            decidedAt.put(value, idx);
            return;
          }
        }
      }));
    }
    all.forEach(Await::result);
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5})
  void theLeaderCrashesAndANewOneTakesOverWhileAppendsContinue(int n) throws Exception {
    try (LocalCluster c = LocalCluster.of(n)) {
      long leader = c.awaitLeader();
      List<Long> followers = c.pids().stream().filter(p -> p != leader).toList();
      Map<String, Long> decidedAt = new ConcurrentHashMap<>();
      Map<Long, AtomicInteger> successes = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (long f : followers) {
        successes.put(f, new AtomicInteger());
        Thread t = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            String value = "n" + f + "-" + i;
            long idx = LocalCluster.tryAppendDecided(c.node(f), value);
            if (idx >= 0) {
              decidedAt.put(value, idx);
              successes.get(f).incrementAndGet();
            }
          }
        }, "client-" + f);
        clients.add(t);
        t.start();
      }
      Await.until("every client to get 5 entries decided",
          () -> successes.values().stream().allMatch(s -> s.get() >= 5));

      c.crash(leader);
      int[] before = followers.stream().mapToInt(f -> successes.get(f).get()).toArray();
      long next = c.awaitLeader(List.of(leader));
      assertThat(next).isNotEqualTo(leader);
      Await.until("every client to get 5 more entries decided after the crash", () -> {
        for (int i = 0; i < followers.size(); i++) {
          if (successes.get(followers.get(i)).get() < before[i] + 5) {
            return false;
          }
        }
        return true;
      });
      stop.set(true);
      for (Thread t : clients) {
        t.join(60_000);
      }

      List<String> log = c.awaitSameDecidedLog(decidedAt.size());
      decidedAt.forEach((value, idx) -> assertThat(log.get(idx.intValue())).isEqualTo(value));
      c.checkAgreement();

      c.start(leader);
      List<String> caughtUp = c.awaitSameDecidedLog(log.size());
      assertThat(caughtUp.subList(0, log.size())).isEqualTo(log);
      long idx = LocalCluster.tryAppendDecided(c.node(leader), "after-restart");
      if (idx >= 0) {
        assertThat(c.awaitSameDecidedLog(idx + 1).get((int) idx)).isEqualTo("after-restart");
      }
    }
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5})
  void aPartitionedLeaderLosesItsAppendAndRejoinsWhenThePartitionHeals(int n) {
    try (LocalCluster c = LocalCluster.of(n, conf -> conf.appendTimeoutMs(60_000))) {
      long leader = c.awaitLeader();
      for (int i = 0; i < 5; i++) {
        assertThat(LocalCluster.tryAppendDecided(c.node(leader), "before-" + i)).isEqualTo(i);
      }
      c.awaitSameDecidedLog(5);

      // The minority: the leader and, with 5 nodes, one follower.
      List<Long> others = c.pids().stream().filter(p -> p != leader).toList();
      List<Long> minority = new ArrayList<>(List.of(leader));
      minority.addAll(others.subList(0, (n - 1) / 2 - 1));
      List<Long> majority = c.pids().stream().filter(p -> !minority.contains(p)).toList();
      for (long m : minority) {
        for (long j : majority) {
          c.network.cut(m, j);
        }
      }
      CompletableFuture<Long> stranded = c.node(leader).appendDecided("stranded");

      long majorityLeader = awaitLeaderAmong(c, majority);
      List<Long> majorityDecided = new CopyOnWriteArrayList<>();
      for (int i = 0; majorityDecided.size() < 5; i++) {
        long idx = LocalCluster.tryAppendDecided(c.node(majorityLeader), "during-" + i);
        if (idx >= 0) {
          majorityDecided.add(idx);
        }
      }
      assertThat(Await.result(c.node(leader).decidedIdx())).isEqualTo(5);
      assertThat(stranded).isNotDone();

      c.network.healAll();
      Throwable failure = Await.failure(stranded);
      assertThat(failure).isInstanceOf(EntryNotDecidedException.class);
      EntryNotDecidedException e = (EntryNotDecidedException) failure;
      assertThat(e.reason()).isEqualTo(EntryNotDecidedException.Reason.LOST);
      assertThat(e.definitelyNotDecided()).isTrue();

      List<String> log = c.awaitSameDecidedLog(5 + majorityDecided.size());
      assertThat(log).doesNotContain("stranded");
      assertThat(log.subList(0, 5)).containsExactly("before-0", "before-1", "before-2", "before-3", "before-4");
      long after = LocalCluster.tryAppendDecided(c.node(leader), "after-heal");
      if (after >= 0) {
        assertThat(c.awaitSameDecidedLog(after + 1).get((int) after)).isEqualTo("after-heal");
      }
    }
  }

  @Test
  void withFlexibleQuorumsTheLeaderDecidesWithAWriteQuorumOfTwo() {
    try (LocalCluster c = LocalCluster.of(5, conf -> conf.flexibleQuorum(4, 2))) {
      long leader = c.awaitLeader();
      List<Long> followers = c.pids().stream().filter(p -> p != leader).toList();
      c.crash(followers.get(0));
      c.crash(followers.get(1));
      c.crash(followers.get(2));
      List<String> written = CompactionTest.appendDecided(c, leader, "fq", 5);
      assertThat(c.awaitSameDecidedLog(5)).isEqualTo(written);
    }
  }

  /** Waits until every node of {@code group} follows the same leader from {@code group}. */
  private static long awaitLeaderAmong(LocalCluster c, List<Long> group) {
    long[] leader = new long[1];
    Await.until("a leader among " + group, () -> {
      long first = -1;
      for (long p : group) {
        NodeStats s = Await.result(c.node(p).stats());
        long l = s.leader().orElse(0);
        if (first == -1) {
          first = l;
        }
        if (l != first || s.electedLeader() != first) {
          return false;
        }
      }
      leader[0] = first;
      return group.contains(first);
    });
    return leader[0];
  }
}
