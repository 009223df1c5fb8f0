package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.Ballot;
import omnipaxos.core.CompactionException;
import omnipaxos.core.DropReason;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.ble.BleMessage.HeartbeatRequest;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One node on its own (its peers never answer): closing, bad input, full channels, and the guard
 * against blocking the event loop on its own futures.
 */
@Timeout(60)
class NodeApiTest {

  /** Memory storage whose flush can be held, to stop the event loop inside a batch. */
  static final class GatedStorage extends MemoryStorage<String, List<String>> {
    private volatile CountDownLatch gate;
    private final Semaphore entered = new Semaphore(0);

    private long ballots;

    /**
     * Holds the next flush until {@link #release()}; returns once the loop is held. The loop flushes
     * only after a write that must be durable, so a Prepare of a new ballot from peer 2 (a promise to
     * store) is sent to make it flush.
     */
    void holdNextFlush(OmniPaxosHandle<String, List<String>> h) throws InterruptedException {
      gate = new CountDownLatch(1);
      Ballot n = new Ballot(soloConfig().configurationId(), ++ballots, 0, 2);
      h.seqPaxosHandle().incoming().put(new PaxosMessage.Prepare<>(2, 1, n, 0, Ballot.NONE, 0));
      assertThat(entered.tryAcquire(30, TimeUnit.SECONDS)).as("the event loop reached a flush").isTrue();
    }

    void release() {
      CountDownLatch g = gate;
      gate = null;
      g.countDown();
    }

