package omnipaxos.core.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.CompactionException;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;

/**
 * The replicated state of one node: a cache of what {@link Storage} holds plus the batch of entries
 * not yet written. Every change goes to storage first and to the cache only if the write succeeded;
 * a failed write throws {@link StorageException} and leaves the node unusable (it must be
 * re-created on the storage, which recovers). Checks {@code compacted <= logDecided <= decided <=
 * accepted} after every change.
 */
final class PaxosState<T, S> {

  private final Storage<T, S> storage;
  private final Snapshotter<T, S> snapshotter;
  private final int batchSize;

  private Ballot promise;
  private Ballot acceptedRound;
  private long decidedIdx;
  private long compactedIdx;
  private long logLen;
  private StopSign stopSign;
  private final ArrayList<T> batch = new ArrayList<>();
  private boolean failed;
  /** Whether a write since the last flush must be durable before any message leaves. */
  private boolean flushRequired;

  PaxosState(Storage<T, S> storage, Snapshotter<T, S> snapshotter, int batchSize) {
    this.storage = storage;
    this.snapshotter = snapshotter;
    this.batchSize = batchSize;
    try {
      this.promise = storage.promise().orElse(Ballot.NONE);
      this.acceptedRound = storage.acceptedRound().orElse(Ballot.NONE);
      this.decidedIdx = storage.decidedIdx();
      this.compactedIdx = storage.compactedIdx();
      this.logLen = storage.logLen();
      this.stopSign = storage.stopSign().orElse(null);
    } catch (RuntimeException e) {
      throw fail("reading the stored state failed", e);
    }
    checkInvariants();
  }

  // ---- reads of the cache ----

  Ballot promise() {
    return promise;
  }

  Ballot acceptedRound() {
    return acceptedRound;
  }

  long decidedIdx() {
    return decidedIdx;
  }

  long compactedIdx() {
    return compactedIdx;
  }

  /**
   * End of the stored entries: the position after the last entry (the stop sign's slot, if any).
   */
  long entriesEnd() {
    return compactedIdx + logLen;
  }

  /** Length of the accepted log, counting the compacted prefix and the stop sign's slot. */
  long acceptedIdx() {
    return entriesEnd() + (stopSign != null ? 1 : 0);
  }

  Optional<StopSign> stopSign() {
    return Optional.ofNullable(stopSign);
  }

  boolean hasStopSign() {
    return stopSign != null;
  }

  boolean stopSignDecided() {
    return stopSign != null && decidedIdx == acceptedIdx();
  }

  /** Number of decided entries, not counting a decided stop sign. */
  long logDecidedIdx() {
    return stopSignDecided() ? decidedIdx - 1 : decidedIdx;
  }

  int batchLength() {
    return batch.size();
  }

  // ---- reads of storage ----

  List<T> entries(long from, long to) {
    if (from >= to) {
      return List.of();
    }
    try {
      List<T> es = storage.entries(from, to);
      if (es.size() != to - from) {
        throw new IllegalStateException("storage lacks entries [" + from + ", " + to + ") of "
            + "[" + compactedIdx + ", " + entriesEnd() + ")");
      }
      return es;
    } catch (StorageException e) {
      throw fail("reading entries failed", e);
    }
  }

  /** Stored entries from {@code from} (at least the compacted index) to the end of the entries. */
  List<T> suffix(long from) {
    return entries(Math.max(from, compactedIdx), entriesEnd());
  }

  Optional<S> snapshot() {
    try {
      return storage.snapshot();
    } catch (RuntimeException e) {
      throw fail("reading the snapshot failed", e);
    }
  }

