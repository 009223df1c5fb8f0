package omnipaxos.core.paxos;

import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.ServerConfig;

/**
 * Leader leases of one node: its {@link FollowerHold} for the leader it follows and its
 * {@link LeaderLease} for the ballot it leads. {@link Off} (leases off, {@code leaseTicks == 0})
 * holds nothing, defers nothing and never grants a lease, so that the protocol's handlers call it
 * unconditionally. Times are this node's ticks.
 */
sealed interface Leases<T, S> permits Leases.Off, Leases.On {

  /** Leases for {@code server}: {@link On} if its {@code leaseTicks} is positive. */
  static <T, S> Leases<T, S> of(ServerConfig server, int writeQuorum) {
    return server.leaseTicks() > 0 ? new On<>(server, writeQuorum) : new Off<>();
  }

  /** Leader election offers this node its own ballot: true if it must not start it yet. */
  boolean declineTakeover(long now);

  /** This node starts leading a new ballot: its lease starts from nothing. */
  void startLeading();

  /** A Prepare of a higher ballot arrived: true if this node leaves it unanswered. */
  boolean deferPrepare(long now);

  /** As a follower, this node got the accept-phase message {@code seq} of its leader's ballot. */
  void heardLeader(long from, Ballot n, SequenceNumber seq, long now, Outbox<T, S> outbox);

  /** As a leader, this node sent {@code peer} the accept-phase message {@code seq}. */
  void sent(long peer, SequenceNumber seq, long now);

  /** As a leader, this node got {@code peer}'s acknowledgement of message {@code seq}. */
  void acked(long peer, SequenceNumber seq, long now);

  /** Whether an idle leader should refresh its lease at tick {@code now}. */
  boolean refreshDue(long now);

  /** Whether the lease of the ballot this node leads holds at {@code now}. */
  boolean valid(long now);

  /** The tick the lease of the ballot this node leads dates from; empty if none yet. */
  OptionalLong start();

  /** The leader's lease length in ticks; 0 when leases are off. */
  int leaderLeaseTicks();

  /** The tick before which this node promises no other ballot; 0 when leases are off. */
  long holdUntil();

  /** Prepares of a higher ballot left unanswered because this node held for its leader. */
  long deferredPrepares();

  /** The outbox was emptied. */
  void outboxTaken();

  /** Leases off: nothing is held, deferred or granted. */
  record Off<T, S>() implements Leases<T, S> {
    @Override
    public boolean declineTakeover(long now) {
      return false;
    }

    @Override
    public void startLeading() {}

    @Override
    public boolean deferPrepare(long now) {
      return false;
    }

    @Override
    public void heardLeader(long from, Ballot n, SequenceNumber seq, long now, Outbox<T, S> o) {}

    @Override
    public void sent(long peer, SequenceNumber seq, long now) {}

    @Override
    public void acked(long peer, SequenceNumber seq, long now) {}

    @Override
    public boolean refreshDue(long now) {
      return false;
    }

    @Override
    public boolean valid(long now) {
      return false;
    }

    @Override
    public OptionalLong start() {
      return OptionalLong.empty();
    }

    @Override
    public int leaderLeaseTicks() {
      return 0;
    }

    @Override
    public long holdUntil() {
      return 0;
    }

    @Override
    public long deferredPrepares() {
      return 0;
    }

    @Override
    public void outboxTaken() {}
  }

  /** Leases on: the follower's hold and the lease of the ballot this node leads. */
  final class On<T, S> implements Leases<T, S> {
    private final int leaderLeaseTicks;
    private final int writeQuorum;
    private final FollowerHold<T, S> hold;
    private LeaderLease lease;

    On(ServerConfig server, int writeQuorum) {
      this.leaderLeaseTicks = server.leaderLeaseTicks();
      this.writeQuorum = writeQuorum;
      this.hold = new FollowerHold<>(server.leaseTicks(), server.electionTickTimeout());
      this.lease = new LeaderLease(leaderLeaseTicks, writeQuorum);
    }

    @Override
    public boolean declineTakeover(long now) {
      return hold.declineTakeover(now);
    }

    @Override
    public void startLeading() {
      lease = new LeaderLease(leaderLeaseTicks, writeQuorum);
    }

    @Override
    public boolean deferPrepare(long now) {
      return hold.deferPrepare(now);
    }

    @Override
    public void heardLeader(long from, Ballot n, SequenceNumber seq, long now, Outbox<T, S> o) {
      hold.heardLeader(from, n, seq, now, o);
    }

    @Override
    public void sent(long peer, SequenceNumber seq, long now) {
      lease.sent(peer, seq, now);
    }

    @Override
    public void acked(long peer, SequenceNumber seq, long now) {
      lease.acked(peer, seq, now);
    }

    @Override
    public boolean refreshDue(long now) {
      return now % Math.max(1, leaderLeaseTicks / 3) == 0;
    }

    @Override
    public boolean valid(long now) {
      return lease.valid(now);
    }

    @Override
    public OptionalLong start() {
      return lease.start();
    }

    @Override
    public int leaderLeaseTicks() {
      return leaderLeaseTicks;
    }

    @Override
    public long holdUntil() {
      return hold.holdUntil();
    }

    @Override
    public long deferredPrepares() {
      return hold.deferredPrepares();
    }

    @Override
    public void outboxTaken() {
      hold.outboxTaken();
    }
  }
}
