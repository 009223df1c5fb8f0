package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.StopSign;
import omnipaxos.runtime.EntryNotDecidedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code appendDecided} calls of one loop, from request to proposal: consecutive ones taken in
 * one pass are staged and proposed together ({@link OmniPaxos#appendAll}: one storage write and
 * one message per follower for all of them), and each is tracked by the {@link AppendTracker}.
 * While a stop sign is accepted but not yet decided, appends refused for it are held: with a
 * successor they wait for the decision (then go to the next configuration with the seal) or for
 * the stop sign to be dropped (then they are proposed here), rather than fail. Loop thread only,
 * except that {@link #request} may be called from any thread.
 */
final class LoopAppends<T, S> {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);

  private final long pid;
  private final long session;
  private final long appendTimeoutNanos;
  private final int configurationId;
  private final OmniPaxos<Envelope<T>, S> core;
  private final AppendTracker tracker;
  private final LoopWiring<T, S> wiring;
  /** The calls of this pass not yet handed to the core; see {@link Append}. */
  private final List<Append> staged = new ArrayList<>();
  /** Appends refused while a stop sign was accepted but not yet decided. */
  private final List<Append> held = new ArrayList<>();
  private long nextSeq;
  private boolean reconfigured;
  /** Whether the successor was told about the decided stop sign. */
  private boolean sealNotified;

  LoopAppends(long pid, long session, long appendTimeoutNanos, int configurationId,
      OmniPaxos<Envelope<T>, S> core, AppendTracker tracker, LoopWiring<T, S> wiring) {
    this.pid = pid;
    this.session = session;
    this.appendTimeoutNanos = appendTimeoutNanos;
    this.configurationId = configurationId;
    this.core = core;
    this.tracker = tracker;
    this.wiring = wiring;
    this.reconfigured = core.decidedStopSign().isPresent();
  }

  /**
   * An {@code appendDecided} call. Running it only stages it; any other request first proposes
   * what is staged, so the log keeps the order of the calls.
   */
  final class Append extends AppendTracker.Pending implements LoopRequest {
    final T entry;
    /**
     * When it was requested: a hold behind a pending stop sign ends after the append time-out
     * from here.
     */
    long heldSince = System.nanoTime();

    Append(T entry, NodeFuture<Long> future) {
      super(future);
      this.entry = entry;
    }

    @Override
    public void run(List<Runnable> completions) {
      staged.add(this);
    }

    @Override
    public void fail(Throwable cause) {
      future.completeExceptionally(cause);
    }
  }

  /** The request that proposes {@code entry} and completes {@code future} once it is decided. */
  Append request(T entry, NodeFuture<Long> future) {
    return new Append(entry, future);
  }

  /** Whether {@code r} is an append (which stages rather than proposes what is staged). */
  static boolean isAppend(LoopRequest r) {
    return r instanceof LoopAppends<?, ?>.Append;
  }

  /** Whether this configuration's stop sign was seen decided after a batch (or at start). */
  boolean reconfigured() {
    return reconfigured;
  }

  /** A fresh id for an entry this node proposes. */
  EntryId nextId() {
    return new EntryId(pid, session, ++nextSeq);
  }

  /**
   * Proposes the staged appends. Each is tracked first, so that the storage notes where the append
   * writes it. If the node refuses them together, each is tried alone, so every call gets its own
   * answer.
   */
  void proposeStaged(List<Runnable> completions) {
    int n = staged.size();
    if (n == 0) {
      return;
    }
    if (wiring.successor() != null) {
      // Sealed and handed over: the next configuration takes them. Sealed in this batch, or a stop
      // sign pending: they wait with the held ones (which go to the next configuration with the
      // seal).
      boolean sealed = reconfigured || core.decidedStopSign().isPresent();
      if (sealed && sealNotified) {
        wiring.successor().carry(carried(staged));
        staged.clear();
        return;
      }
      if (sealed || !held.isEmpty()) {
        held.addAll(staged);
        staged.clear();
        return;
      }
    }
    long now = System.nanoTime();
    boolean heldBack = core.holdsProposals();
    List<Envelope<T>> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Append r = staged.get(i);
      EntryId id = nextId();
      tracker.track(r, id, now, heldBack);
      entries.add(new Envelope<>(id, r.entry));
    }
    try {
      core.appendAll(entries);
    } catch (RuntimeException e) {
      if (NodeLoop.isFatal(e)) {
        throw e;
      }
      proposeOneByOne(entries, completions);
    } finally {
      staged.clear();
    }
  }

  private void proposeOneByOne(List<Envelope<T>> entries, List<Runnable> completions) {
    for (int i = 0; i < entries.size(); i++) {
      Append r = staged.get(i);
      try {
        core.append(entries.get(i));
      } catch (RuntimeException single) {
        if (NodeLoop.isFatal(single)) {
          throw single;
        }
        tracker.untrack(r);
        if (wiring.successor() != null && single instanceof ProposalRejectedException pr
            && pr.reason() != ProposalRejectedException.Reason.BUFFER_FULL) {
          held.add(r);
        } else {
          completions.add(() -> r.future.completeExceptionally(single));
        }
      }
    }
  }

  private List<LoopWiring.Carried<T>> carried(List<Append> requests) {
    List<LoopWiring.Carried<T>> out = new ArrayList<>(requests.size());
    for (Append r : requests) {
      out.add(new LoopWiring.Carried<>(r.entry, r.future));
    }
    return out;
  }

  /**
   * After a batch's flush: notes a newly decided stop sign (failing the tracked appends if no
   * successor takes them), hands the tracked and held appends to the successor once, or, on a
   * tick while not sealed, proposes the held appends again.
   */
  void afterFlush(boolean tickDue, long start, List<Runnable> completions) {
    if (!reconfigured && core.decidedStopSign().isPresent()) {
      reconfigured = true;
      StopSign ss = core.decidedStopSign().get();
      LOG.info("node {}: configuration {} ended, next {}", pid, configurationId, ss.nextConfig());
      if (wiring.successor() == null) {
        tracker.failAll(
            Reason.RECONFIGURED, "the configuration's stop sign was decided without it");
      }
    }
    if (reconfigured && !sealNotified && wiring.successor() != null) {
      sealNotified = true;
      List<LoopWiring.Carried<T>> carried = new ArrayList<>();
      for (AppendTracker.Pending p : tracker.takeAll()) {
        Append r = (Append) p;
        carried.add(new LoopWiring.Carried<>(r.entry, r.future));
      }
      carried.addAll(carried(held));
      held.clear();
      wiring.successor().sealed(
          core.decidedStopSign().get(), start + core.decidedIdx() - 1, carried);
    } else if (!held.isEmpty() && tickDue && !reconfigured) {
      retryHeld(completions);
    }
  }

  /**
   * Proposes the held appends again once a tick (the pending stop sign may have been dropped by a
   * new leader); those still refused stay held, and fail after the append time-out.
   */
  private void retryHeld(List<Runnable> completions) {
    List<Append> again = new ArrayList<>(held);
    held.clear();
    long now = System.nanoTime();
    for (Append r : again) {
      if (now - r.heldSince > appendTimeoutNanos) {
        completions.add(() -> r.future.completeExceptionally(new ProposalRejectedException(
            ProposalRejectedException.Reason.RECONFIGURATION_PENDING, "node " + pid
            + ": a stop sign was pending for longer than the append time-out")));
      } else {
        staged.add(r);
      }
    }
    proposeStaged(completions);
  }

  /** Fails the held appends with {@code closed}: the loop stopped. */
  void failHeld(NodeClosedException closed) {
    for (Append h : held) {
      h.fail(closed);
    }
    held.clear();
  }
}
