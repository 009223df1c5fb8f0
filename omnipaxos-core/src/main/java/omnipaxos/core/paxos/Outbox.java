package omnipaxos.core.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import omnipaxos.core.Ballot;
import omnipaxos.core.paxos.PaxosMessage.AcceptDecide;
import omnipaxos.core.paxos.PaxosMessage.Accepted;
import omnipaxos.core.paxos.PaxosMessage.Decide;
import omnipaxos.core.paxos.PaxosMessage.LeaseAck;

/**
 * The messages one Sequence Paxos instance produced since they were last taken, in the order
 * produced. Some of them may still grow while they wait (entries and the decided index join an
 * AcceptDecide, an Accepted's or LeaseAck's index advances), so that one batch of events leaves as
 * few messages as it can; each becomes its {@link PaxosMessage} when taken.
 */
final class Outbox<T, S> {

  /** One queued item: a finished message, or one that may still grow until taken. */
  sealed interface Item<T, S> permits Ready, PendingAcceptDecide, PendingAccepted, PendingLeaseAck {
    /** Its receiver. */
    long to();

    /** The message it is now, sent by {@code from}. */
    PaxosMessage<T, S> toMessage(long from);
  }

  /** A message that does not change any more. */
  record Ready<T, S>(PaxosMessage<T, S> message) implements Item<T, S> {
    @Override
    public long to() {
      return message.to();
    }

    @Override
    public PaxosMessage<T, S> toMessage(long from) {
      return message;
    }
  }

  /**
   * An AcceptDecide of ballot {@code n}; entries and the decided index may still be added. Without
   * entries it leaves as a Decide.
   */
  static final class PendingAcceptDecide<T, S> implements Item<T, S> {
    private final long to;
    final Ballot n;
    private final SequenceNumber seq;
    private long decidedIdx;
    /** The entries; the (immutable) list of the first batch until a second one is added. */
    private List<T> entries;
    private boolean taken;

    PendingAcceptDecide(long to, Ballot n, SequenceNumber seq, long decidedIdx, List<T> entries) {
      this.to = to;
      this.n = n;
      this.seq = seq;
      this.decidedIdx = decidedIdx;
      this.entries = entries;
    }

    /** The decided index it carries is now {@code idx}. */
    void decidedUpTo(long idx) {
      decidedIdx = idx;
    }

    /** Entries replicated later in the same batch join it. */
    void add(List<T> more) {
      if (entries.isEmpty() && !(more instanceof ArrayList<T>)) {
        entries = more;
        return;
      }
      if (!(entries instanceof ArrayList<T>)) {
        entries = new ArrayList<>(entries);
      }
      entries.addAll(more);
    }

    /** Whether it left the outbox (nothing may join it any more). */
    boolean taken() {
      return taken;
    }

    @Override
    public long to() {
      return to;
    }

    @Override
    public PaxosMessage<T, S> toMessage(long from) {
      taken = true;
      return entries.isEmpty() ? new Decide<>(from, to, n, seq, decidedIdx)
          : new AcceptDecide<>(from, to, n, seq, decidedIdx, entries);
    }
  }

  /** An Accepted of ballot {@code n}; its index may still grow. */
  static final class PendingAccepted<T, S> implements Item<T, S> {
    private final long to;
    private final Ballot n;
    private long acceptedIdx;

    PendingAccepted(long to, Ballot n, long acceptedIdx) {
      this.to = to;
      this.n = n;
      this.acceptedIdx = acceptedIdx;
    }

    /** Whether an acknowledgement to {@code to} in ballot {@code n} may join this one. */
    boolean joins(Ballot n, long to) {
      return this.to == to && this.n.equals(n);
    }

    void acceptedUpTo(long idx) {
      acceptedIdx = idx;
    }

    @Override
    public long to() {
      return to;
    }

    @Override
    public PaxosMessage<T, S> toMessage(long from) {
      return new Accepted<>(from, to, n, acceptedIdx);
    }
  }

  /** A LeaseAck of ballot {@code n}; its sequence number may still grow. */
  static final class PendingLeaseAck<T, S> implements Item<T, S> {
    private final long to;
    private final Ballot n;
    private SequenceNumber seq;

    PendingLeaseAck(long to, Ballot n, SequenceNumber seq) {
      this.to = to;
      this.n = n;
      this.seq = seq;
    }

    /** Whether an acknowledgement to {@code to} in ballot {@code n} may join this one. */
    boolean joins(Ballot n, long to) {
      return this.to == to && this.n.equals(n);
    }

    /** Acknowledges up to {@code seq}, if that is later than what it acknowledges now. */
    void ackUpTo(SequenceNumber later) {
      if (later.compareTo(seq) > 0) {
        seq = later;
      }
    }

    @Override
    public long to() {
      return to;
    }

    @Override
    public PaxosMessage<T, S> toMessage(long from) {
      return new LeaseAck<>(from, to, n, seq);
    }
  }

  private final long from;
  private final ArrayList<Item<T, S>> items = new ArrayList<>();
  /** Receivers with an item kept back by the last {@link #takeEarly}; reused between calls. */
  private long[] heldBack = new long[4];

  Outbox(long from) {
    this.from = from;
  }

  /** Queues a finished message. */
  void send(PaxosMessage<T, S> message) {
    items.add(new Ready<>(message));
  }

  /** Queues an item that may still grow. */
  <I extends Item<T, S>> I add(I item) {
    items.add(item);
    return item;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** Moves every queued message into {@code into}, in the order they were produced. */
  void takeAll(List<PaxosMessage<T, S>> into) {
    for (int i = 0; i < items.size(); i++) {
      into.add(items.get(i).toMessage(from));
    }
    items.clear();
  }

  /**
   * Moves into {@code into} the items that {@code mayLeaveEarly} lets go, except those to a
   * receiver with an earlier item still queued (each receiver's messages keep their order); the
   * rest stay queued.
   */
  void takeEarly(Predicate<Item<T, S>> mayLeaveEarly, List<PaxosMessage<T, S>> into) {
    int kept = 0;
    int held = 0;
    for (int i = 0; i < items.size(); i++) {
      Item<T, S> item = items.get(i);
      long to = item.to();
      if (!contains(heldBack, held, to) && mayLeaveEarly.test(item)) {
        into.add(item.toMessage(from));
      } else {
        if (!contains(heldBack, held, to)) {
          if (held == heldBack.length) {
            heldBack = java.util.Arrays.copyOf(heldBack, 2 * held);
          }
          heldBack[held++] = to;
        }
        items.set(kept++, item);
      }
    }
    items.subList(kept, items.size()).clear();
  }

  private static boolean contains(long[] pids, int n, long pid) {
    for (int i = 0; i < n; i++) {
      if (pids[i] == pid) {
        return true;
      }
    }
    return false;
  }
}
