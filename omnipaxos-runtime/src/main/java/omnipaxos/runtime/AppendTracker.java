package omnipaxos.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import omnipaxos.core.Ballot;
import omnipaxos.runtime.EntryNotDecidedException.Reason;

/**
 * Follows the entries of {@link OmniPaxosNode#appendDecided} calls until they are decided, or until
 * it is certain they will not be, or their fate cannot be known. Fed the {@link LogNote}s of each
 * batch after the batch was made durable; used only by the event-loop thread.
 *
 * <p>Soundness rests on one property of the protocol: a proposal enters a log once, at one position
 * chosen by the leader that appends it, and log synchronisation copies entries without moving them
 * (the core never proposes an entry twice; this assumes the network does not duplicate a forwarded
 * proposal, which a TCP transport does not). So an entry decided at position {@code p} completes
 * its future with {@code p}; an entry seen at {@code p} whose position is then decided holding
 * another id is lost for good; and every position before a decided stop sign is decided, so an
 * entry not among them never will be. Everything else that ends the wait (ids that could not be
 * seen, a leader change, the time-out, closing) is reported as "may still be decided".
 */
final class AppendTracker {

  /**
   * One followed entry. The event loop's append request is one (so following an entry allocates
   * nothing more); entries at one position are chained through {@link #nextHere}.
   */
  static class Pending {
    final NodeFuture<Long> future;
    EntryId id;
    long proposedAt;
    long deadline;
    /** The one position the entry can ever hold, once seen written there; -1 before. */
    long position = -1;
    /** Whether the entry is in this node's log now. */
    boolean inLog;
    /** Whether it is no longer followed (its future is completed or it was untracked). */
    boolean done;
    /** The next entry seen at the same position (one overwrote the other), or null. */
    Pending nextHere;
    /**
     * Whether the core held the entry back when it was proposed, to send it only after the next
     * log it adopts ({@link omnipaxos.core.OmniPaxos#holdsProposals}).
     */
    boolean heldBack;
    /** How many adoptions of a log had been noted when the entry was proposed. */
    long adoptionsBefore;

    Pending(NodeFuture<Long> future) {
      this.future = future;
    }
  }

  private final long origin;
  private final long session;
  /** Added to log indices in the futures: the position at which this configuration's log starts. */
  private final long positionOffset;
  private final long timeoutNanos;
  private final long leaderChangeGraceNanos;

  /**
   * Followed entries by the sequence number of their id (all ids followed are this node
   * instance's).
   */
  private final PositionIndex<Pending> bySeq = new PositionIndex<>();

  /**
   * Followed entries by the position they were seen at: the first of a {@link Pending#nextHere}
   * chain.
   */
  private final PositionIndex<Pending> byPosition = new PositionIndex<>();

  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();

  /**
   * False when every followed entry is known to have a position (only {@link #track} adds one
   * without).
   */
  private boolean unplacedMayExist;

  private Ballot adopted;
  /** How many times this node adopted a log (every {@link LogNote.Adopted}). */
  private long adoptions;
  private long leaderChangeCheckAt;
  private long leaderChangeCutoff;
  private boolean leaderChangeCheckDue;

  /**
   * @param origin the pid in the ids of this node's proposals
   * @param session the session in the ids of this node's proposals
   * @param timeoutNanos how long an entry may stay undecided
   * @param leaderChangeGraceNanos how long after adopting a new leader's log an entry may still be
   *     missing from it
   * @param positionOffset added to the log index an entry's future completes with
   */
  AppendTracker(
      long origin,
      long session,
      long timeoutNanos,
      long leaderChangeGraceNanos,
      long positionOffset) {
    this.origin = origin;
    this.session = session;
    this.positionOffset = positionOffset;
    this.timeoutNanos = timeoutNanos;
    this.leaderChangeGraceNanos = leaderChangeGraceNanos;
  }

  /**
   * Follows {@code p}, proposed with {@code id} (an id of this node instance) at time {@code now},
   * sent at once (by a leader or a follower in its Accept phase).
   */
  void track(Pending p, EntryId id, long now) {
    track(p, id, now, false);
  }

  /**
   * Follows {@code p}, proposed with {@code id} (an id of this node instance) at time {@code now};
   * {@code heldBack} if the core holds it until it next adopts a log.
   */
  void track(Pending p, EntryId id, long now, boolean heldBack) {
    if (!mine(id)) {
      throw new IllegalArgumentException(
          "only ids of this node instance can be followed, got " + id);
    }
    p.id = id;
    p.proposedAt = now;
    p.deadline = now + timeoutNanos;
    p.heldBack = heldBack;
    p.adoptionsBefore = adoptions;
    bySeq.put(id.seq(), p);
    byDeadline.add(p);
    unplacedMayExist = true;
  }

  /** Stops following {@code p} (its proposal was refused), without completing its future. */
  void untrack(Pending p) {
    if (bySeq.get(p.id.seq()) == p) {
      bySeq.remove(p.id.seq());
      p.done = true;
      unplace(p);
    }
  }

  int size() {
    return bySeq.size();
  }

  private boolean mine(EntryId id) {
    return id.origin() == origin && id.session() == session;
  }

  private Pending find(EntryId id) {
    return mine(id) ? bySeq.get(id.seq()) : null;
  }

  /** Applies the notes of one durable batch. */
  void process(List<LogNote> notes, long now) {
    for (int i = 0; i < notes.size(); i++) {
      LogNote n = notes.get(i);
      if (n instanceof LogNote.Written w) {
        written(w.idx(), w.id());
      } else if (n instanceof LogNote.Decided d) {
        decided(d.idx(), d.id());
      } else if (n instanceof LogNote.Truncated t) {
        truncated(t.from());
      } else if (n instanceof LogNote.DecidedUnseen u) {
        unseen(u.from(), u.to());
      } else if (n instanceof LogNote.Adopted a) {
        adoptions++;
        adopted(a.round(), now);
      }
    }
  }

