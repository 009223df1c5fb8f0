package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletionException;
import omnipaxos.core.Ballot;
import omnipaxos.runtime.EntryNotDecidedException.Reason;
import org.junit.jupiter.api.Test;

/** {@link AppendTracker} fed notes directly: each way a followed entry's wait ends. */
class AppendTrackerTest {

  private static final long PID = 1;
  private static final long SESSION = 77;
  private static final long TIMEOUT = 1_000;
  private static final long GRACE = 100;
  private static final Thread LOOP = new Thread(() -> {});

  private final AppendTracker tracker = new AppendTracker(PID, SESSION, TIMEOUT, GRACE, 0);
  private long seq;

  private AppendTracker.Pending track(long now) {
    AppendTracker.Pending p = new AppendTracker.Pending(new NodeFuture<>(LOOP));
    tracker.track(p, new EntryId(PID, SESSION, ++seq), now);
    return p;
  }

  private static EntryId other(long s) {
    return new EntryId(2, 5, s);
  }

  private void feed(LogNote... notes) {
    tracker.process(List.of(notes), 0);
  }

  private static Reason failure(AppendTracker.Pending p) {
    assertThat(p.future).isCompletedExceptionally();
    try {
      p.future.getNow(null);
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return ((EntryNotDecidedException) e.getCause()).reason();
    }
  }

  @Test
  void anEntryDecidedWhereItWasWrittenCompletesWithItsPosition() {
    AppendTracker.Pending a = track(0);
    AppendTracker.Pending b = track(0);
    feed(new LogNote.Written(10, a.id), new LogNote.Written(11, b.id), new LogNote.Decided(10, a.id));
    assertThat(a.future.getNow(-1L)).isEqualTo(10);
    assertThat(b.future).isNotDone();
    feed(new LogNote.Decided(11, b.id));
    assertThat(b.future.getNow(-1L)).isEqualTo(11);
    assertThat(tracker.size()).isZero();
  }

  @Test
  void itsPositionDecidedWithAnotherEntryMeansLost() {
    AppendTracker.Pending a = track(0);
    feed(new LogNote.Written(3, a.id), new LogNote.Truncated(3), new LogNote.Written(3, other(1)),
        new LogNote.Decided(3, other(1)));
    assertThat(failure(a)).isEqualTo(Reason.LOST);
    assertThat(tracker.size()).isZero();
  }

  @Test
  void twoEntriesSeenAtOnePositionAreBothSettledWhenItIsDecided() {
    AppendTracker.Pending a = track(0);
    AppendTracker.Pending b = track(0);
    AppendTracker.Pending c = track(0);
    // a and b were each written at 5 under different leaders; c at 5 last, then decided there.
    feed(new LogNote.Written(5, a.id), new LogNote.Truncated(5), new LogNote.Written(5, b.id),
        new LogNote.Truncated(5), new LogNote.Written(5, c.id), new LogNote.Decided(5, c.id));
    assertThat(c.future.getNow(-1L)).isEqualTo(5);
    assertThat(failure(a)).isEqualTo(Reason.LOST);
    assertThat(failure(b)).isEqualTo(Reason.LOST);
  }

  @Test
  void anEntryRewrittenAtAnotherPositionIsFollowedThere() {
    AppendTracker.Pending a = track(0);
    AppendTracker.Pending b = track(0);
    feed(new LogNote.Written(5, a.id), new LogNote.Written(6, b.id), new LogNote.Truncated(5),
        new LogNote.Written(5, b.id), new LogNote.Written(6, a.id));
    feed(new LogNote.Decided(5, b.id), new LogNote.Decided(6, a.id));
    assertThat(b.future.getNow(-1L)).isEqualTo(5);
    assertThat(a.future.getNow(-1L)).isEqualTo(6);
  }

