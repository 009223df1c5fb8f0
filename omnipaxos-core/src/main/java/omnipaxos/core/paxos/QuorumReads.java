package omnipaxos.core.paxos;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.Ballot;
import omnipaxos.core.QuorumRead;
import omnipaxos.core.paxos.PaxosMessage.ReadIndexAck;
import omnipaxos.core.paxos.PaxosMessage.ReadIndexReq;

/**
 * The leader's read-index rounds. A read started while a round's requests still wait in the outbox
 * joins that round, so that one batch of reads costs one round trip; otherwise it opens the next
 * round. A round is confirmed once a write quorum (this node included) answered it or a later one
 * in the current ballot. Rounds only grow, so answers of an earlier term or round never confirm
 * a later read. Nothing here is stored: a restarted leader has a new ballot and starts over.
 */
final class QuorumReads<T, S> {

  private final long pid;
  private final List<Long> peers;
  private final int writeQuorum;
  private final Outbox<T, S> outbox;
  private Ballot ballot = Ballot.NONE;
  /** The last round opened. */
  private long round;
  /** Whether the requests of {@link #round} are still in the outbox (a new read joins them). */
  private boolean open;
  /** Per peer, the highest round it answered in {@link #ballot}. */
  private final Map<Long, Long> answered = new HashMap<>();
  /** The highest round a write quorum answered, this node counting for every round. */
  private long confirmedRound;

  QuorumReads(long pid, List<Long> peers, int writeQuorum, Outbox<T, S> outbox) {
    this.pid = pid;
    this.peers = peers;
    this.writeQuorum = writeQuorum;
    this.outbox = outbox;
  }

  /** Starts a read in ballot {@code n} at accepted index {@code acceptedIdx}. */
  QuorumRead start(Ballot n, long acceptedIdx) {
    if (!n.equals(ballot)) {
      ballot = n;
      answered.clear();
      confirmedRound = 0;
      open = false;
    }
    if (!open) {
      openRound();
    }
    return new QuorumRead(n, round, acceptedIdx);
  }

  /** Whether a write quorum answered {@code read}'s round or a later one in its ballot. */
  boolean confirmed(QuorumRead read) {
    return read.ballot().equals(ballot) && confirmedRound >= read.round();
  }

  /** A peer answered a round. */
  void handleAck(ReadIndexAck<T, S> ack) {
    if (ack.n().equals(ballot) && ack.round() <= round) {
      answered.merge(ack.from(), ack.round(), Math::max);
      if (writeQuorum > 1) {
        confirmedRound = quorumRound();
      }
    }
  }

  /** The outbox was emptied: the open round left, a new read needs a new round. */
  void outboxTaken() {
    open = false;
  }

  /** Asks again if the last round is not confirmed yet (requests or answers may have been lost). */
  void resendTimeout() {
    if (!open && round > 0 && confirmedRound < round) {
      openRound();
    }
  }

  private void openRound() {
    round++;
    open = true;
    if (writeQuorum <= 1) {
      confirmedRound = round;
    }
    for (long p : peers) {
      outbox.send(new ReadIndexReq<>(pid, p, ballot, round));
    }
  }

  /** The highest round that {@code writeQuorum - 1} peers answered (with this node, a quorum). */
  private long quorumRound() {
    int fromPeers = writeQuorum - 1;
    if (answered.size() < fromPeers) {
      return 0;
    }
    long[] rounds = answered.values().stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(rounds);
    return rounds[rounds.length - fromPeers];
  }
}
