package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import omnipaxos.core.Message;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Test;

/**
 * Minimal, hand-scripted reproductions of core bugs the simulator found. Each fails (the simulator
 * throws a {@link SimulationFailure} naming the violated invariant) while the bug is present.
 */
class CoreBugRegressionTest {

  private static Simulator<Long, List<Long>> threeNodes() {
    return Simulator.of(SimOptions.builder(7).nodes(3).build());
  }

  private static boolean is(Message<Long, List<Long>> m, Class<?> type, long to) {
    return m.to() == to && m instanceof Message.Paxos<Long, List<Long>> p && type.isInstance(p.message());
  }

  @Test
  void duplicatedProposalForwardIsDecidedOnce() {
    Simulator<Long, List<Long>> sim = threeNodes();
    long et = sim.electionTimeoutMs();
    long leader = sim.awaitStableProgress(20 * et, 2 * et).leader();
    long follower = leader == 1 ? 2 : 1;
    sim.duplicateWhere(m -> is(m, PaxosMessage.ProposalForward.class, leader));
    long id = sim.propose(follower).orElseThrow();
    sim.run(10 * et);
    assertThat(sim.invariants().position(id)).isPresent();
  }

  @Test
  void staleAcceptSyncAfterRePrepareIsIgnored() {
    Simulator<Long, List<Long>> sim = threeNodes();
    long et = sim.electionTimeoutMs();
    long leader = sim.awaitStableProgress(20 * et, 2 * et).leader();
    long f = leader == 1 ? 2 : 1;
    decideEverywhere(sim, leader, 5);

    // The follower asks to be prepared again; the AcceptSync answering it is held back.
    sim.holdWhere(m -> is(m, PaxosMessage.AcceptSync.class, f));
    sim.notifyReconnected(f, leader);
    assertThat(sim.runUntil(() -> !sim.held().isEmpty(), 10 * et)).isTrue();
    sim.holdWhere(m -> false);

    // It catches up through a later AcceptSync (answering its resent Promise); more entries are decided.
    decideEverywhere(sim, leader, 5);
    long decided = sim.node(f).decidedIdx();

    // Prepared once more, it waits in the Prepare phase (new AcceptSyncs held) and gets the stale one.
    sim.holdWhere(m -> is(m, PaxosMessage.AcceptSync.class, f));
    sim.notifyReconnected(f, leader);
    assertThat(sim.runUntil(() -> sim.held().size() >= 2, 10 * et)).isTrue();
    Message<Long, List<Long>> stale = sim.held().get(0);
    sim.release(m -> m == stale);
    sim.run(et);
    sim.holdWhere(m -> false);
    sim.release(m -> true);
    sim.awaitStableProgress(20 * et, 2 * et);
    assertThat(sim.node(f).decidedIdx()).isGreaterThanOrEqualTo(decided);
  }

  private static void decideEverywhere(Simulator<Long, List<Long>> sim, long at, int entries) {
    long et = sim.electionTimeoutMs();
    long last = 0;
    for (int i = 0; i < entries; i++) {
      last = sim.propose(at).orElseThrow();
    }
    long id = last;
    assertThat(sim.runUntil(() -> sim.invariants().position(id).isPresent()
        && sim.upPids().stream().allMatch(p -> sim.node(p).decidedIdx() > sim.invariants().position(id).get().index()),
        20 * et)).isTrue();
  }

  @Test
  void nodeWithAnUnknownHigherPromiseRejoins() {
    Simulator<Long, List<Long>> sim = threeNodes();
    long et = sim.electionTimeoutMs();
    assertThat(sim.awaitStableProgress(20 * et, 2 * et).leader()).isEqualTo(3);

    // Node 2 takes over while 3 is isolated.
    sim.isolate(3);
    assertThat(sim.awaitStableProgress(List.of(1L, 2L), 20 * et, 2 * et).leader()).isEqualTo(2);

    // 3 comes back but only its heartbeat requests get out: it hears 1 and 2 unhappy (their link is cut)
    // and takes over with a higher ballot that nobody learns, persists its promise, and crashes.
    sim.holdWhere(m -> m.from() == 3 && !(m instanceof Message.Ble<Long, List<Long>> b
        && b.message() instanceof omnipaxos.core.ble.BleMessage.HeartbeatRequest));
    sim.reconnect(3);
    sim.cutBoth(1, 2);
    SimStorage<Long, List<Long>> storage3 = sim.storage(3, 1).orElseThrow();
    assertThat(sim.runUntil(() -> storage3.durablePromise().orElseThrow().pid() == 3
        && storage3.durablePromise().orElseThrow().n() > 2, 20 * et)).isTrue();
    sim.crash(3);
    sim.holdWhere(m -> false);

    // 1 and 2 settle on a new ballot that is lower than 3's promise; 3 restarts on its storage and must rejoin.
    sim.restoreBoth(1, 2);
    sim.awaitStableProgress(List.of(1L, 2L), 20 * et, 2 * et);
    assertThat(sim.node(1).promise()).isLessThan(storage3.durablePromise().orElseThrow());
    sim.restart(3);
    sim.awaitStableProgress(30 * et, 2 * et);
  }