  private void written(long idx, EntryId id) {
    for (Pending q = byPosition.get(idx); q != null; q = q.nextHere) {
      q.inLog = q.id.equals(id);
    }
    Pending p = find(id);
    if (p == null) {
      return;
    }
    if (p.position != idx) {
      unplace(p);
      p.position = idx;
      p.nextHere = byPosition.get(idx);
      byPosition.put(idx, p);
    }
    p.inLog = true;
  }

  private void truncated(long from) {
    for (Pending first : byPosition.valuesIn(from, Long.MAX_VALUE)) {
      for (Pending q = first; q != null; q = q.nextHere) {
        q.inLog = false;
      }
    }
  }

  private void decided(long idx, EntryId id) {
    Pending there = byPosition.remove(idx);
    Pending mine = id.isNone() ? null : find(id);
    if (mine != null) {
      bySeq.remove(id.seq());
      mine.done = true;
      mine.future.complete(idx + positionOffset);
    }
    Pending q = there;
    while (q != null) {
      Pending next = q.nextHere;
      q.nextHere = null;
      q.position = -1;
      if (q != mine) {
        if (id.isNone()) {
          fail(
              q,
              Reason.UNTRACEABLE,
              "its position " + idx + " was decided with an entry whose id is unknown");
        } else {
          fail(q, Reason.LOST, "its position " + idx + " was decided with entry " + id);
        }
      }
      q = next;
    }
    if (mine != null && mine.position >= 0) {
      // Seen at another position last (it was overwritten there): that position no longer holds it.
      unplace(mine);
    }
    if (id.isNone()) {
      failUnplaced(
          Reason.UNTRACEABLE, "position " + idx + " was decided with an entry whose id is unknown");
    }
  }

  /**
   * Positions {@code [from, to)} were decided in a log this node adopted with them compacted. An
   * entry seen at one of them cannot be told apart from the others there, nor can one not seen
   * anywhere yet, except one the core held back until this adoption: it was sent after this log,
   * so it is not in it (every compacted range arrives in an adoption, noted before its range).
   */
  private void unseen(long from, long to) {
    String why = "positions [" + from + ", " + to + ") were decided but arrived compacted";
    List<Pending> affected = new ArrayList<>();
    for (Pending first : byPosition.valuesIn(from, to)) {
      for (Pending q = first; q != null; q = q.nextHere) {
        affected.add(q);
      }
    }
    for (Pending p : affected) {
      fail(p, Reason.UNTRACEABLE, why);
    }
    failUnplaced(Reason.UNTRACEABLE, why, p -> p.heldBack && adoptions - p.adoptionsBefore <= 1);
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
      for (Pending p : all()) {
        if (!p.inLog && p.proposedAt - leaderChangeCutoff <= 0) {
          fail(
              p,
              Reason.LEADER_CHANGED,
              "not in the log of leader " + adopted + " some time after adopting it");
        }
      }
    }
  }

  /**
   * Stops following every entry and returns them, in proposal order, with their futures not
   * completed: for entries that are certainly not decided here (the stop sign was decided without
   * them) and that the caller proposes again elsewhere.
   */
  List<Pending> takeAll() {
    List<Pending> taken = new ArrayList<>(all());
    taken.sort(java.util.Comparator.comparingLong(q -> q.id.seq()));
    for (Pending p : taken) {
      bySeq.remove(p.id.seq());
      p.done = true;
      unplace(p);
    }
    byDeadline.clear();
    unplacedMayExist = false;
    return taken;
  }

  /** Fails every entry still followed. */
  void failAll(Reason reason, String detail) {
    for (Pending p : all()) {
      fail(p, reason, detail);
    }
  }

  private void failUnplaced(Reason reason, String detail) {
    failUnplaced(reason, detail, p -> false);
  }

  /** Fails the followed entries not seen in the log yet, except those {@code spared}. */
  private void failUnplaced(Reason reason, String detail, Predicate<Pending> spared) {
    if (!unplacedMayExist) {
      return;
    }
    boolean keptSome = false;
    for (Pending p : all()) {
      if (p.position >= 0) {
        continue;
      }
      if (spared.test(p)) {
        keptSome = true;
      } else {
        fail(p, reason, detail);
      }
    }
    unplacedMayExist = keptSome;
  }

  private List<Pending> all() {
    return bySeq.size() == 0 ? List.of() : bySeq.valuesIn(0, Long.MAX_VALUE);
  }

  private void fail(Pending p, Reason reason, String detail) {
    if (p.done || bySeq.get(p.id.seq()) != p) {
      return;
    }
    bySeq.remove(p.id.seq());
    p.done = true;
    unplace(p);
    p.future.completeExceptionally(new EntryNotDecidedException(reason, p.id, detail));
  }

  /** Removes {@code p} from the chain at its position. */
  private void unplace(Pending p) {
    if (p.position < 0) {
      return;
    }
    long pos = p.position;
    Pending first = byPosition.get(pos);
    if (first == p) {
      if (p.nextHere == null) {
        byPosition.remove(pos);
      } else {
        byPosition.put(pos, p.nextHere);
      }
    } else {
      for (Pending q = first; q != null; q = q.nextHere) {
        if (q.nextHere == p) {
          q.nextHere = p.nextHere;
          break;
        }
      }
    }
    p.nextHere = null;
    p.position = -1;
  }
}
