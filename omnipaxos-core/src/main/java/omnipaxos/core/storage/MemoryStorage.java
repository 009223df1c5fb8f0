package omnipaxos.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;

/**
 * {@link Storage} in memory: nothing survives the process, but a node re-created on the same
 * instance recovers as from durable storage. Transactions are staged and committed in one step.
 * Not thread-safe: the core calls it from one thread.
 */
public class MemoryStorage<T, S> implements Storage<T, S> {

  private final ArrayList<T> log = new ArrayList<>();
  private long compactedIdx;
  private Ballot promise;
  private Ballot acceptedRound;
  private long decidedIdx;
  private StopSign stopSign;
  private S snapshot;

  @Override
  public void writeAtomically(List<StorageOp<T, S>> ops) {
    check(ops);
    for (StorageOp<T, S> op : ops) {
      apply(op);
    }
  }

  /** Rejects a transaction that could not be applied whole, before anything of it is applied. */
  private void check(List<StorageOp<T, S>> ops) {
    long compacted = compactedIdx;
    for (StorageOp<T, S> op : ops) {
      if (op instanceof StorageOp.AppendOnPrefix<T, S> a && a.from() < compacted) {
        throw new StorageException(
            "append on prefix at " + a.from() + " below compacted index " + compacted);
      }
      if (op instanceof StorageOp.Trim<T, S> t) {
        compacted = Math.max(compacted, t.idx());
      }
    }
  }

  private void apply(StorageOp<T, S> op) {
    if (op instanceof StorageOp.AppendEntries<T, S> a) {
      addAll(a.entries());
    } else if (op instanceof StorageOp.AppendOnPrefix<T, S> a) {
      long physical = Math.max(0, a.from() - compactedIdx);
      if (physical < log.size()) {
        log.subList((int) physical, log.size()).clear();
      }
      addAll(a.entries());
    } else if (op instanceof StorageOp.SetPromise<T, S> p) {
      promise = p.promise();
    } else if (op instanceof StorageOp.SetAcceptedRound<T, S> r) {
      acceptedRound = r.round();
    } else if (op instanceof StorageOp.SetDecidedIdx<T, S> d) {
      decidedIdx = d.idx();
    } else if (op instanceof StorageOp.Trim<T, S> t) {
      if (t.idx() > compactedIdx) {
        int remove = (int) Math.min(t.idx() - compactedIdx, log.size());
        log.subList(0, remove).clear();
        compactedIdx = t.idx();
      }
    } else if (op instanceof StorageOp.SetStopSign<T, S> s) {
      stopSign = s.stopSign().orElse(null);
    } else if (op instanceof StorageOp.SetSnapshot<T, S> s) {
      snapshot = s.snapshot().orElse(null);
    } else {
      throw new StorageException("unknown storage operation " + op);
    }
  }

  /** Appends without the array copy of {@code ArrayList.addAll} (most writes carry one entry). */
  private void addAll(List<T> entries) {
    for (int i = 0; i < entries.size(); i++) {
      log.add(entries.get(i));
    }
  }

  @Override
  public void flush() {}

  @Override
  public List<T> entries(long from, long to) {
    long start = from - compactedIdx;
    long end = to - compactedIdx;
    if (from > to || start < 0 || end > log.size()) {
      return List.of();
    }
    return List.copyOf(log.subList((int) start, (int) end));
  }

  @Override
  public long logLen() {
    return log.size();
  }

  @Override
  public Optional<Ballot> promise() {
    return Optional.ofNullable(promise);
  }

  @Override
  public Optional<Ballot> acceptedRound() {
    return Optional.ofNullable(acceptedRound);
  }

  @Override
  public long decidedIdx() {
    return decidedIdx;
  }

  @Override
  public long compactedIdx() {
    return compactedIdx;
  }

  @Override
  public Optional<StopSign> stopSign() {
    return Optional.ofNullable(stopSign);
  }

  @Override
  public Optional<S> snapshot() {
    return Optional.ofNullable(snapshot);
  }
}