  /**
   * The read view of positions {@code [from, to)}; empty if the range is not within the accepted
   * log.
   */
  List<LogEntry<T, S>> read(long from, long to) {
    long accepted = acceptedIdx();
    if (from < 0 || from >= to || to > accepted) {
      return List.of();
    }
    List<LogEntry<T, S>> out = new ArrayList<>();
    long p = from;
    if (p < compactedIdx) {
      Optional<S> snap = snapshot();
      out.add(snap.<LogEntry<T, S>>map(s -> new LogEntry.Snapshotted<>(compactedIdx, s))
          .orElseGet(() -> new LogEntry.Trimmed<>(compactedIdx)));
      p = compactedIdx;
    }
    long end = Math.min(to, entriesEnd());
    if (p < end) {
      List<T> es = entries(p, end);
      for (T e : es) {
        out.add(p < decidedIdx ? new LogEntry.Decided<>(e) : new LogEntry.Undecided<>(e));
        p++;
      }
    }
    if (to > entriesEnd() && stopSign != null) {
      out.add(new LogEntry.StopSignEntry<>(stopSign, stopSignDecided()));
    }
    return out;
  }

  // ---- writes ----

  void setPromise(Ballot b) {
    assert b.compareTo(promise) >= 0 : "the promise may never decrease: " + promise + " then " + b;
    write(List.of(new StorageOp.SetPromise<>(b)));
    promise = b;
  }

  void setDecidedIdx(long idx) {
    if (idx <= decidedIdx) {
      return;
    }
    write(List.of(new StorageOp.SetDecidedIdx<>(idx)));
    decidedIdx = idx;
    if (stopSignDecided()) {
      // A sealed configuration is made durable at once: its nodes may move on and not repeat the
      // decision.
      flushRequired = true;
    }
    checkInvariants();
  }

  /** Writes entries straight to the log, behind any batched ones (which are written first). */
  void appendEntries(List<T> entries) {
    if (entries.isEmpty() && batch.isEmpty()) {
      return;
    }
    List<T> all = entries;
    if (!batch.isEmpty()) {
      batch.addAll(entries);
      all = List.copyOf(batch);
    }
    requireNoStopSign();
    write(List.of(new StorageOp.AppendEntries<>(all)));
    logLen += all.size();
    batch.clear();
  }

  /**
   * Adds entries to the batch and writes the batch if it is full.
   *
   * @return the entries written, empty if the batch is not full yet
   */
  List<T> appendToBatch(List<T> entries) {
    if (batch.isEmpty() && entries.size() >= batchSize) {
      // Nothing waits and the entries fill a batch on their own: written as they are, without
      // copying.
      requireNoStopSign();
      List<T> written = List.copyOf(entries);
      write(List.of(new StorageOp.AppendEntries<>(written)));
      logLen += written.size();
      return written;
    }
    batch.addAll(entries);
    return batch.size() >= batchSize ? flushBatch() : List.of();
  }

  /** Writes the batch. @return the entries written, empty if the batch was empty */
  List<T> flushBatch() {
    if (batch.isEmpty()) {
      return List.of();
    }
    requireNoStopSign();
    List<T> flushed = List.copyOf(batch);
    write(List.of(new StorageOp.AppendEntries<>(flushed)));
    logLen += flushed.size();
    batch.clear();
    return flushed;
  }

  void setStopSign(StopSign ss) {
    flushBatch();
    write(List.of(new StorageOp.SetStopSign<>(Optional.of(ss))));
    stopSign = ss;
    checkInvariants();
  }

  /**
   * What makes another node's log equal to this one's, given that the other shares this log's
   * positions below {@code common} and has {@code otherAccepted} positions in all. Entries are sent
   * from {@code common}; if those are compacted the stored snapshot is sent instead, or, if the
   * prefix was trimmed without a snapshot, the other must already hold it ({@code otherAccepted}
   * reaches the compacted index: trims never pass what every node accepted). Empty if neither is
   * possible.
   */
  Optional<LogSync<T, S>> createLogSync(long common, long otherAccepted) {
    long end = entriesEnd();
    long from = Math.min(common, end);
    Optional<S> snapshot = Optional.empty();
    long compacted = compactedIdx();
    if (from < compacted) {
      snapshot = snapshot();
      if (snapshot.isEmpty() && otherAccepted < compacted) {
        return Optional.empty();
      }
      from = compacted;
    }
    return Optional.of(new LogSync<>(snapshot, suffix(from), from, stopSign()));
  }

