package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.StopSign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's reconfiguration story with nodes that go on by themselves: node 3 crashed, so {1, 2, 3}
 * moves to {1, 2, 4}; nodes 1 and 2 continue, node 4 fetches the state at the stop sign from the servers
 * that hold it, and takes part; appends in flight at the switch are decided in the next
 * configuration, none lost.
 */
@Timeout(120)
class ContinuingReconfigurationTest {

  @Test
  void theSeedsReplacementOfACrashedNodeWorksEndToEnd() {
    try (ChainCluster c = new ChainCluster(64)) {
      for (long p : List.of(1L, 2L, 3L)) {
        c.start(p, List.of(1L, 2L, 3L));
      }
      long leader = c.awaitLeader(List.of(1L, 2L, 3L));
      List<String> written = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String v = "old-" + i + "-" + "x".repeat(40);
        Await.result(c.node(leader).appendDecided(v));
        written.add(v);
      }
      c.crash(3);

      // Appends keep coming on both continuing nodes while the configuration changes.
      List<CompletableFuture<Long>> inFlight = new ArrayList<>();
      List<String> inFlightValues = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String v = "during-" + i;
        inFlightValues.add(v);
        inFlight.add(c.node(1 + (i % 2)).appendDecided(v));
      }
      c.awaitLeader(List.of(1L, 2L));
      Await.result(c.node(2).reconfigure(ReconfigurationRequest.with(List.of(1L, 2L, 4L), Optional.of(new byte[] {7}))));
      for (int i = 20; i < 40; i++) {
        String v = "during-" + i;
        inFlightValues.add(v);
        inFlight.add(c.node(1 + (i % 2)).appendDecided(v));
      }
      // Node 4 is started once the continuing servers switched: it learns of configuration 2 from them.
      for (long p : List.of(1L, 2L)) {
        Await.until("node " + p + " to switch", () -> c.node(p).membership().state() == Membership.State.MEMBER
            && c.node(p).membership().configuration().orElseThrow().configurationId() == 2);
      }
      c.join(4);
      // An append in flight is decided, or certainly not (its position went to a competing leader's
      // entry in the new configuration), and then proposed again; one whose fate is unknown is left out.
      List<Long> positions = new ArrayList<>();
      List<String> known = new ArrayList<>();
      for (int i = 0; i < inFlight.size(); i++) {
        long at = decidedOrUnknown(c.node(1 + (i % 2)), inFlightValues.get(i), inFlight.get(i));
        if (at >= 0) {
          positions.add(at);
          known.add(inFlightValues.get(i));
        }
      }
      assertThat(positions).doesNotHaveDuplicates();

      Await.until("node 4 to take part in configuration 2", () -> c.node(4).membership().state() == Membership.State.MEMBER);
      Membership m4 = c.node(4).membership();
      assertThat(m4.configuration()).hasValue(ClusterConfig.of(2, List.of(1L, 2L, 4L)));
      assertThat(m4.history()).hasSize(1);
      long start = m4.history().get(0).startPosition();
      assertThat(m4.history().get(0).metadata()).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
      // The state came from the continuing servers (how it splits between them depends on which was ready
      // first; that every source serves a share is shown deterministically by MigrationSimulationTest).
      assertThat(c.node(1).membership().bytesServed() + c.node(2).membership().bytesServed()).isPositive();
      assertThat(c.node(1).membership().history()).extracting(ConfigurationRecord::configurationId).containsExactly(1, 2);

      List<String> after = new ArrayList<>();
      long newLeader = c.awaitLeader(List.of(1L, 2L, 4L));
      for (int i = 0; i < 10; i++) {
        String v = "new-" + i;
        Await.result(c.node(i % 2 == 0 ? 4 : newLeader).appendDecided(v));
        after.add(v);
      }
      // Every server's application state is the same: nothing acknowledged lost, nothing twice.
      Await.until("every node to apply the last write", () -> List.of(1L, 2L, 4L).stream()
          .allMatch(p -> c.state(p).contains("new-9")));
      List<String> s1 = c.state(1);
      assertThat(c.state(2)).isEqualTo(s1);
      assertThat(c.state(4)).isEqualTo(s1);
      assertThat(s1).startsWith(written.toArray(String[]::new));
      assertThat(s1).containsAll(known).containsAll(after).doesNotHaveDuplicates();
      List<String> proposed = new ArrayList<>(written);
      proposed.addAll(inFlightValues);
      proposed.addAll(after);
      assertThat(proposed).containsAll(s1);

