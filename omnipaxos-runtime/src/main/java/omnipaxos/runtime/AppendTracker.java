package omnipaxos.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.Ballot;
import omnipaxos.runtime.EntryNotDecidedException.Reason;

/**
 * Follows the entries of {@link OmniPaxosNode#appendDecided} calls until they are decided, or until it
 * is certain they will not be, or their fate cannot be known. Fed the {@link LogNote}s of each batch
 * after the batch was made durable; used only by the event-loop thread.
 *
 * <p>Soundness rests on one property of the protocol: a proposal enters a log once, at one position
 * chosen by the leader that appends it, and log synchronisation copies entries without moving them
 * (the core never proposes an entry twice; this assumes the network does not duplicate a forwarded
 * proposal, which a TCP transport does not).
 * So an entry decided at position {@code p} completes its future with {@code p}; an entry seen at
 * {@code p} whose position is then decided holding another id is lost for good; and every position
 * before a decided stop sign is decided, so an entry not among them never will be. Everything else
 * that ends the wait (ids that could not be seen, a leader change, the time-out, closing) is reported
 * as "may still be decided".
 */
final class AppendTracker {

  private static final class Pending {
    final EntryId id;
    final NodeFuture<Long> future;
    final long proposedAt;
    final long deadline;
    /** The one position the entry can ever hold, once seen written there; -1 before. */
    long position = -1;
    /** Whether the entry is in this node's log now. */
    boolean inLog;
    /** Whether it is no longer followed (its future is completed or it was untracked). */
    boolean done;

    Pending(EntryId id, NodeFuture<Long> future, long proposedAt, long deadline) {
      this.id = id;
      this.future = future;
      this.proposedAt = proposedAt;
      this.deadline = deadline;
    }
  }

  private final long timeoutNanos;
  private final long leaderChangeGraceNanos;
  private final Map<EntryId, Pending> pending = new HashMap<>();
  /** Pending entries by the position they were seen at (several, if one was overwritten by another). */
  private final PositionIndex<List<Pending>> byPosition = new PositionIndex<>();
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();
  private Ballot adopted;
  private long leaderChangeCheckAt;
  private long leaderChangeCutoff;
  private boolean leaderChangeCheckDue;

  /**
   * @param timeoutNanos how long an entry may stay undecided
   * @param leaderChangeGraceNanos how long after adopting a new leader's log an entry may still be missing from it
   */
  AppendTracker(long timeoutNanos, long leaderChangeGraceNanos) {
    this.timeoutNanos = timeoutNanos;
    this.leaderChangeGraceNanos = leaderChangeGraceNanos;
  }

  /** Follows the entry proposed with {@code id} at time {@code now}. */
  void track(EntryId id, NodeFuture<Long> future, long now) {
    Pending p = new Pending(id, future, now, now + timeoutNanos);
    pending.put(id, p);
    byDeadline.add(p);
  }

