package omnipaxos.core.paxos;

import omnipaxos.core.Ballot;

/**
 * The follower's half of leader leases. A follower that hears its leader in the accept phase
 * acknowledges with a {@link PaxosMessage.LeaseAck} and holds: until {@link #holdUntil()} it
 * promises no other ballot and starts none of its own, so the leader may count on it. A restarted
 * node holds for a whole hold, since it forgot when it last heard a leader. Times are this node's
 * ticks.
 */
final class FollowerHold<T, S> {

  private final int holdTicks;
  private final int electionTicks;
  /** Before this tick this node promises no other ballot and does not start its own. */
  private long holdUntil;
  /** The tick leader election last offered this node a ballot it could not start; -1 if none. */
  private long takeoverOfferedAt = -1;
  /** The LeaseAck still in the outbox, to which later acknowledgements join; null if none. */
  private Outbox.PendingLeaseAck<T, S> queuedAck;
  private long deferredPrepares;

  /**
   * @param holdTicks how long a hold lasts, in this node's ticks (positive)
   * @param electionTicks the election timeout, in ticks
   */
  FollowerHold(int holdTicks, int electionTicks) {
    assert holdTicks > 0 : "a hold of " + holdTicks + " ticks";
    this.holdTicks = holdTicks;
    this.electionTicks = electionTicks;
    this.holdUntil = holdTicks;
  }

  boolean isHolding(long now) {
    return now < holdUntil;
  }

  /**
   * Leader election offers this node a ballot at {@code now}. While it holds, another leader may
   * hold a lease: the node declines (true) and stops renewing its hold, so that the hold runs out
   * even while that leader keeps sending; leader election offers the ballot again next round.
   */
  boolean declineTakeover(long now) {
    if (isHolding(now)) {
      takeoverOfferedAt = now;
      return true;
    }
    takeoverOfferedAt = -1;
    return false;
  }

  /** A Prepare of a higher ballot arrived at {@code now}: true if it stays unanswered (holding). */
  boolean deferPrepare(long now) {
    if (isHolding(now)) {
      deferredPrepares++;
      return true;
    }
    return false;
  }

  /**
   * Leader election chose this node within the last election timeout while it held for another
   * leader (it repeats the offer at the end of every heartbeat round while it wants this node to
   * lead). It then neither renews its hold nor acknowledges (no lease counts on it any longer),
   * so the hold runs out and the next offer starts its ballot; otherwise a leader that keeps
   * sending would keep it from ever taking over, even one that cannot reach a quorum any more.
   */
  private boolean awaitingTakeover(long now) {
    return takeoverOfferedAt >= 0 && now - takeoverOfferedAt <= electionTicks;
  }

  /** The follower got the accept-phase message {@code seq} of ballot {@code n} from its leader. */
  void heardLeader(long from, Ballot n, SequenceNumber seq, long now, Outbox<T, S> outbox) {
    if (awaitingTakeover(now)) {
      return;
    }
    holdUntil = Math.max(holdUntil, now + holdTicks);
    if (queuedAck != null && queuedAck.joins(n, from)) {
      queuedAck.ackUpTo(seq);
    } else {
      queuedAck = outbox.add(new Outbox.PendingLeaseAck<>(from, n, seq));
    }
  }

  /** The outbox was emptied: a later acknowledgement needs a new LeaseAck. */
  void outboxTaken() {
    queuedAck = null;
  }

  long holdUntil() {
    return holdUntil;
  }

  long deferredPrepares() {
    return deferredPrepares;
  }
}
