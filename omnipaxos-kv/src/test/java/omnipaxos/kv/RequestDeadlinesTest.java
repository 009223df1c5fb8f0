package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.Test;

/** One sweep answers the requests past their deadline and forgets the answered ones. */
class RequestDeadlinesTest {

  private static Reply timedOut(boolean read) {
    return new Reply.Error(read ? "read timed out" : "write timed out");
  }

  @Test
  void requestsPastTheirDeadlineAreAnsweredByTheSweep() {
    RequestDeadlines d = new RequestDeadlines(0, RequestDeadlinesTest::timedOut);
    CompletableFuture<Reply> read = new CompletableFuture<>();
    CompletableFuture<Reply> write = new CompletableFuture<>();
    CompletableFuture<Reply> answered = new CompletableFuture<>();
    d.add(read, true);
    d.add(write, false);
    d.add(answered, false);
    answered.complete(Reply.OK);
    d.sweep();
    assertThat(read.join()).isEqualTo(timedOut(true));
    assertThat(write.join()).isEqualTo(timedOut(false));
    assertThat(answered.join()).isEqualTo(Reply.OK);
    assertThat(d.size()).isZero();
  }

  @Test
  void requestsWithinTheirTimeOutAreLeftAloneAndAnsweredOnesAtTheHeadForgotten() {
    RequestDeadlines d = new RequestDeadlines(TimeUnit.MINUTES.toNanos(1),
        RequestDeadlinesTest::timedOut);
    CompletableFuture<Reply> answered = new CompletableFuture<>();
    CompletableFuture<Reply> waiting = new CompletableFuture<>();
    long deadline = d.add(answered, false);
    d.add(waiting, true);
    assertThat(deadline - System.nanoTime()).isPositive();
    answered.complete(Reply.OK);
    d.sweep();
    assertThat(waiting).isNotDone();
    assertThat(d.size()).isEqualTo(1);
  }
}