  @Test
  void followerLearnsTheDecidedStopSignAfterLostDecides() {
    Simulator<Long, List<Long>> sim = threeNodes();
    long et = sim.electionTimeoutMs();
    long leader = sim.awaitStableProgress(20 * et, 2 * et).leader();
    long f = leader == 1 ? 2 : 1;
    sim.holdWhere(m -> is(m, PaxosMessage.Decide.class, f));
    assertThat(sim.reconfigure(leader, omnipaxos.core.ClusterConfig.of(2, List.of(1L, 2L, 3L)))).isTrue();
    assertThat(sim.runUntil(() -> sim.node(leader, 1).orElseThrow().decidedStopSign().isPresent(), 10 * et)).isTrue();
    sim.run(5 * et);
    sim.holdWhere(m -> false);
    sim.awaitStableProgress(30 * et, 2 * et);
    assertThat(sim.node(f, 1).orElseThrow().decidedStopSign()).isPresent();
  }

  @Test
  void stalePrepareReqDuringPrepareKeepsTheAdoptedSnapshotDecided() {
    Simulator<Long, List<Long>> sim = Simulator.of(SimOptions.builder(7).nodes(5).build());
    long et = sim.electionTimeoutMs();
    assertThat(sim.awaitStableProgress(20 * et, 2 * et).leader()).isEqualTo(5);

    // Node 1 is cut off; leader 5 decides more entries, but only node 2 learns the last decisions (Decides
    // to 3 and 4 are held); node 2 snapshots its decided log, beyond what 1, 3 and 4 know is decided.
    sim.isolate(1);
    Predicate<Message<Long, List<Long>>> decides =
        m -> is(m, PaxosMessage.Decide.class, 3) || is(m, PaxosMessage.Decide.class, 4);
    sim.holdWhere(decides);
    decideEverywhere(sim, 5, List.of(2L, 5L), 5);
    assertThat(sim.snapshot(2, true)).isTrue();
    long snapshot = sim.node(2).compactedIdx();
    for (long p : List.of(1L, 3L, 4L)) {
      assertThat(sim.node(p).decidedIdx()).isLessThan(snapshot);
    }

    // Node 2 asks node 1 to prepare it (held: it will arrive late). Node 1 comes back, 5 crashes and
    // 2, 3, 4 lose their mutual links (quorum loss): node 1 takes over. Node 2's promise, which carries
    // the snapshot, reaches it; the promises of 3 and 4 are held.
    Predicate<Message<Long, List<Long>>> stale = m -> m.from() == 2 && is(m, PaxosMessage.PrepareReq.class, 1);
    Predicate<Message<Long, List<Long>>> late =
        m -> (m.from() == 3 || m.from() == 4) && is(m, PaxosMessage.Promise.class, 1);
    sim.holdWhere(decides.or(stale));
    sim.notifyReconnected(2, 1);
    sim.holdWhere(decides.or(stale).or(late));
    sim.reconnect(1);
    sim.crash(5);
    sim.cutBoth(2, 3);
    sim.cutBoth(2, 4);
    sim.cutBoth(3, 4);
    assertThat(sim.runUntil(() -> sim.node(1).status().role() == NodeStatus.Role.LEADER
        && sim.node(2).promise().equals(sim.node(1).promise())
        && sim.held().stream().filter(late).map(Message::from).distinct().count() == 2, 20 * et)).isTrue();
    sim.run(et / 2);
    assertThat(sim.node(1).status().phase()).isEqualTo(NodeStatus.Phase.PREPARE);

    // The stale PrepareReq of node 2 arrives during the Prepare phase, then the promises of 3 and 4.
    assertThat(sim.release(stale)).isPositive();
    sim.run(1);
    sim.holdWhere(decides);
    sim.release(late);
    sim.run(et);
    sim.holdWhere(m -> false);
    sim.release(m -> true);
    sim.heal();
    sim.awaitStableProgress(sim.upPids(), 20 * et, 2 * et);
  }

  private static void decideEverywhere(Simulator<Long, List<Long>> sim, long at, List<Long> nodes, int entries) {
    long et = sim.electionTimeoutMs();
    long last = 0;
    for (int i = 0; i < entries; i++) {
      last = sim.propose(at).orElseThrow();
    }
    long id = last;
    assertThat(sim.runUntil(() -> sim.invariants().position(id).isPresent()
        && nodes.stream().allMatch(p -> sim.node(p).decidedIdx() > sim.invariants().position(id).get().index()),
        20 * et)).isTrue();
  }
}
