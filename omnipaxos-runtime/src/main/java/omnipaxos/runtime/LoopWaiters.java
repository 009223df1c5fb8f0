package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import omnipaxos.core.Ballot;
import omnipaxos.core.LogEntry;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.QuorumRead;
import omnipaxos.core.StopSign;

/**
 * The futures of one loop that wait for the core's state to change rather than for a batch to be
 * flushed: lease reads waiting for their read index to be decided, quorum reads waiting for their
 * round's answers and their read index, {@code nextDecided} calls
 * waiting for a decided entry, and {@code reconfigured} calls waiting for the stop sign. The loop
 * serves them after each batch and fails them when it stops. Loop thread only.
 */
final class LoopWaiters<T, S> {

  private final long pid;
  /** The position (counted across configurations) at which the loop's log starts. */
  private final long start;
  private final List<LeaseWaiter> leaseWaiters = new ArrayList<>();
  private final List<QuorumWaiter> quorumWaiters = new ArrayList<>();
  private final List<DecidedWaiter<T, S>> decidedWaiters = new ArrayList<>();
  private final List<NodeFuture<StopSign>> reconfiguredWaiters = new ArrayList<>();

  LoopWaiters(long pid, long start) {
    this.pid = pid;
    this.start = start;
  }

  /** Waits for the decided index to reach {@code read}'s read index under the same lease. */
  void awaitLease(LeaseRead read, NodeFuture<LeaseRead> future) {
    leaseWaiters.add(new LeaseWaiter(read, future));
  }

  /**
   * Waits for {@code read} to be confirmed and its read index decided, until {@code deadline}
   * ({@link System#nanoTime()}); the future completes with the loop-local read index.
   */
  void awaitQuorumRead(QuorumRead read, long deadline, NodeFuture<Long> future) {
    quorumWaiters.add(new QuorumWaiter(read, deadline, future));
  }

  /**
   * Completes the quorum reads that {@code core} now confirms and has decided far enough; fails
   * those whose leader changed ballot, that found no quorum by their deadline, or were abandoned.
   */
  void serveQuorumReads(OmniPaxos<Envelope<T>, S> core, long now) {
    if (quorumWaiters.isEmpty()) {
      return;
    }
    long decided = core.decidedIdx();
    Iterator<QuorumWaiter> it = quorumWaiters.iterator();
    while (it.hasNext()) {
      QuorumWaiter w = it.next();
      if (w.future.isDone()) {
        it.remove();
      } else if (!core.promise().equals(w.read.ballot())) {
        it.remove();
        w.future.completeExceptionally(new QuorumReadUnavailableException(
            "node " + pid + ": leadership changed before the quorum read was confirmed"));
      } else if (core.quorumReadConfirmed(w.read) && decided >= w.read.readIdx()) {
        it.remove();
        w.future.complete(w.read.readIdx());
      } else if (now - w.deadline > 0) {
        it.remove();
        w.future.completeExceptionally(new QuorumReadUnavailableException(
            "node " + pid + ": no write quorum confirmed the quorum read in time"));
      }
    }
  }

  /** Waits for the decided index to pass the loop-local position {@code from}. */
  void awaitDecided(long from, int max, NodeFuture<List<DecidedEvent<T, S>>> future) {
    decidedWaiters.add(new DecidedWaiter<>(from, max, future));
  }

  /** Waits for this configuration's stop sign to be decided. */
  void awaitReconfigured(NodeFuture<StopSign> future) {
    reconfiguredWaiters.add(future);
  }

