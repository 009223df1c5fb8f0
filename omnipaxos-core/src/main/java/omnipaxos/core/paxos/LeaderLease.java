package omnipaxos.core.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A leader's lease for one ballot. It remembers when (its own tick) it sent accept-phase messages
 * to each peer and, for each peer, the send tick of the latest message that peer acknowledged with
 * a {@link PaxosMessage.LeaseAck}. Each acknowledging peer refuses other ballots for its hold from
 * the moment it received the message, which was after it was sent; so from the send tick of the
 * newest message that a write quorum (the leader included) acknowledged, no other ballot can finish
 * a Prepare for the lease's length. Only the first message per tick is remembered (send ticks grow
 * with sequence numbers), and only for as long as a lease dated from it could still be valid.
 */
final class LeaderLease {

  /** A message numbered {@code seq} was the first sent to a peer in tick {@code tick}. */
  private record Sent(SequenceNumber seq, long tick) {}

  private final int leaseTicks;
  private final int peersNeeded;
  private final Map<Long, ArrayDeque<Sent>> sent = new HashMap<>();
  private final Map<Long, Long> ackedSendTick = new HashMap<>();

  /**
   * @param leaseTicks how long a lease lasts on the leader's clock
   * @param writeQuorum acknowledgements needed, the leader's own included
   */
  LeaderLease(int leaseTicks, int writeQuorum) {
    this.leaseTicks = leaseTicks;
    this.peersNeeded = writeQuorum - 1;
  }

  /** The leader sent {@code peer} the accept-phase message {@code seq} in tick {@code now}. */
  void sent(long peer, SequenceNumber seq, long now) {
    ArrayDeque<Sent> q = sent.computeIfAbsent(peer, p -> new ArrayDeque<>());
    prune(q, now);
    if (q.isEmpty() || q.peekLast().tick() != now) {
      q.addLast(new Sent(seq, now));
    }
  }

  /**
   * {@code peer} acknowledged message {@code seq}; ignored if it is too old to date a valid lease.
   */
  void acked(long peer, SequenceNumber seq, long now) {
    ArrayDeque<Sent> q = sent.get(peer);
    if (q == null) {
      return;
    }
    prune(q, now);
    var it = q.descendingIterator();
    while (it.hasNext()) {
      Sent s = it.next();
      if (s.seq().compareTo(seq) <= 0) {
        ackedSendTick.merge(peer, s.tick(), Math::max);
        return;
      }
    }
  }

  private void prune(ArrayDeque<Sent> q, long now) {
    while (!q.isEmpty() && q.peekFirst().tick() + leaseTicks <= now) {
      q.pollFirst();
    }
  }

  /**
   * The tick the lease dates from: the newest send tick a write quorum acknowledged; empty if none.
   */
  OptionalLong start() {
    if (ackedSendTick.size() < peersNeeded) {
      return OptionalLong.empty();
    }
    List<Long> ticks = new ArrayList<>(ackedSendTick.values());
    ticks.sort((a, b) -> Long.compare(b, a));
    return OptionalLong.of(ticks.get(peersNeeded - 1));
  }

  /** Whether the lease holds at the leader's tick {@code now}. */
  boolean valid(long now) {
    OptionalLong s = start();
    return s.isPresent() && now < s.getAsLong() + leaseTicks;
  }
}
