package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * Regression for a bug found by TLC on our TLA+ model: a follower re-prepared in the same ballot
 * applied a delayed AcceptSync of an older session, shortened its log and so un-accepted an entry
 * the leader had already counted (agreement violation), or wrote decided > accepted and could not
 * restart.
 */
class StaleAcceptSyncTest {

  private static final Ballot B = new Ballot(1, 2, 0, 1);

  private final MemoryStorage<Long, Void> storage = new MemoryStorage<>();
  private final OmniPaxos<Long, Void> follower = new OmniPaxosConfig(ClusterConfig.of(1, List.of(1L, 2L, 3L)),
      ServerConfig.builder().pid(2).build()).build(storage);

  private void prepare() {
    follower.handle(new PaxosMessage.Prepare<>(1, 2, B, 0, Ballot.NONE, 0));
    follower.outgoingMessages();
  }

  private void acceptSync(long session, List<Long> log, long decided) {
    follower.handle(new PaxosMessage.AcceptSync<>(1, 2, B, new SequenceNumber(session, 1), decided,
        new LogSync<>(Optional.empty(), log, 0, Optional.empty())));
    follower.outgoingMessages();
  }

  @Test
  void staleAcceptSyncDoesNotUnacceptEntries() {
    prepare();
    acceptSync(2, List.of(10L), 0);
    assertThat(follower.getAcceptedIdx()).isEqualTo(1);
    prepare();
    acceptSync(1, List.of(), 0);
    assertThat(follower.getAcceptedIdx()).as("the stale, shorter sync is ignored").isEqualTo(1);
    acceptSync(3, List.of(10L, 11L), 0);
    assertThat(follower.getAcceptedIdx()).as("a current sync still applies").isEqualTo(2);
  }

  @Test
  void staleAcceptSyncDoesNotBreakTheDecidedIndex() {
    prepare();
    acceptSync(2, List.of(10L), 1);
    assertThat(follower.getDecidedIdx()).isEqualTo(1);
    prepare();
    acceptSync(1, List.of(), 0);
    assertThat(follower.getDecidedIdx()).isEqualTo(1);
    assertThat(follower.getAcceptedIdx()).isEqualTo(1);
    OmniPaxos<Long, Void> restarted = new OmniPaxosConfig(ClusterConfig.of(1, List.of(1L, 2L, 3L)),
        ServerConfig.builder().pid(2).build()).build(storage);
    assertThat(restarted.getDecidedIdx()).isEqualTo(1);
  }
}