  /**
   * Completes what {@code core}'s state now settles: lease reads whose read index is decided
   * (failed if {@code leaseHolds} says the lease lapsed or the ballot changed), decided-event
   * waiters, and, once {@code reconfigured}, the stop-sign waiters.
   */
  void serve(OmniPaxos<Envelope<T>, S> core, BooleanSupplier leaseHolds, boolean reconfigured) {
    if (!leaseWaiters.isEmpty()) {
      serveLeaseReads(core, leaseHolds.getAsBoolean());
    }
    if (!decidedWaiters.isEmpty()) {
      long decided = core.decidedIdx();
      Iterator<DecidedWaiter<T, S>> it = decidedWaiters.iterator();
      while (it.hasNext()) {
        DecidedWaiter<T, S> w = it.next();
        if (w.future.isDone()) {
          it.remove();
        } else if (decided > w.from) {
          it.remove();
          w.future.complete(readDecidedEvents(core, w.from, w.max));
        }
      }
    }
    if (reconfigured && !reconfiguredWaiters.isEmpty()) {
      StopSign ss = core.decidedStopSign().orElseThrow();
      for (NodeFuture<StopSign> f : reconfiguredWaiters) {
        f.complete(ss);
      }
      reconfiguredWaiters.clear();
    }
  }

  private void serveLeaseReads(OmniPaxos<Envelope<T>, S> core, boolean holds) {
    Ballot promise = core.promise();
    long decided = core.decidedIdx();
    Iterator<LeaseWaiter> it = leaseWaiters.iterator();
    while (it.hasNext()) {
      LeaseWaiter w = it.next();
      if (!holds || !promise.equals(w.read.ballot())) {
        it.remove();
        w.future.completeExceptionally(new LeaseUnavailableException("node " + pid
            + ": the lease lapsed or leadership changed before the read index was decided"));
      } else if (decided >= w.read.readIdx()) {
        it.remove();
        w.future.complete(w.read);
      }
    }
  }

  /**
   * Decided events from {@code from}: a compacted prefix as one event, then entries, then the stop
   * sign.
   */
  private List<DecidedEvent<T, S>> readDecidedEvents(
      OmniPaxos<Envelope<T>, S> core, long from, int max) {
    long to = Math.min(core.decidedIdx(), from + max);
    List<DecidedEvent<T, S>> events = new ArrayList<>();
    long p = from;
    for (LogEntry<Envelope<T>, S> e : core.readEntries(from, to)) {
      if (e instanceof LogEntry.Snapshotted<Envelope<T>, S> s) {
        events.add(new DecidedEvent.Snapshot<>(start + s.trimmedIdx(), s.snapshot()));
        p = s.trimmedIdx();
      } else if (e instanceof LogEntry.Trimmed<Envelope<T>, S> t) {
        events.add(new DecidedEvent.Trimmed<>(start + t.trimmedIdx()));
        p = t.trimmedIdx();
      } else if (e instanceof LogEntry.Decided<Envelope<T>, S> d) {
        events.add(new DecidedEvent.Entry<>(start + p++, d.entry().entry()));
      } else if (e instanceof LogEntry.StopSignEntry<Envelope<T>, S> ss && ss.decided()) {
        events.add(new DecidedEvent.Reconfigured<>(start + p++, ss.stopSign()));
      } else {
        break;
      }
    }
    return events;
  }

  /** Fails every waiter with {@code closed}: the loop stopped. */
  void failAll(NodeClosedException closed) {
    for (DecidedWaiter<T, S> w : decidedWaiters) {
      w.future.completeExceptionally(closed);
    }
    decidedWaiters.clear();
    for (LeaseWaiter w : leaseWaiters) {
      w.future.completeExceptionally(closed);
    }
    leaseWaiters.clear();
    for (QuorumWaiter w : quorumWaiters) {
      w.future.completeExceptionally(closed);
    }
    quorumWaiters.clear();
    for (NodeFuture<StopSign> f : reconfiguredWaiters) {
      f.completeExceptionally(closed);
    }
    reconfiguredWaiters.clear();
  }

  /** A lease read waiting for the decided index to reach its read index. */
  private record LeaseWaiter(LeaseRead read, NodeFuture<LeaseRead> future) {}

  /** A quorum read waiting for its confirmation and its read index. */
  private record QuorumWaiter(QuorumRead read, long deadline, NodeFuture<Long> future) {}

  /** A {@code nextDecided} call waiting for the decided index to pass {@code from}. */
  private record DecidedWaiter<T, S>(
      long from, int max, NodeFuture<List<DecidedEvent<T, S>>> future) {}
}
