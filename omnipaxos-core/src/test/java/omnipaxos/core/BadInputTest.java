package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/** Messages a node must not apply are dropped and counted, never thrown out of {@code handle}. */
class BadInputTest {

  private final OmniPaxos<Long, Void> node = new OmniPaxosConfig(ClusterConfig.of(1, List.of(1L, 2L, 3L)),
      ServerConfig.builder().pid(1).build()).build(new MemoryStorage<>());

  private static PaxosMessage<Long, Void> acceptSync(long from, long to, Ballot n) {
    return new PaxosMessage.AcceptSync<>(from, to, n, new SequenceNumber(1, 1), 2,
        new LogSync<>(Optional.empty(), List.of(7L, 8L), 0, Optional.empty()));
  }

  @Test
  void messageForAnotherPidIsDropped() {
    node.handle(acceptSync(2, 3, new Ballot(1, 5, 0, 2)));
    node.handle(new BleMessage.HeartbeatRequest(2, 3, 1, 1));
    assertThat(node.droppedMessages(DropReason.WRONG_RECEIVER)).isEqualTo(2);
    assertThat(node.acceptedIdx()).isZero();
  }

  @Test
  void messageFromANonMemberIsDropped() {
    node.handle(new PaxosMessage.Prepare<>(9, 1, new Ballot(1, 5, 0, 9), 0, Ballot.NONE, 0));
    node.handle(new PaxosMessage.ProposalForward<>(9, 1, new Ballot(1, 5, 0, 1), new SequenceNumber(1, 1), List.of(42L)));
    node.handle(new PaxosMessage.Prepare<>(1, 1, new Ballot(1, 5, 0, 1), 0, Ballot.NONE, 0));
    assertThat(node.droppedMessages(DropReason.UNKNOWN_SENDER)).isEqualTo(3);
    assertThat(node.promise()).isEqualTo(Ballot.NONE);
    assertThat(node.outgoingMessages()).noneMatch(m -> m instanceof Message.Paxos);
  }

  @Test
  void messageOfAnotherConfigurationIsDropped() {
    node.handle(new PaxosMessage.Prepare<>(2, 1, new Ballot(7, 5, 0, 2), 0, Ballot.NONE, 0));
    node.handle(new PaxosMessage.ProposalForward<>(2, 1, new Ballot(7, 5, 0, 1), new SequenceNumber(1, 1), List.of(42L)));
    node.handle(new BleMessage.HeartbeatRequest(2, 1, 7, 1));
    assertThat(node.droppedMessages(DropReason.OTHER_CONFIGURATION)).isEqualTo(3);
    assertThat(node.promise()).isEqualTo(Ballot.NONE);
    assertThat(node.outgoingMessages()).noneMatch(m -> m instanceof Message.Paxos);
  }

  @Test
  void acceptPhaseMessagesWithoutAPromiseAreNotApplied() {
    node.handle(acceptSync(2, 1, new Ballot(1, 5, 0, 2)));
    node.handle(new PaxosMessage.AcceptDecide<>(2, 1, new Ballot(1, 5, 0, 2), new SequenceNumber(1, 2), 2, List.of(9L)));
    node.handle(new PaxosMessage.Decide<>(2, 1, new Ballot(1, 5, 0, 2), new SequenceNumber(1, 3), 2));
    assertThat(node.acceptedIdx()).isZero();
    assertThat(node.decidedIdx()).isZero();
    // It asks the unknown leader to prepare it instead.
    assertThat(node.outgoingMessages()).anyMatch(m -> m instanceof Message.Paxos<Long, Void> p
        && p.message() instanceof PaxosMessage.PrepareReq && p.to() == 2);
  }

  @Test
  void staleBallotGetsNotAccepted() {
    node.handle(new PaxosMessage.Prepare<>(3, 1, new Ballot(1, 9, 0, 3), 0, Ballot.NONE, 0));
    node.outgoingMessages();
    node.handle(acceptSync(2, 1, new Ballot(1, 5, 0, 2)));
    assertThat(node.acceptedIdx()).isZero();
    assertThat(node.outgoingMessages()).anyMatch(m -> m instanceof Message.Paxos<Long, Void> p
        && p.message() instanceof PaxosMessage.NotAccepted<Long, Void> na && na.n().n() == 9 && p.to() == 2);
  }
}
