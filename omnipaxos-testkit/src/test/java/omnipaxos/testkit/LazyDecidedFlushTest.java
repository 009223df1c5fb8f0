package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.Snapshotter;
import org.junit.jupiter.api.Test;

/**
 * The core does not flush a write that only raises the decided index. A crash that loses such writes
 * (on the leader or on a follower) must lose nothing decided: the node recovers the decided index of
 * its last flush, relearns the rest, and every node ends with the same decided log.
 */
class LazyDecidedFlushTest {

  private static final List<Long> PIDS = List.of(1L, 2L, 3L);

  private final Map<Long, SimStorage<Long, Void>> storages = new LinkedHashMap<>();
  private final Map<Long, OmniPaxos<Long, Void>> nodes = new LinkedHashMap<>();

  private OmniPaxos<Long, Void> start(long pid) {
    OmniPaxos<Long, Void> n = new OmniPaxosConfig(ClusterConfig.of(1, PIDS),
        ServerConfig.builder().pid(pid).electionTickTimeout(5).resendMessageTickTimeout(5).build())
        .build(storages.computeIfAbsent(pid, p -> new SimStorage<>()), Snapshotter.disabled());
    nodes.put(pid, n);
    return n;
  }

  private void deliverAll() {
    for (int round = 0; round < 1000; round++) {
      List<Message<Long, Void>> out = new ArrayList<>();
      for (OmniPaxos<Long, Void> n : nodes.values()) {
        out.addAll(n.outgoingMessages());
      }
      if (out.isEmpty()) {
        return;
      }
      for (Message<Long, Void> m : out) {
        OmniPaxos<Long, Void> to = nodes.get(m.to());
        if (to != null) {
          to.handle(m);
        }
      }
    }
    throw new AssertionError("the network never went quiet");
  }

  private void tick(int ticks) {
    for (int i = 0; i < ticks; i++) {
      nodes.values().forEach(OmniPaxos::tick);
      deliverAll();
    }
  }

  private long leader() {
    for (int i = 0; i < 200; i++) {
      for (OmniPaxos<Long, Void> n : nodes.values()) {
        if (n.isLeader()) {
          return n.pid();
        }
      }
      tick(1);
    }
    throw new AssertionError("no leader");
  }

  private static List<Long> decided(OmniPaxos<Long, Void> n) {
    List<Long> out = new ArrayList<>();
    for (LogEntry<Long, Void> e : n.readDecidedSuffix(0)) {
      out.add(((LogEntry.Decided<Long, Void>) e).entry());
    }
    return out;
  }

  /** Crashes {@code pid}, losing every unflushed write, and restarts it on its storage. */
  private void crashAndRestart(long pid) {
    nodes.remove(pid);
    storages.get(pid).crash(0);
    start(pid);
  }

  private void appendAndDeliver(long leader, long from, long to) {
    for (long v = from; v < to; v++) {
      nodes.get(leader).append(v);
      deliverAll();
    }
  }

  @Test
  void decidedIndexOnlyWritesAreNotFlushedButLoseNothingDecidedInACrash() {
    PIDS.forEach(this::start);
    long leader = leader();
    appendAndDeliver(leader, 1, 11);
    for (long pid : PIDS) {
      OmniPaxos<Long, Void> n = nodes.get(pid);
      SimStorage<Long, Void> s = storages.get(pid);
      assertThat(s.pendingRequiringFlush()).as("node %s", pid).isZero();
      if (pid == leader) {
        assertThat(n.decidedIdx()).isEqualTo(10);
        assertThat(s.pendingTransactions()).as("the leader's last decided index is not flushed").isPositive();
        assertThat(s.durableDecidedIdx()).isLessThan(10);
      }
    }
    long follower = PIDS.stream().filter(p -> p != leader).findFirst().orElseThrow();
    Map<Long, Long> durableDecided = new LinkedHashMap<>();
    for (long pid : PIDS) {
      durableDecided.put(pid, storages.get(pid).durableDecidedIdx());
    }
    crashAndRestart(leader);
    crashAndRestart(follower);
    assertThat(nodes.get(leader).decidedIdx()).isEqualTo(durableDecided.get(leader)).isLessThan(10);
    assertThat(nodes.get(follower).decidedIdx()).isEqualTo(durableDecided.get(follower));
    assertThat(nodes.get(leader).acceptedIdx()).as("decided entries are durable").isEqualTo(10);
    long next = leader();
    appendAndDeliver(next, 11, 13);
    tick(20);
    for (OmniPaxos<Long, Void> n : nodes.values()) {
      assertThat(decided(n)).as("node %s", n.pid()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }
  }

  @Test
  void aLostDecidedIndexIsRelearnedWithoutNewEntries() {
    PIDS.forEach(this::start);
    long leader = leader();
    appendAndDeliver(leader, 1, 4);
    for (long pid : PIDS) {
      crashAndRestart(pid);
    }
    tick(100);
    for (OmniPaxos<Long, Void> n : nodes.values()) {
      assertThat(decided(n)).as("node %s", n.pid()).containsExactly(1L, 2L, 3L);
    }
  }
}
