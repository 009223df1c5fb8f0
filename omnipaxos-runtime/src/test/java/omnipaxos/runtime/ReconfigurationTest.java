package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.LogEntry;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.StopSign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's reconfiguration story: node 3 crashed, so {1, 2, 3} moves to {1, 2, 4}. The stop sign seals
 * configuration 1; every member of configuration 2 then runs a new node with the next configuration id,
 * starting from the state of configuration 1 (node 4 gets it as a snapshot of an old member's log) and
 * catching up on configuration 2's log.
 */
@Timeout(120)
class ReconfigurationTest {

  @Test
  void aNewNodeSetTakesOverAndTheNewNodeCatchesUp() {
    TestNetwork<String, List<String>> network = new TestNetwork<>();
    LocalCluster old = new LocalCluster(List.of(1L, 2L, 3L), 1, network, conf -> conf);
    LocalCluster next = new LocalCluster(List.of(1L, 2L, 4L), 2, network, conf -> conf);
    try (old; next) {
      for (long p : old.pids()) {
        old.start(p);
      }
      long leader = old.awaitLeader();
      List<DecidedEvent<String, List<String>>> events = Collections.synchronizedList(new ArrayList<>());
      DecidedSubscription<String, List<String>> sub = old.node(1).subscribe(0, events::add);
      List<String> state = CompactionTest.appendDecided(old, leader, "old-", 10);

      old.crash(3);
      // A stop sign forwarded to a crashed leader is lost like any message to it: reconfigure once a
      // live leader is known.
      old.awaitLeader();
      byte[] metadata = {4, 2};
      Await.result(old.node(2).reconfigure(ReconfigurationRequest.with(List.of(1L, 2L, 4L), Optional.of(metadata))));
      StopSign ss = Await.result(old.node(1).reconfigured());
      assertThat(Await.result(old.node(2).reconfigured())).isEqualTo(ss);
      assertThat(ss.nextConfig()).isEqualTo(ClusterConfig.of(2, List.of(1L, 2L, 4L)));
      assertThat(ss.metadata()).hasValueSatisfying(m -> assertThat(m).containsExactly(4, 2));

      Throwable late = Await.failure(old.node(1).appendDecided("too-late"));
      assertThat(late).isInstanceOf(ProposalRejectedException.class);
      assertThat(((ProposalRejectedException) late).reason()).isEqualTo(ProposalRejectedException.Reason.RECONFIGURED);
      assertThat(Await.failure(old.node(2).append("too-late"))).isInstanceOf(ProposalRejectedException.class);

      Await.result(sub.completion());
      List<DecidedEvent<String, List<String>>> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        expected.add(new DecidedEvent.Entry<>(i, state.get(i)));
      }
      expected.add(new DecidedEvent.Reconfigured<>(10, ss));
      assertThat(new ArrayList<>(events)).isEqualTo(expected);

      // Configuration 2: the continuing members start from their own old log.
      Map<Long, List<String>> appState = new TreeMap<>();
      for (long p : List.of(1L, 2L)) {
        appState.put(p, new ArrayList<>(old.decidedLog(p)));
        next.start(p);
      }
      long newLeader = awaitLeaderOf(next, List.of(1L, 2L));
      List<String> newEntries = new ArrayList<>(CompactionTest.appendDecided(next, newLeader, "new-", 5));

      // Node 4 joins: its state is a snapshot of an old member's log, then it catches up on configuration 2.
      Await.result(old.node(1).snapshot(10, true));
      List<LogEntry<String, List<String>>> transfer = Await.result(old.node(1).readEntries(0));
      assertThat(transfer).hasSize(2);
      assertThat(transfer.get(1)).isEqualTo(new LogEntry.StopSignEntry<String, List<String>>(ss, true));
      List<String> snapshot = ((LogEntry.Snapshotted<String, List<String>>) transfer.get(0)).snapshot();
      assertThat(snapshot).isEqualTo(state);
      appState.put(4L, new ArrayList<>(snapshot));
      next.start(4);

      newEntries.addAll(CompactionTest.appendDecided(next, 4, "from-4-", 3));
      List<String> log = next.awaitSameDecidedLog(newEntries.size());
      assertThat(log).isEqualTo(newEntries);
      for (long p : next.pids()) {
        appState.get(p).addAll(next.decidedLog(p));
        assertThat(appState.get(p)).as("state of node %d", p).isEqualTo(concat(state, newEntries));
      }
    }
  }

  private static long awaitLeaderOf(LocalCluster c, List<Long> running) {
    long[] leader = new long[1];
    Await.until("a leader among " + running, () -> {
      long l = Await.result(c.node(running.get(0)).stats()).leader().orElse(0);
      for (long p : running) {
        NodeStats s = Await.result(c.node(p).stats());
        if (s.leader().orElse(0) != l || s.electedLeader() != l) {
          return false;
        }
      }
      leader[0] = l;
      return running.contains(l);
    });
    return leader[0];
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