  /**
   * Whether adopting {@code sync} as the log of {@code round} is safe and current: it must start
   * within the stored entries unless it brings a snapshot covering everything before it; it must
   * not cut off decided positions; and within one round the leader's log only grows, so a sync of
   * the round this node already accepted that is shorter than what it holds is a stale, reordered
   * message: applying it would un-accept entries the leader may already count as accepted here.
   */
  boolean canApply(Ballot round, LogSync<T, S> sync) {
    if (sync.syncIdx() > entriesEnd() && sync.snapshot().isEmpty()) {
      return false;
    }
    if (sync.acceptedIdx() < decidedIdx) {
      return false;
    }
    return !(round.equals(acceptedRound) && sync.acceptedIdx() < acceptedIdx());
  }

  /**
   * Adopts a leader's log in one transaction: accepted round, decided index, snapshot, suffix and
   * stop sign change together. The decided index never decreases.
   */
  void syncLog(Ballot round, long leaderDecided, Optional<LogSync<T, S>> sync) {
    assert round.compareTo(acceptedRound) >= 0
        : "the accepted round may never decrease: " + acceptedRound + " then " + round;
    batch.clear();
    List<StorageOp<T, S>> ops = new ArrayList<>();
    ops.add(new StorageOp.SetAcceptedRound<>(round));
    long newCompacted = compactedIdx;
    long newEntriesEnd = entriesEnd();
    StopSign newStopSign = stopSign;
    if (sync.isPresent()) {
      LogSync<T, S> s = sync.get();
      long syncIdx = s.syncIdx();
      List<T> suffix = s.suffix();
      if (syncIdx < compactedIdx) {
        // Our own compacted prefix already covers part of the sync; those positions are decided and
        // equal.
        int skip = (int) Math.min(compactedIdx - syncIdx, suffix.size());
        suffix = suffix.subList(skip, suffix.size());
        syncIdx = syncIdx + skip;
      } else if (s.snapshot().isPresent() && syncIdx > compactedIdx) {
        ops.add(new StorageOp.Trim<>(syncIdx));
        ops.add(new StorageOp.SetSnapshot<>(s.snapshot()));
        newCompacted = syncIdx;
      } else if (syncIdx > entriesEnd()) {
        throw new IllegalArgumentException(
            "log sync at " + syncIdx + " beyond own log end " + entriesEnd());
      }
      ops.add(new StorageOp.AppendOnPrefix<>(syncIdx, suffix));
      newEntriesEnd = syncIdx + suffix.size();
      newStopSign = s.stopSign().orElse(null);
      if (newStopSign != null || stopSign != null) {
        ops.add(new StorageOp.SetStopSign<>(s.stopSign()));
      }
    }
    long newAccepted = newEntriesEnd + (newStopSign != null ? 1 : 0);
    // A snapshot only ever holds decided entries: the decided index covers what it installs.
    long newDecided =
        Math.max(Math.max(decidedIdx, newCompacted), Math.min(leaderDecided, newAccepted));
    ops.add(new StorageOp.SetDecidedIdx<>(newDecided));
    write(ops);
    acceptedRound = round;
    compactedIdx = newCompacted;
    logLen = newEntriesEnd - newCompacted;
    stopSign = newStopSign;
    decidedIdx = newDecided;
    checkInvariants();
  }

  /**
   * Trims the log below {@code idx} (below the decided entries if {@code idx} is the decided
   * index). A stored snapshot no longer describes the compacted prefix and is removed.
   */
  void trim(long idx) {
    long target = compactionTarget(idx);
    if (target <= compactedIdx) {
      return;
    }
    write(List.of(new StorageOp.Trim<>(target), new StorageOp.SetSnapshot<>(Optional.empty())));
    logLen -= Math.min(logLen, target - compactedIdx);
    compactedIdx = target;
    checkInvariants();
  }