    @Override
    public void flush() {
      CountDownLatch g = gate;
      if (g != null) {
        entered.release();
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static NodeConfig soloConfig() {
    return LocalCluster.testConfig().pid(1).peers(List.of(2L, 3L)).build();
  }

  @Test
  void closeFailsWaitingRequestsAndEveryLaterCall() throws Exception {
    OmniPaxosHandle<String, List<String>> h =
        OmniPaxosNode.create(soloConfig(), new MemoryStorage<>(), LocalCluster.LIST_SNAPSHOTS);
    OmniPaxosNode<String, List<String>> node = h.omniPaxos();
    CompletableFuture<Long> waiting = node.appendDecided("never decided: no leader");
    CompletableFuture<?> reconfigured = node.reconfigured();
    DecidedSubscription<String, List<String>> sub = node.subscribe(0, e -> {});
    Await.until("the node to send heartbeats", () -> h.bleHandle().outgoing().poll().isPresent());
    assertThat(Await.result(node.stats()).pendingAppends()).isEqualTo(1);

    node.close();
    assertThat(node.isClosed()).isTrue();
    assertThat(node.terminated()).isDone();
    Throwable w = Await.failure(waiting);
    assertThat(w).isInstanceOf(EntryNotDecidedException.class);
    assertThat(((EntryNotDecidedException) w).reason()).isEqualTo(EntryNotDecidedException.Reason.NODE_CLOSED);
    assertThat(((EntryNotDecidedException) w).definitelyNotDecided()).isFalse();
    assertThat(Await.failure(reconfigured)).isInstanceOf(NodeClosedException.class);
    assertThat(Await.failure(sub.completion())).isInstanceOf(NodeClosedException.class);

    CompletableFuture<Void> afterClose = node.append("late");
    assertThat(afterClose).isCompletedExceptionally();
    assertThat(Await.failure(afterClose)).isInstanceOf(NodeClosedException.class).hasMessageContaining("closed");
    assertThat(Await.failure(node.decidedIdx())).isInstanceOf(NodeClosedException.class);
    assertThat(Await.failure(node.appendDecided("late"))).isInstanceOf(NodeClosedException.class);

    HeartbeatRequest hb = new HeartbeatRequest(2, 1, 1, 1);
    assertThat(h.bleHandle().incoming().offer(hb)).isEqualTo(OfferResult.CLOSED);
    assertThatThrownBy(() -> h.bleHandle().incoming().put(hb)).isInstanceOf(ChannelClosedException.class);
    assertThat(Await.failure(h.bleHandle().incoming().send(hb))).isInstanceOf(ChannelClosedException.class);
    ChannelReceiver<BleMessage> out = h.bleHandle().outgoing();
    while (out.poll().isPresent()) {
      // Messages queued before the close can still be taken.
    }
    assertThatThrownBy(out::take).isInstanceOf(ChannelClosedException.class);
    assertThat(Await.failure(out.receive())).isInstanceOf(ChannelClosedException.class);
    node.close();
  }

  @Test
  void messagesForAnotherPidFromANonMemberOrOfAnotherConfigurationAreDroppedAndCounted() throws Exception {
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(soloConfig(), new MemoryStorage<>());
    try (OmniPaxosNode<String, List<String>> node = h.omniPaxos()) {
      h.bleHandle().incoming().put(new HeartbeatRequest(2, 9, 1, 1));
      h.bleHandle().incoming().put(new HeartbeatRequest(7, 1, 1, 1));
      h.bleHandle().incoming().put(new HeartbeatRequest(2, 1, 5, 1));
      NodeStats s = Await.value("the drops to be counted", () -> Await.result(node.stats()),
          st -> st.droppedIncoming().values().stream().mapToLong(Long::longValue).sum() == 3);
      assertThat(s.droppedIncoming()).containsEntry(DropReason.WRONG_RECEIVER, 1L)
          .containsEntry(DropReason.UNKNOWN_SENDER, 1L).containsEntry(DropReason.OTHER_CONFIGURATION, 1L);
    }
  }

  @Test
  void aRefusedAppendIsNotFollowed() throws Exception {
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(soloConfig().toBuilder().bufferSize(1).build(), new MemoryStorage<>());
    try (OmniPaxosNode<String, List<String>> node = h.omniPaxos()) {
      CompletableFuture<Long> buffered = node.appendDecided("buffered: no leader");
      CompletableFuture<Long> refused = node.appendDecided("refused: the buffer is full");
      assertThat(Await.failure(refused)).isInstanceOf(ProposalRejectedException.class);
      assertThat(Await.result(node.stats()).pendingAppends()).isEqualTo(1);
      assertThat(buffered).isNotDone();
    }
  }

  @Test
  void aFullIncomingChannelRefusesOffersAndQueuesSendsWithoutBlocking() throws Exception {
    GatedStorage storage = new GatedStorage();
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(soloConfig().toBuilder().channelCapacity(2).build(), storage);
    try (OmniPaxosNode<String, List<String>> node = h.omniPaxos()) {
      storage.holdNextFlush(h);
      ChannelSender<BleMessage> in = h.bleHandle().incoming();
      assertThat(in.offer(new HeartbeatRequest(2, 1, 1, 1))).isEqualTo(OfferResult.ACCEPTED);
      assertThat(in.offer(new HeartbeatRequest(2, 1, 1, 2))).isEqualTo(OfferResult.ACCEPTED);
      assertThat(in.offer(new HeartbeatRequest(2, 1, 1, 3))).isEqualTo(OfferResult.FULL);
      assertThat(in.offer(new HeartbeatRequest(2, 1, 1, 3), 10, TimeUnit.MILLISECONDS)).isEqualTo(OfferResult.FULL);
      CompletableFuture<Void> queued = in.send(new HeartbeatRequest(2, 1, 1, 4));
      CompletableFuture<Void> append = node.append("waits for the loop");
      assertThat(queued).isNotDone();
      assertThat(append).isNotDone();

      storage.release();
      Await.result(queued);
      Await.result(append);
      NodeStats s = Await.value("the node to answer every heartbeat request it took",
          () -> Await.result(node.stats()), st -> st.droppedOutgoing() > 0);
      assertThat(s.rejectedIncomingOffers()).isEqualTo(2);
    }
  }

  @Test
  void waitingOnTheLoopThreadForTheNodesOwnFutureFailsInsteadOfHanging() throws Exception {
    GatedStorage storage = new GatedStorage();
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(soloConfig(), storage);
    try (OmniPaxosNode<String, List<String>> node = h.omniPaxos()) {
      storage.holdNextFlush(h);
      CompletableFuture<Long> nested = node.decidedIdx().thenApply(i -> node.compactedIdx().join());
      storage.release();
      assertThat(Await.failure(nested)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("event-loop thread");
      CompletableFuture<Long> offLoop = node.decidedIdx().thenApplyAsync(i -> node.compactedIdx().join());
      assertThat(Await.result(offLoop)).isEqualTo(0L);
    }
  }

  @Test
  void snapshotsNeedASnapshotter() {
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(soloConfig(), new MemoryStorage<>());
    try (OmniPaxosNode<String, List<String>> node = h.omniPaxos()) {
      Throwable t = Await.failure(node.snapshot(0, true));
      assertThat(t).isInstanceOf(CompactionException.class);
      assertThat(((CompactionException) t).reason()).isEqualTo(CompactionException.Reason.SNAPSHOTS_DISABLED);
    }
  }

  @Test
  void anInvalidConfigIsRefusedBeforeAnythingStarts() {
    MemoryStorage<String, Void> storage = new MemoryStorage<>();
    assertThatThrownBy(() -> OmniPaxosNode.create(NodeConfig.builder().peers(List.of(2L)).build(), storage))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("setPid");
    assertThatThrownBy(() -> OmniPaxosNode.create(NodeConfig.builder().pid(1).peers(List.of(1L, 2L)).build(), storage))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("own pid");
    assertThatThrownBy(() -> OmniPaxosNode.create(
        NodeConfig.builder().pid(1).peers(List.of(2L, 3L)).flexibleQuorum(2, 1).build(), storage))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("quorum");
  }
}
