package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.core.Message;
import omnipaxos.core.paxos.PaxosMessage;
import org.junit.jupiter.api.Disabled;
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
  @Disabled("core bug: a duplicated ProposalForward is appended twice, so one proposal is decided twice "
      + "(/work/bugs/testkit-1.md)")
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
  @Disabled("core bug: a follower in Prepare phase adopts a stale AcceptSync of an earlier session of the same "
      + "ballot and truncates its log below its decided index (/work/bugs/testkit-2.md)")
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
    long decided = sim.node(f).getDecidedIdx();

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
    assertThat(sim.node(f).getDecidedIdx()).isGreaterThanOrEqualTo(decided);
  }

  private static void decideEverywhere(Simulator<Long, List<Long>> sim, long at, int entries) {
    long et = sim.electionTimeoutMs();
    long last = 0;
    for (int i = 0; i < entries; i++) {
      last = sim.propose(at).orElseThrow();
    }
    long id = last;
    assertThat(sim.runUntil(() -> sim.invariants().position(id).isPresent()
        && sim.upPids().stream().allMatch(p -> sim.node(p).getDecidedIdx() > sim.invariants().position(id).get().index()),
        20 * et)).isTrue();
  }
}
