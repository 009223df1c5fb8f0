package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.StorageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of upstream {@code atomic_storage_test}: node 1 of {1,2,3} runs on a {@link BrokenStorage}
 * and is driven by hand-made messages from a fake node 2. Each test fails the n-th storage call of one
 * step (n = 1..9) and checks that the stored state is either entirely before or entirely after the
 * step, that the failure reached the caller, that the node refuses further calls, and that a node
 * re-created on the storage recovers from it. Without a failure the step must complete, so the
 * checks cannot hold vacuously.
 */
class AtomicStorageTest {

  private static final ClusterConfig CLUSTER = ClusterConfig.of(1, List.of(1L, 2L, 3L));
  private static final OmniPaxosConfig CONFIG = new OmniPaxosConfig(CLUSTER, ServerConfig.builder().pid(1).build());
  /** The ballot of the fake leader, node 2. */
  private static final Ballot B2 = new Ballot(1, 2, 0, 2);

  private final BrokenStorage<Long, List<Long>> storage = new BrokenStorage<>();
  private OmniPaxos<Long, List<Long>> node = CONFIG.build(storage, TestCluster.LIST_SNAPSHOTS);

  private MemoryStorage<Long, List<Long>> stored() {
    return storage.inner();
  }

  private List<PaxosMessage<Long, List<Long>>> drain(OmniPaxos<Long, List<Long>> n) {
    List<PaxosMessage<Long, List<Long>>> out = new ArrayList<>();
    for (Message<Long, List<Long>> m : n.outgoingMessages()) {
      if (m instanceof Message.Paxos<Long, List<Long>> p) {
        out.add(p.message());
      }
    }
    return out;
  }

  private static PaxosMessage.Prepare<Long, List<Long>> prepareFrom2() {
    return new PaxosMessage.Prepare<>(2, 1, B2, 0, Ballot.NONE, 0);
  }

  private static PaxosMessage.AcceptSync<Long, List<Long>> acceptSyncFrom2(long session, long decided, List<Long> log) {
    return new PaxosMessage.AcceptSync<>(2, 1, B2, new SequenceNumber(session, 1), decided,
        new LogSync<>(Optional.empty(), log, 0, Optional.empty()));
  }

  /** Makes node 1 a follower of node 2 in its Accept phase with an empty log. */
  private void follow2() {
    node.handle(prepareFrom2());
    assertThat(drain(node)).anyMatch(m -> m instanceof PaxosMessage.Promise);
    node.handle(acceptSyncFrom2(1, 0, List.of()));
    drain(node);
    assertThat(node.status().phase()).isEqualTo(NodeStatus.Phase.ACCEPT);
  }

  /** Node 1 follows node 2 and accepted 6 entries, 5 of them decided. */
  private void follow2WithSixEntries() {
    follow2();
    node.handle(new PaxosMessage.AcceptDecide<>(2, 1, B2, new SequenceNumber(1, 2), 5, ids(1, 2, 3, 4, 5, 6)));
    drain(node);
    assertThat(stored().logLen()).isEqualTo(6);
    assertThat(stored().decidedIdx()).isEqualTo(5);
  }

