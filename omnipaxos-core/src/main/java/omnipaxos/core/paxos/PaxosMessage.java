package omnipaxos.core.paxos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;

/**
 * The messages of Sequence Paxos. Every message names its sender and receiver; messages that carry
 * no ballot carry the configuration id so that messages of another configuration can be told apart.
 * Indices are absolute log positions and every "idx" is an exclusive bound (a length).
 */
public sealed interface PaxosMessage<T, S> {

  long from();

  long to();

  /** The configuration the sender belongs to. */
  int configId();

  /**
   * A follower asks the (believed) leader to prepare it again, e.g. after a restart or lost
   * messages.
   */
  record PrepareReq<T, S>(long from, long to, Ballot n) implements PaxosMessage<T, S> {
    public PrepareReq {
      Objects.requireNonNull(n, "n");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** A new leader's first message: its ballot and how up to date its own log is. */
  record Prepare<T, S>(
      long from, long to, Ballot n, long decidedIdx, Ballot nAccepted, long acceptedIdx)
      implements PaxosMessage<T, S> {
    public Prepare {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(nAccepted, "nAccepted");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** A follower promises ballot {@code n} and sends what the leader's log lacks, if anything. */
  record Promise<T, S>(
      long from,
      long to,
      Ballot n,
      Ballot nAccepted,
      long decidedIdx,
      long acceptedIdx,
      Optional<LogSync<T, S>> logSync)
      implements PaxosMessage<T, S> {
    public Promise {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(nAccepted, "nAccepted");
      Objects.requireNonNull(logSync, "logSync");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** The leader makes a promised follower's log equal to its own and opens an accept session. */
  record AcceptSync<T, S>(long from, long to, Ballot n, SequenceNumber seqNum, long decidedIdx,
      LogSync<T, S> logSync) implements PaxosMessage<T, S> {
    public AcceptSync {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
      Objects.requireNonNull(logSync, "logSync");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** New entries to append, and the leader's decided index. */
  record AcceptDecide<T, S>(
      long from, long to, Ballot n, SequenceNumber seqNum, long decidedIdx, List<T> entries)
      implements PaxosMessage<T, S> {
    public AcceptDecide {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
      entries = List.copyOf(entries);
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** A follower has durably accepted the leader's log up to {@code acceptedIdx}. */
  record Accepted<T, S>(long from, long to, Ballot n, long acceptedIdx)
      implements PaxosMessage<T, S> {
    public Accepted {
      Objects.requireNonNull(n, "n");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /**
   * A follower has promised the higher ballot {@code n} and will not accept the receiver's
   * messages.
   */
  record NotAccepted<T, S>(long from, long to, Ballot n) implements PaxosMessage<T, S> {
    public NotAccepted {
      Objects.requireNonNull(n, "n");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** The leader's decided index grew. */
  record Decide<T, S>(long from, long to, Ballot n, SequenceNumber seqNum, long decidedIdx)
      implements PaxosMessage<T, S> {
    public Decide {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** The leader appends the stop sign as the last position of the log. */
  record AcceptStopSign<T, S>(
      long from, long to, Ballot n, SequenceNumber seqNum, StopSign stopSign)
      implements PaxosMessage<T, S> {
    public AcceptStopSign {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
      Objects.requireNonNull(stopSign, "stopSign");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /**
   * Leader leases only: a follower received the leader's accept-phase message numbered {@code
   * seqNum} in ballot {@code n} and, from then on, holds off every other ballot for its lease hold.
   * The leader dates its lease from when it sent that message.
   */
  record LeaseAck<T, S>(long from, long to, Ballot n, SequenceNumber seqNum)
      implements PaxosMessage<T, S> {
    public LeaseAck {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /**
   * Quorum reads: the leader of ballot {@code n} asks whether this node still promises {@code n}.
   * Round numbers grow within a leader's term; an answer to a round confirms every read the leader
   * started before it sent that round.
   */
  record ReadIndexReq<T, S>(long from, long to, Ballot n, long round)
      implements PaxosMessage<T, S> {
    public ReadIndexReq {
      Objects.requireNonNull(n, "n");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /**
   * Quorum reads: this node still promised ballot {@code n} when it received the leader's round
   * {@code round}.
   */
  record ReadIndexAck<T, S>(long from, long to, Ballot n, long round)
      implements PaxosMessage<T, S> {
    public ReadIndexAck {
      Objects.requireNonNull(n, "n");
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /**
   * Proposals a follower sends to its leader. {@code n} is the leader's ballot and {@code seqNum}
   * numbers the follower's forwards within the accept session the leader opened for it, so that the
   * leader takes each forward at most once even if the network duplicates it.
   */
  record ProposalForward<T, S>(long from, long to, Ballot n, SequenceNumber seqNum, List<T> entries)
      implements PaxosMessage<T, S> {
    public ProposalForward {
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(seqNum, "seqNum");
      entries = List.copyOf(entries);
    }

    @Override
    public int configId() {
      return n.configId();
    }
  }

  /** A reconfiguration request sent on to the node believed to lead. */
  record ForwardStopSign<T, S>(long from, long to, int configId, StopSign stopSign)
      implements PaxosMessage<T, S> {
    public ForwardStopSign {
      Objects.requireNonNull(stopSign, "stopSign");
    }
  }

  /**
   * Ask the receiver to compact its log: trim (sent by the leader) or snapshot (sent by any node).
   */
  record Compaction<T, S>(long from, long to, int configId, CompactionRequest request)
      implements PaxosMessage<T, S> {
    public Compaction {
      Objects.requireNonNull(request, "request");
    }
  }

  /** What a {@link Compaction} message asks for. */
  sealed interface CompactionRequest {
    /** Trim the log below {@code idx}. */
    record Trim(long idx) implements CompactionRequest {}

    /** Snapshot the log below {@code idx}, or below the decided index if empty. */
    record Snapshot(OptionalLong idx) implements CompactionRequest {
      public Snapshot {
        Objects.requireNonNull(idx, "idx");
      }
    }
  }
}
