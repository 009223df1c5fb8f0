package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import omnipaxos.core.LogEntry;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.paxos.PaxosMessage.AcceptSync;
import omnipaxos.core.paxos.PaxosMessage.Accepted;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.PaxosMessage.Prepare;
import omnipaxos.core.paxos.PaxosMessage.Promise;
import org.junit.jupiter.api.Test;

/**
 * Counterexamples TLC found in the model of the core before the fix of bug tla-1, replayed on the Java
 * core, which now passes them: a follower that is prepared again in the ballot it already accepted
 * ignores a delayed AcceptSync of an older session of that ballot instead of shortening its log.
 */
class StaleAcceptSyncReplayTest {

  /** Node 1 leads round 1 with node 2; node 2 has a Promise and an AcceptSync of session 1 in flight. */
  private static ManualNetwork leaderWithStaleSyncInFlight() {
    ManualNetwork net = new ManualNetwork(3);
    net.tick(1);                                          // node 1 leads ballot (1, pid 1)
    net.deliver(Prepare.class, 1, 2);
    net.deliver(Promise.class, 2, 1);                     // quorum: AcceptSync session 1, empty log
    net.append(1, "a");                                   // AcceptDecide [a] in session 1
    net.deliver(Promise.class, 2, 1);                     // the Promise again (duplicate or resend)
    net.deliver(AcceptSync.class, 1, 2, s -> s.seqNum().session() == 2);   // session 2: log [a]
    return net;
  }

  @Test
  void staleAcceptSyncDoesNotBreakTheDecidedIndex() {
    ManualNetwork net = leaderWithStaleSyncInFlight();
    net.deliver(Accepted.class, 2, 1);                    // node 1 decides 1
    net.deliver(Decide.class, 1, 2);                      // node 2 decides 1
    net.deliver(Prepare.class, 1, 2);                     // the Prepare again: node 2 re-promises
    assertThatCode(() -> net.deliver(AcceptSync.class, 1, 2, s -> s.seqNum().session() == 1))
        .doesNotThrowAnyException();
    assertThat(net.node(2).decidedIdx()).isLessThanOrEqualTo(net.node(2).acceptedIdx());
  }

  @Test
  void staleAcceptSyncDoesNotLoseAChosenEntry() {
    ManualNetwork net = leaderWithStaleSyncInFlight();
    net.deliver(Accepted.class, 2, 1);                    // node 1 decides [a] with node 2
    net.deliver(Prepare.class, 1, 2);                     // node 2 is prepared again in ballot 1
    net.deliver(AcceptSync.class, 1, 2, s -> s.seqNum().session() == 1);  // stale: node 2's log is empty
    net.tick(3);                                          // node 3 leads ballot (1, pid 3)
    net.deliver(Prepare.class, 3, 2);
    net.deliver(Promise.class, 2, 3);                     // quorum {3, 2}: adopts node 2's empty log
    net.append(3, "b");
    net.deliver(AcceptSync.class, 3, 2);
    net.deliver(AcceptDecide.class, 3, 2);
    net.deliver(Accepted.class, 2, 3);                    // node 3 decides after the re-prepare
    assertThat(decided(net.node(1))).isEqualTo(List.of("a"));
    assertThat(decided(net.node(3))).first().isEqualTo("a");  // agreement at position 0
  }

  private static List<String> decided(OmniPaxos<String, Void> node) {
    return node.readDecidedSuffix(0).stream()
        .map(e -> ((LogEntry.Decided<String, Void>) e).entry())
        .toList();
  }
}