  /**
   * Runs {@code step} on the node with the n-th storage call failing, then checks that a failure
   * reached the caller exactly when one was injected and that the node refuses further calls.
   *
   * @return whether the step failed
   */
  private boolean runFailing(int n, Consumer<OmniPaxos<Long, List<Long>>> step) {
    storage.failAt(n);
    boolean threw = false;
    try {
      step.accept(node);
      drain(node);
    } catch (StorageException e) {
      threw = true;
    }
    assertThat(threw).as("a storage failure (%s) reaches the caller", storage.failedCall())
        .isEqualTo(storage.failedCall().isPresent());
    storage.failAt(0);
    if (threw) {
      assertThatThrownBy(node::tick).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> node.handle(prepareFrom2())).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> node.append(42L)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> node.outgoingMessages()).isInstanceOf(IllegalStateException.class);
    }
    return threw;
  }

  /** Re-creates node 1 on its storage and checks that it recovered exactly the stored state. */
  private void recreateAndCheckRecovery() {
    node = CONFIG.build(storage, TestCluster.LIST_SNAPSHOTS);
    MemoryStorage<Long, List<Long>> s = stored();
    assertThat(node.promise()).isEqualTo(s.promise().orElse(Ballot.NONE));
    assertThat(node.decidedIdx()).isEqualTo(s.decidedIdx());
    assertThat(node.compactedIdx()).isEqualTo(s.compactedIdx());
    assertThat(node.acceptedIdx())
        .isEqualTo(s.compactedIdx() + s.logLen() + (s.stopSign().isPresent() ? 1 : 0));
    assertThat(node.status().phase()).isEqualTo(NodeStatus.Phase.RECOVER);
    List<PaxosMessage<Long, List<Long>>> out = drain(node);
    assertThat(out).filteredOn(m -> m instanceof PaxosMessage.PrepareReq).extracting(PaxosMessage::to)
        .containsExactlyInAnyOrder(2L, 3L);
    node.tick();
  }

  private static List<Long> ids(long... ids) {
    List<Long> out = new ArrayList<>();
    for (long id : ids) {
      out.add(id);
    }
    return out;
  }

  private List<Long> storedEntries() {
    MemoryStorage<Long, List<Long>> s = stored();
    return s.entries(s.compactedIdx(), s.compactedIdx() + s.logLen());
  }

  @ParameterizedTest(name = "failure at storage call {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void acceptSync(int failAt) {
    node.handle(prepareFrom2());
    drain(node);
    boolean failed = runFailing(failAt, n -> n.handle(acceptSyncFrom2(1, 1, ids(1, 2, 3))));

    MemoryStorage<Long, List<Long>> s = stored();
    boolean adopted = s.acceptedRound().isPresent();
    if (adopted) {
      assertThat(s.acceptedRound()).contains(B2);
      assertThat(storedEntries()).isEqualTo(ids(1, 2, 3));
      assertThat(s.decidedIdx()).isEqualTo(1);
    } else {
      assertThat(s.logLen()).isZero();
      assertThat(s.decidedIdx()).isZero();
    }
    if (!failed) {
      assertThat(adopted).isTrue();
      return;
    }
    recreateAndCheckRecovery();
    // The leader prepares the recovered node again and synchronises it: the step completes.
    node.handle(prepareFrom2());
    node.handle(acceptSyncFrom2(2, 1, ids(1, 2, 3)));
    drain(node);
    assertThat(storedEntries()).isEqualTo(ids(1, 2, 3));
    assertThat(stored().decidedIdx()).isEqualTo(1);
  }

  private void checkCompaction(int failAt, PaxosMessage.CompactionRequest request, boolean snapshot) {
    follow2WithSixEntries();
    PaxosMessage.Compaction<Long, List<Long>> compaction = new PaxosMessage.Compaction<>(2, 1, 1, request);
    boolean failed = runFailing(failAt, n -> n.handle(compaction));

    MemoryStorage<Long, List<Long>> s = stored();
    assertThat(s.compactedIdx() + s.logLen()).isEqualTo(6);
    boolean compacted = s.compactedIdx() > 0;
    if (compacted) {
      assertThat(s.compactedIdx()).isEqualTo(4);
      assertThat(storedEntries()).isEqualTo(ids(5, 6));
      assertThat(s.snapshot()).isEqualTo(snapshot ? Optional.of(ids(1, 2, 3, 4)) : Optional.empty());
    } else {
      assertThat(storedEntries()).isEqualTo(ids(1, 2, 3, 4, 5, 6));
      assertThat(s.snapshot()).isEmpty();
    }
    if (!failed) {
      assertThat(compacted).isTrue();
      return;
    }
    recreateAndCheckRecovery();
    node.handle(compaction);
    drain(node);
    assertThat(stored().compactedIdx()).isEqualTo(4);
    assertThat(storedEntries()).isEqualTo(ids(5, 6));
  }

  @ParameterizedTest(name = "failure at storage call {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void trim(int failAt) {
    checkCompaction(failAt, new PaxosMessage.CompactionRequest.Trim(4), false);
  }

  @ParameterizedTest(name = "failure at storage call {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void snapshot(int failAt) {
    checkCompaction(failAt, new PaxosMessage.CompactionRequest.Snapshot(OptionalLong.of(4)), true);
  }

  @ParameterizedTest(name = "failure at storage call {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void acceptDecide(int failAt) {
    follow2();
    boolean failed = runFailing(failAt, n -> n.handle(
        new PaxosMessage.AcceptDecide<>(2, 1, B2, new SequenceNumber(1, 2), 5, ids(1, 2, 3, 4, 5, 6))));

    MemoryStorage<Long, List<Long>> s = stored();
    assertThat(s.logLen()).isIn(0L, 6L);
    assertThat(s.decidedIdx()).isIn(0L, 5L);
    if (s.decidedIdx() > 0) {
      assertThat(storedEntries()).as("entries are stored before the decided index covers them")
          .isEqualTo(ids(1, 2, 3, 4, 5, 6));
    }
    if (!failed) {
      assertThat(s.decidedIdx()).isEqualTo(5);
      return;
    }
    recreateAndCheckRecovery();
    node.handle(prepareFrom2());
    node.handle(acceptSyncFrom2(2, 5, ids(1, 2, 3, 4, 5, 6)));
    drain(node);
    assertThat(storedEntries()).isEqualTo(ids(1, 2, 3, 4, 5, 6));
    assertThat(stored().decidedIdx()).isEqualTo(5);
  }

  /**
   * Node 1, a follower of node 2, takes over: node 3 answers its heartbeats unhappy, so after a few
   * rounds node 1 mints a larger ballot and prepares it. @return the Prepare it sent to node 2
   */
  private PaxosMessage.Prepare<Long, List<Long>> takeOver() {
    Ballot ballot3 = new Ballot(1, 1, 0, 3);
    for (int t = 0; t < 10 * ServerConfig.DEFAULT_ELECTION_TICK_TIMEOUT; t++) {
      node.tick();
      for (Message<Long, List<Long>> m : node.outgoingMessages()) {
        if (m instanceof Message.Paxos<Long, List<Long>> p && p.message() instanceof PaxosMessage.Prepare<Long,
            List<Long>> prep && prep.to() == 2) {
          return prep;
        }
        if (m instanceof Message.Ble<Long, List<Long>> b && b.message() instanceof BleMessage.HeartbeatRequest req
            && req.to() == 3) {
          node.handle(new BleMessage.HeartbeatReply(3, 1, req.round(), ballot3, B2, false));
        }
      }
    }
    throw new AssertionError("node 1 never took over");
  }

  @ParameterizedTest(name = "failure at storage call {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void majorityPromises(int failAt) {
    follow2();
    PaxosMessage.Prepare<Long, List<Long>> prepare = takeOver();
    assertThat(prepare.n().greaterThan(B2)).isTrue();
    assertThat(prepare.nAccepted()).isEqualTo(B2);
    // Node 2 accepted [1,2,3] in B2, decided 2, and compacted [1,2] into a snapshot.
    PaxosMessage.Promise<Long, List<Long>> promise = new PaxosMessage.Promise<>(2, 1, prepare.n(), B2, 2, 3,
        Optional.of(new LogSync<>(Optional.of(ids(1, 2)), ids(3), 2, Optional.empty())));
    boolean failed = runFailing(failAt, n -> n.handle(promise));

    MemoryStorage<Long, List<Long>> s = stored();
    boolean decidedChanged = s.decidedIdx() != 0;
    assertThat(s.snapshot().isPresent()).as("decided index and snapshot change together").isEqualTo(decidedChanged);
    boolean roundChanged = !s.acceptedRound().orElseThrow().equals(B2);
    assertThat(s.compactedIdx() + s.logLen() == 3).as("accepted round and log change together")
        .isEqualTo(roundChanged);
    if (roundChanged) {
      assertThat(s.acceptedRound()).contains(prepare.n());
      assertThat(s.snapshot()).contains(ids(1, 2));
      assertThat(s.compactedIdx()).isEqualTo(2);
      assertThat(storedEntries()).isEqualTo(ids(3));
      assertThat(s.decidedIdx()).isEqualTo(2);
    } else {
      assertThat(s.logLen()).isZero();
      assertThat(s.decidedIdx()).isZero();
    }
    if (!failed) {
      assertThat(roundChanged).as("the promise was adopted").isTrue();
      assertThat(node.isLeader()).isTrue();
      return;
    }
    recreateAndCheckRecovery();
  }
}