  /** Compacts the log below {@code idx} (all decided entries if empty) into a snapshot. */
  void snapshot(Optional<Long> idx) {
    requireSnapshots();
    long target = idx.isPresent() ? compactionTarget(idx.get()) : logDecidedIdx();
    if (target < compactedIdx) {
      throw new CompactionException(CompactionException.Reason.TRIMMED_INDEX, compactedIdx);
    }
    if (target == compactedIdx) {
      return;
    }
    Optional<S> base = snapshot();
    if (base.isEmpty() && compactedIdx > 0) {
      // The prefix was trimmed without a snapshot: a snapshot of [0, target) cannot be built any
      // more.
      throw new CompactionException(CompactionException.Reason.TRIMMED_INDEX, compactedIdx);
    }
    List<T> entries = entries(compactedIdx, target);
    S snap =
        base.isPresent() ? snapshotter.extend(base.get(), entries) : snapshotter.create(entries);
    compactInto(target, snap);
  }

  /**
   * Compacts the log below {@code idx} into {@code snap}, which the caller built of the state after
   * every decided entry below {@code idx}: the log is not replayed. Nothing happens if the log is
   * compacted that far already.
   */
  void installSnapshot(long idx, S snap) {
    requireSnapshots();
    long target = compactionTarget(idx);
    if (target != idx) {
      // The stop sign's position: no state of the application is at that index.
      throw new CompactionException(CompactionException.Reason.UNDECIDED_INDEX, target);
    }
    if (target < compactedIdx) {
      throw new CompactionException(CompactionException.Reason.TRIMMED_INDEX, compactedIdx);
    }
    if (target > compactedIdx) {
      compactInto(target, snap);
    }
  }

  private void requireSnapshots() {
    if (!snapshotter.enabled()) {
      throw new CompactionException(CompactionException.Reason.SNAPSHOTS_DISABLED, 0);
    }
  }

  private void compactInto(long target, S snap) {
    write(List.of(new StorageOp.Trim<>(target), new StorageOp.SetSnapshot<>(Optional.of(snap))));
    logLen -= target - compactedIdx;
    compactedIdx = target;
    checkInvariants();
  }

  /**
   * Where a compaction to {@code idx} ends: never past the decided entries, never the stop sign.
   */
  private long compactionTarget(long idx) {
    if (idx > decidedIdx) {
      throw new CompactionException(CompactionException.Reason.UNDECIDED_INDEX, decidedIdx);
    }
    return Math.min(idx, logDecidedIdx());
  }

  private void requireNoStopSign() {
    if (stopSign != null) {
      throw new IllegalStateException("entries after the stop sign");
    }
  }

  private void write(List<StorageOp<T, S>> ops) {
    if (failed) {
      throw new StorageException(
          "an earlier storage operation failed; re-create the node to recover");
    }
    try {
      storage.writeAtomically(ops);
    } catch (RuntimeException e) {
      throw fail("storage write failed", e);
    }
    if (!flushRequired && !decidedIdxOnly(ops)) {
      flushRequired = true;
    }
  }

  /**
   * Whether a transaction only sets the decided index, which need not be durable before messages
   * leave.
   */
  private static boolean decidedIdxOnly(List<? extends StorageOp<?, ?>> ops) {
    for (StorageOp<?, ?> op : ops) {
      if (!(op instanceof StorageOp.SetDecidedIdx<?, ?>)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether something written since the last {@link #flushed()} must be durable before any message
   * leaves (anything but a decided index: see {@link Storage}).
   */
  boolean flushRequired() {
    return flushRequired;
  }

  /** Storage was flushed: every write so far is durable. */
  void flushed() {
    flushRequired = false;
  }

  private StorageException fail(String what, RuntimeException e) {
    failed = true;
    return new StorageException(what + ": " + e.getMessage(), e);
  }

  /**
   * Checks {@code compacted <= logDecided <= decided <= accepted} always, and with assertions on
   * (every test and simulated run) also that a node accepts only in a round it promised.
   */
  private void checkInvariants() {
    assert acceptedRound.compareTo(promise) <= 0
        : "accepted round " + acceptedRound + " above the promise " + promise;
    long accepted = acceptedIdx();
    if (compactedIdx < 0 || compactedIdx > logDecidedIdx() || decidedIdx > accepted || logLen < 0) {
      throw new IllegalStateException(
          "invariant compacted <= decided <= accepted violated: compacted "
              + compactedIdx
              + ", decided "
              + decidedIdx
              + ", accepted "
              + accepted
              + ", entries "
              + logLen);
    }
  }
}
