package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MessageChannelTest {

  @Test
  void messagesArriveInOrderAndOffersBeyondCapacityAreRefused() throws Exception {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 2);
    assertThat(ch.offer(1)).isEqualTo(OfferResult.ACCEPTED);
    ch.put(2);
    assertThat(ch.offer(3)).isEqualTo(OfferResult.FULL);
    assertThat(ch.rejectedOffers()).isEqualTo(1);
    assertThat(ch.size()).isEqualTo(2);
    assertThat(ch.take()).isEqualTo(1);
    assertThat(ch.poll()).contains(2);
    assertThat(ch.poll()).isEmpty();
    assertThat(ch.poll(10, TimeUnit.MILLISECONDS)).isEmpty();
  }

  @Test
  void putWaitsForRoom() throws Exception {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 1);
    ch.put(1);
    CompletableFuture<Void> putter = CompletableFuture.runAsync(() -> {
      try {
        ch.put(2);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(ch.take()).isEqualTo(1);
    Await.result(putter);
    assertThat(ch.take()).isEqualTo(2);
  }

  @Test
  void asyncReceivesAndSendsWaitAndKeepOrder() {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 1);
    CompletableFuture<Integer> r1 = ch.receive();
    CompletableFuture<Integer> r2 = ch.receive();
    assertThat(r1).isNotDone();
    assertThat(ch.offer(1)).isEqualTo(OfferResult.ACCEPTED);
    assertThat(ch.offer(2)).isEqualTo(OfferResult.ACCEPTED);
    assertThat(r1).isCompletedWithValue(1);
    assertThat(r2).isCompletedWithValue(2);

    assertThat(ch.send(3)).isCompleted();
    CompletableFuture<Void> s4 = ch.send(4);
    CompletableFuture<Void> s5 = ch.send(5);
    assertThat(s4).isNotDone();
    assertThat(ch.offer(6)).as("an offer does not overtake waiting sends").isEqualTo(OfferResult.FULL);
    assertThat(ch.poll()).contains(3);
    assertThat(s4).isCompleted();
    assertThat(s5).isNotDone();
    assertThat(ch.receive()).isCompletedWithValue(4);
    assertThat(s5).isCompleted();
    assertThat(ch.poll()).contains(5);
  }

  @Test
  void anAbandonedReceiveOrSendIsWithdrawnSoNothingIsLost() throws Exception {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 1);
    CompletableFuture<Integer> cancelled = ch.receive();
    CompletableFuture<Integer> timedOut = ch.receive().orTimeout(1, TimeUnit.MILLISECONDS);
    CompletableFuture<Integer> kept = ch.receive();
    assertThat(cancelled.cancel(false)).isTrue();
    assertThat(Await.failure(timedOut)).isInstanceOf(TimeoutException.class);
    ch.put(7);
    assertThat(kept).isCompletedWithValue(7);

    ch.put(8);
    CompletableFuture<Void> abandoned = ch.send(9);
    assertThat(abandoned.cancel(false)).isTrue();
    assertThat(ch.take()).isEqualTo(8);
    assertThat(ch.poll()).as("the withdrawn send was not queued").isEmpty();
    CompletableFuture<Integer> done = ch.receive();
    ch.put(10);
    assertThat(done.cancel(false)).as("a receive that got its message cannot be cancelled").isFalse();
    assertThat(done).isCompletedWithValue(10);
  }

  @Test
  void closingRefusesSendsButLetsQueuedMessagesBeTaken() throws Exception {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 2);
    ch.put(1);
    ch.put(2);
    CompletableFuture<Void> waitingSend = ch.send(3);
    ch.close();
    ch.close();
    assertThat(ch.isClosed()).isTrue();
    assertThat(Await.failure(waitingSend)).isInstanceOf(ChannelClosedException.class);
    assertThat(ch.offer(4)).isEqualTo(OfferResult.CLOSED);
    assertThat(ch.offer(4, 1, TimeUnit.MILLISECONDS)).isEqualTo(OfferResult.CLOSED);
    assertThatThrownBy(() -> ch.put(4)).isInstanceOf(ChannelClosedException.class);
    assertThat(Await.failure(ch.send(4))).isInstanceOf(ChannelClosedException.class);
    assertThat(ch.take()).isEqualTo(1);
    assertThat(ch.receive()).isCompletedWithValue(2);
    assertThatThrownBy(ch::take).isInstanceOf(ChannelClosedException.class);
    assertThat(ch.poll()).isEmpty();
    assertThat(ch.poll(1, TimeUnit.SECONDS)).isEmpty();
    assertThat(Await.failure(ch.receive())).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void closingWakesBlockedThreadsAndFailsWaitingReceives() throws Exception {
    MessageChannel<Integer> empty = new MessageChannel<>("empty", 1);
    CompletableFuture<Integer> waitingReceive = empty.receive();
    AtomicReference<Throwable> takerSaw = new AtomicReference<>();
    CountDownLatch takerDone = new CountDownLatch(1);
    Thread taker = new Thread(() -> {
      try {
        empty.take();
      } catch (Throwable t) {
        takerSaw.set(t);
      }
      takerDone.countDown();
    });
    taker.start();

    MessageChannel<Integer> full = new MessageChannel<>("full", 1);
    full.put(1);
    AtomicReference<Throwable> putterSaw = new AtomicReference<>();
    CountDownLatch putterDone = new CountDownLatch(1);
    Thread putter = new Thread(() -> {
      try {
        full.put(2);
      } catch (Throwable t) {
        putterSaw.set(t);
      }
      putterDone.countDown();
    });
    putter.start();
    Await.until("both threads to block", () -> taker.getState() == Thread.State.WAITING
        && putter.getState() == Thread.State.WAITING);

    empty.close();
    full.close();
    assertThat(takerDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(putterDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(takerSaw.get()).isInstanceOf(ChannelClosedException.class);
    assertThat(putterSaw.get()).isInstanceOf(ChannelClosedException.class);
    assertThat(Await.failure(waitingReceive)).isInstanceOf(ChannelClosedException.class);
    assertThat(full.take()).isEqualTo(1);
  }

  @Test
  void manyProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
    MessageChannel<Integer> ch = new MessageChannel<>("test", 4);
    int producers = 4;
    int perProducer = 2_000;
    List<Thread> threads = new ArrayList<>();
    List<Integer> received = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      threads.add(new Thread(() -> {
        for (int i = 0; i < perProducer; i++) {
          int v = base + i;
          if (i % 3 == 0) {
            Await.result(ch.send(v));
          } else {
            try {
              ch.put(v);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      }));
    }
    for (int c = 0; c < 3; c++) {
      int mode = c;
      threads.add(new Thread(() -> {
        while (received.size() < producers * perProducer) {
          Optional<Integer> m;
          try {
            m = mode == 0 ? Optional.ofNullable(Await.result(ch.receive().orTimeout(50, TimeUnit.MILLISECONDS)
                .exceptionally(t -> null))) : ch.poll(50, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          m.ifPresent(received::add);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(20_000);
    }
    assertThat(received).hasSize(producers * perProducer).doesNotHaveDuplicates();
  }
}
