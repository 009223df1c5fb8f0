package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * Regression for a bug found by the testkit's simulator (seed 33096): during the Prepare phase a
 * stale, reordered PrepareReq from a peer whose promise carried the most up-to-date log (with a
 * snapshot) demoted that peer, while the leader still adopted its log once the other promises made a
 * quorum, with a decided index counted without it: the leader installed a snapshot beyond its decided
 * index and threw out of {@code handle}.
 */
class StalePrepareReqTest {

  private static final Ballot OLD = new Ballot(1, 2, 0, 2);
  private static final Ballot STALE_PROMISE = new Ballot(1, 3, 0, 4);
  private static final Ballot LEAD = new Ballot(1, 4, 0, 1);

  private final OmniPaxos<Long, List<Long>> leader = new OmniPaxosConfig(
      ClusterConfig.of(1, List.of(1L, 2L, 3L, 4L, 5L)), ServerConfig.builder().pid(1).build())
      .build(new MemoryStorage<>(), TestCluster.LIST_SNAPSHOTS);

  private void promise(long from, Ballot nAccepted, long decided, long accepted,
      Optional<LogSync<Long, List<Long>>> sync) {
    leader.handle(new PaxosMessage.Promise<>(from, 1, LEAD, nAccepted, decided, accepted, sync));
  }

  /** Node 4 promises with a snapshot of [0, 5) and the accepted suffix 5..8 of ballot OLD. */
  private void promiseWithSnapshotFromNode4() {
    TestCluster.handleLeader(leader, LEAD);
    leader.outgoingMessages();
    promise(4, OLD, 5, 9, Optional.of(new LogSync<>(Optional.of(List.of(0L, 1L, 2L, 3L, 4L)),
        List.of(5L, 6L, 7L, 8L), 5, Optional.empty())));
  }

  @Test
  void stalePrepareReqDuringPrepareKeepsTheAdoptedSnapshotDecided() {
    promiseWithSnapshotFromNode4();
    leader.handle(new PaxosMessage.PrepareReq<>(4, 1, STALE_PROMISE));
    assertThatCode(() -> {
      promise(5, Ballot.NONE, 0, 0, Optional.empty());
      promise(3, Ballot.NONE, 0, 0, Optional.empty());
    }).doesNotThrowAnyException();

    assertThat(leader.status().phase()).isEqualTo(NodeStatus.Phase.ACCEPT);
    assertThat(leader.compactedIdx()).isEqualTo(5);
    assertThat(leader.decidedIdx()).as("the adopted snapshot is decided").isGreaterThanOrEqualTo(5);
    assertThat(leader.acceptedIdx()).isEqualTo(9);
  }

  @Test
  void stalePrepareReqSendsNoSecondPrepare() {
    promiseWithSnapshotFromNode4();
    leader.outgoingMessages();
    leader.handle(new PaxosMessage.PrepareReq<>(4, 1, STALE_PROMISE));
    assertThat(leader.outgoingMessages()).as("a stale request is ignored").isEmpty();
  }

  @Test
  void restartedPromisedPeerIsPreparedAgainWithoutLosingItsPromise() {
    promiseWithSnapshotFromNode4();
    leader.outgoingMessages();
    leader.handle(new PaxosMessage.PrepareReq<>(4, 1, LEAD));
    assertThat(leader.outgoingMessages()).singleElement()
        .satisfies(m -> assertThat(((Message.Paxos<Long, List<Long>>) m).message()).isInstanceOf(PaxosMessage.Prepare.class));
    promise(5, Ballot.NONE, 0, 0, Optional.empty());
    promise(3, Ballot.NONE, 0, 0, Optional.empty());
    assertThat(leader.decidedIdx()).isGreaterThanOrEqualTo(5);
    assertThat(leader.acceptedIdx()).isEqualTo(9);
  }
}