  @Test
  void aPositionDecidedWithAnUnknownIdMakesUnplacedAndPlacedEntriesUntraceable() {
    AppendTracker.Pending placed = track(0);
    AppendTracker.Pending unplaced = track(0);
    AppendTracker.Pending elsewhere = track(0);
    feed(new LogNote.Written(7, placed.id), new LogNote.Written(9, elsewhere.id), new LogNote.Decided(7, EntryId.NONE));
    assertThat(failure(placed)).isEqualTo(Reason.UNTRACEABLE);
    assertThat(failure(unplaced)).isEqualTo(Reason.UNTRACEABLE);
    assertThat(elsewhere.future).as("it holds position 9, not 7").isNotDone();
    feed(new LogNote.Decided(8, EntryId.NONE), new LogNote.Decided(9, elsewhere.id));
    assertThat(elsewhere.future.getNow(-1L)).isEqualTo(9);
  }

  @Test
  void positionsDecidedWhileCompactedMakeTheirEntriesUntraceable() {
    AppendTracker.Pending in = track(0);
    AppendTracker.Pending after = track(0);
    feed(new LogNote.Written(2, in.id), new LogNote.Written(20, after.id), new LogNote.DecidedUnseen(0, 10));
    assertThat(failure(in)).isEqualTo(Reason.UNTRACEABLE);
    assertThat(after.future).isNotDone();
  }

  @Test
  void anEntryNotSentYetIsNotAmongPositionsThatArriveCompactedInTheAdoptionThatSendsIt() {
    // A new member appends before its first AcceptSync: the core holds the entry until it adopts
    // the leader's log, whose decided prefix arrives compacted, and forwards it only after that.
    AppendTracker.Pending held = new AppendTracker.Pending(new NodeFuture<>(LOOP));
    tracker.track(held, new EntryId(PID, SESSION, ++seq), 0, true);
    AppendTracker.Pending sent = track(0);
    feed(new LogNote.Adopted(new Ballot(2, 1, 0, 3)), new LogNote.DecidedUnseen(0, 96));
    assertThat(held.future).as("held back until this adoption").isNotDone();
    assertThat(failure(sent)).as("sent before: it may be in the compacted range").isEqualTo(Reason.UNTRACEABLE);
    feed(new LogNote.Written(96, held.id), new LogNote.Decided(96, held.id));
    assertThat(held.future.getNow(-1L)).isEqualTo(96);
  }

  @Test
  void anEntryHeldBackThenSentIsUntraceableWhenALaterAdoptionArrivesCompacted() {
    AppendTracker.Pending held = new AppendTracker.Pending(new NodeFuture<>(LOOP));
    tracker.track(held, new EntryId(PID, SESSION, ++seq), 0, true);
    // Sent at the first adoption, not seen in a log yet; the second leader's log comes compacted.
    feed(new LogNote.Adopted(new Ballot(2, 1, 0, 3)), new LogNote.Adopted(new Ballot(2, 2, 0, 2)),
        new LogNote.DecidedUnseen(0, 50));
    assertThat(failure(held)).isEqualTo(Reason.UNTRACEABLE);
  }

  @Test
  void entriesTimeOutAndMissingEntriesFailAfterALeaderChange() {
    AppendTracker.Pending early = track(0);
    AppendTracker.Pending inLog = track(0);
    tracker.process(List.of(new LogNote.Written(1, inLog.id), new LogNote.Adopted(new Ballot(1, 2, 0, 2))), 10);
    AppendTracker.Pending late = track(20);
    tracker.tick(10 + GRACE);
    assertThat(failure(early)).isEqualTo(Reason.LEADER_CHANGED);
    assertThat(inLog.future).isNotDone();
    assertThat(late.future).as("proposed after the change").isNotDone();
    tracker.tick(TIMEOUT);
    assertThat(failure(inLog)).isEqualTo(Reason.TIMED_OUT);
    assertThat(late.future).isNotDone();
    tracker.failAll(Reason.NODE_CLOSED, "closed");
    assertThat(failure(late)).isEqualTo(Reason.NODE_CLOSED);
    assertThat(tracker.size()).isZero();
  }

  @Test
  void anUntrackedEntryIsForgottenWithoutCompletingItsFuture() {
    AppendTracker.Pending a = track(0);
    feed(new LogNote.Written(4, a.id));
    tracker.untrack(a);
    feed(new LogNote.Decided(4, a.id));
    assertThat(a.future).isNotDone();
    assertThat(tracker.size()).isZero();
  }
}