      // Node 1 saw one continuous log (the stop sign among its events); node 4 started from the state.
      assertThat(c.events.get(1L)).filteredOn(e -> e instanceof DecidedEvent.Snapshot).isEmpty();
      assertThat(c.events.get(1L)).filteredOn(e -> e instanceof DecidedEvent.Reconfigured)
          .singleElement().satisfies(e -> assertThat(e.nextIdx()).isEqualTo(start));
      DecidedEvent<String, List<String>> first4 = c.events.get(4L).get(0);
      assertThat(first4).isInstanceOf(DecidedEvent.Snapshot.class);
      assertThat(first4.nextIdx()).isEqualTo(start);
      // Positions count across configurations.
      assertThat(Await.result(c.node(4).decidedIdx())).isEqualTo(Await.result(c.node(1).decidedIdx()));
    }
  }

  @Test
  void aNodeThatWaitsToBeAddedRefusesRequests() {
    try (ChainCluster c = new ChainCluster(64)) {
      c.join(4);
      assertThat(c.node(4).membership().state()).isEqualTo(Membership.State.WAITING);
      assertThat(Await.failure(c.node(4).appendDecided("too-early"))).isInstanceOf(NotAMemberException.class)
          .hasMessageContaining("add it to the cluster");
      assertThat(Await.failure(c.node(4).stats())).isInstanceOf(NotAMemberException.class);
    }
  }

  @Test
  void aRemovedNodeSaysSoAndARestartResumesTheLatestConfiguration() {
    try (ChainCluster c = new ChainCluster(1 << 20)) {
      for (long p : List.of(1L, 2L, 3L)) {
        c.start(p, List.of(1L, 2L, 3L));
      }
      c.awaitLeader(List.of(1L, 2L, 3L));
      for (int i = 0; i < 5; i++) {
        decide(c.node(1), "a" + i);
      }
      Await.result(c.node(1).reconfigure(ReconfigurationRequest.with(List.of(1L, 2L))));
      StopSign ss = Await.result(c.node(3).reconfigured());
      assertThat(ss.nextConfig().nodes()).containsExactly(1L, 2L);
      Await.until("node 3 to know it was removed", () -> c.node(3).membership().state() == Membership.State.REMOVED);
      Throwable refused = Await.failure(c.node(3).appendDecided("x"));
      assertThat(refused).isInstanceOf(NotAMemberException.class).hasMessageContaining("removed");

      c.awaitLeader(List.of(1L, 2L));
      decide(c.node(2), "b0");
      long decided = Await.result(c.node(1).decidedIdx());
      c.crash(1);
      c.start(1, List.of(1L, 2L, 3L));
      assertThat(c.node(1).membership().configuration()).hasValue(ClusterConfig.of(2, List.of(1L, 2L)));
      Await.until("node 1 to recover its decided log", () -> Await.result(c.node(1).decidedIdx()) >= decided);
      c.awaitLeader(List.of(1L, 2L));
      decide(c.node(2), "b1");
      Await.until("node 1 to apply b1", () -> c.state(1).contains("b1"));
      // A retried append whose first attempt was decided after all may appear twice; the order holds.
      assertThat(new java.util.LinkedHashSet<>(c.state(1))).containsExactly("a0", "a1", "a2", "a3", "a4", "b0", "b1");
      Await.until("node 2 to apply what node 1 did", () -> c.state(2).equals(c.state(1)));
      assertThat(c.events.get(1L).get(0)).isInstanceOf(DecidedEvent.Snapshot.class);
    }
  }

  /**
   * Appends that keep coming while a continuing node moves through several configurations are all
   * decided: none is refused in the moment between recording the next configuration and starting it.
   */
  @Test
  void appendsDuringBackToBackChangesAreNeverRefused() throws Exception {
    try (ChainCluster c = new ChainCluster(1 << 20)) {
      List<Long> members = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L));
      for (long p : members) {
        c.start(p, members);
      }
      c.awaitLeader(members);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicInteger decided = new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (long p : List.of(1L, 2L)) {
        Thread t = new Thread(() -> {
          int i = 0;
          while (!stop.get()) {
            List<CompletableFuture<Long>> batch = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
              batch.add(c.node(p).appendDecided("w" + p + "-" + i++));
            }
            for (CompletableFuture<Long> f : batch) {
              try {
                f.join();
                decided.incrementAndGet();
              } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof omnipaxos.core.ProposalRejectedException
                    || e.getCause() instanceof NotAMemberException) {
                  refused.add(e.getCause());
                }
              }
            }
          }
        }, "writer-" + p);
        writers.add(t);
        t.start();
      }
      for (long gone : List.of(5L, 4L, 3L)) {
        members.remove(gone);
        Await.result(c.node(1).reconfigure(ReconfigurationRequest.with(List.copyOf(members))));
        for (long p : members) {
          int id = 6 - members.size();
          Await.until("node " + p + " to run configuration " + id, () -> c.node(p).membership().state()
              == Membership.State.MEMBER && c.node(p).membership().configuration().orElseThrow().configurationId() == id);
        }
        int before = decided.get();
        Await.until("appends to be decided after the change", () -> decided.get() > before + 16);
      }
      stop.set(true);
      for (Thread t : writers) {
        t.join(30_000);
      }
      assertThat(refused).isEmpty();
    }
  }

  /**
   * Where {@code value}, appended at {@code node} as {@code first}, is decided, proposing it again while
   * it is certainly not decided; -1 if its fate is unknown.
   */
  private static long decidedOrUnknown(OmniPaxosNode<String, List<String>> node, String value,
      CompletableFuture<Long> first) {
    CompletableFuture<Long> f = first;
    while (true) {
      try {
        return f.get(Await.DEFAULT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof EntryNotDecidedException n)) {
          throw new AssertionError("append of " + value + " failed", e.getCause());
        }
        if (!n.reason().definite()) {
          return -1;
        }
        f = node.appendDecided(value);
      } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
        throw new AssertionError("append of " + value + " never completed", e);
      }
    }
  }

  /** Appends {@code value} until it is decided, proposing it again when its fate was left unknown. */
  private static void decide(OmniPaxosNode<String, List<String>> node, String value) {
    Await.until(value + " to be decided", () -> LocalCluster.tryAppendDecided(node, value) >= 0);
  }
}