  /** Stops following {@code id} (its proposal was refused), without completing its future. */
  void untrack(EntryId id) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.done = true;
      unplace(p);
    }
  }

  int size() {
    return pending.size();
  }

  /** Applies the notes of one durable batch. */
  void process(List<LogNote> notes, long now) {
    for (LogNote n : notes) {
      if (n instanceof LogNote.Written w) {
        written(w.idx(), w.id());
      } else if (n instanceof LogNote.Truncated t) {
        truncated(t.from());
      } else if (n instanceof LogNote.Decided d) {
        decided(d.idx(), d.id());
      } else if (n instanceof LogNote.DecidedUnseen u) {
        unseen(u.from(), u.to());
      } else if (n instanceof LogNote.Adopted a) {
        adopted(a.round(), now);
      }
    }
  }

  private void written(long idx, EntryId id) {
    List<Pending> there = byPosition.get(idx);
    if (there != null) {
      for (Pending q : there) {
        q.inLog = q.id.equals(id);
      }
    }
    Pending p = pending.get(id);
    if (p == null) {
      return;
    }
    if (p.position != idx) {
      unplace(p);
      p.position = idx;
      List<Pending> here = byPosition.get(idx);
      if (here == null) {
        here = new ArrayList<>(1);
        byPosition.put(idx, here);
      }
      here.add(p);
    }
    p.inLog = true;
  }

  private void truncated(long from) {
    for (List<Pending> there : byPosition.valuesIn(from, Long.MAX_VALUE)) {
      for (Pending q : there) {
        q.inLog = false;
      }
    }
  }

  private void decided(long idx, EntryId id) {
    List<Pending> there = byPosition.remove(idx);
    Pending mine = id.isNone() ? null : pending.remove(id);
    if (mine != null) {
      mine.done = true;
      mine.future.complete(idx);
    }
    if (there != null) {
      for (Pending q : there) {
        if (q == mine) {
          continue;
        }
        q.position = -1;
        if (id.isNone()) {
          fail(q, Reason.UNTRACEABLE, "its position " + idx + " was decided with an entry whose id is unknown");
        } else {
          fail(q, Reason.LOST, "its position " + idx + " was decided with entry " + id);
        }
      }
    }
    if (id.isNone()) {
      failUnplaced(Reason.UNTRACEABLE, "position " + idx + " was decided with an entry whose id is unknown");
    }
  }

  private void unseen(long from, long to) {
    String why = "positions [" + from + ", " + to + ") were decided but arrived compacted";
    List<Pending> affected = new ArrayList<>();
    for (List<Pending> there : byPosition.valuesIn(from, to)) {
      affected.addAll(there);
    }
    for (Pending p : affected) {
      fail(p, Reason.UNTRACEABLE, why);
    }
    failUnplaced(Reason.UNTRACEABLE, why);
  }

  private void adopted(Ballot round, long now) {
    if (round.equals(adopted)) {
      return;
    }
    adopted = round;
    leaderChangeCutoff = now;
    leaderChangeCheckAt = now + leaderChangeGraceNanos;
    leaderChangeCheckDue = true;
  }

  /** Fails entries whose time is up. */
  void tick(long now) {
    while (!byDeadline.isEmpty()) {
      Pending p = byDeadline.peek();
      if (p.done) {
        byDeadline.poll();
      } else if (now - p.deadline >= 0) {
        byDeadline.poll();
        fail(p, Reason.TIMED_OUT, "not decided within the append time-out");
      } else {
        break;
      }
    }
    if (leaderChangeCheckDue && now - leaderChangeCheckAt >= 0) {
      leaderChangeCheckDue = false;
      for (Pending p : new ArrayList<>(pending.values())) {
        if (!p.inLog && p.proposedAt - leaderChangeCutoff <= 0) {
          fail(p, Reason.LEADER_CHANGED, "not in the log of leader " + adopted + " some time after adopting it");
        }
      }
    }
  }

  /** Fails every entry still followed. */
  void failAll(Reason reason, String detail) {
    for (Pending p : new ArrayList<>(pending.values())) {
      fail(p, reason, detail);
    }
  }

  private void failUnplaced(Reason reason, String detail) {
    for (Pending p : new ArrayList<>(pending.values())) {
      if (p.position < 0) {
        fail(p, reason, detail);
      }
    }
  }

  private void fail(Pending p, Reason reason, String detail) {
    if (pending.remove(p.id) != p) {
      return;
    }
    p.done = true;
    unplace(p);
    p.future.completeExceptionally(new EntryNotDecidedException(reason, p.id, detail));
  }

  private void unplace(Pending p) {
    if (p.position < 0) {
      return;
    }
    List<Pending> there = byPosition.get(p.position);
    if (there != null) {
      there.remove(p);
      if (there.isEmpty()) {
        byPosition.remove(p.position);
      }
    }
    p.position = -1;
  }
}
