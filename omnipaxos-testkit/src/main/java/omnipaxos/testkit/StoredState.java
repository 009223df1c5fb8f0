package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;

/** The contents of a storage, with the semantics of {@code MemoryStorage}, copyable. */
final class StoredState<T, S> {

  private final ArrayList<T> log;
  private long compactedIdx;
  private Ballot promise;
  private Ballot acceptedRound;
  private long decidedIdx;
  private StopSign stopSign;
  private S snapshot;

  StoredState() {
    this.log = new ArrayList<>();
  }

  private StoredState(StoredState<T, S> o) {
    this.log = new ArrayList<>(o.log);
    this.compactedIdx = o.compactedIdx;
    this.promise = o.promise;
    this.acceptedRound = o.acceptedRound;
    this.decidedIdx = o.decidedIdx;
    this.stopSign = o.stopSign;
    this.snapshot = o.snapshot;
  }

  StoredState<T, S> copy() {
    return new StoredState<>(this);
  }

  /** Applies a transaction whole, or throws before changing anything. */
  void write(List<StorageOp<T, S>> ops) {
    long compacted = compactedIdx;
    for (StorageOp<T, S> op : ops) {
      if (op instanceof StorageOp.AppendOnPrefix<T, S> a && a.from() < compacted) {
        throw new StorageException(
            "append on prefix at " + a.from() + " below compacted index " + compacted);
      }
      if (op instanceof StorageOp.AppendOnPrefix<T, S> a && a.from() > compacted + log.size()) {
        throw new StorageException(
            "append on prefix at "
                + a.from()
                + " leaves a hole after the stored log end "
                + (compacted + log.size()));
      }
      if (op instanceof StorageOp.Trim<T, S> t) {
        compacted = Math.max(compacted, t.idx());
      }
    }
    for (StorageOp<T, S> op : ops) {
      apply(op);
    }
  }

  private void apply(StorageOp<T, S> op) {
    if (op instanceof StorageOp.AppendEntries<T, S> a) {
      log.addAll(a.entries());
    } else if (op instanceof StorageOp.AppendOnPrefix<T, S> a) {
      long physical = Math.max(0, a.from() - compactedIdx);
      if (physical < log.size()) {
        log.subList((int) physical, log.size()).clear();
      }
      log.addAll(a.entries());
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

  List<T> entries(long from, long to) {
    long start = from - compactedIdx;
    long end = to - compactedIdx;
    if (from > to || start < 0 || end > log.size()) {
      return List.of();
    }
    return List.copyOf(log.subList((int) start, (int) end));
  }

  long logLen() {
    return log.size();
  }

  Optional<Ballot> promise() {
    return Optional.ofNullable(promise);
  }

  Optional<Ballot> acceptedRound() {
    return Optional.ofNullable(acceptedRound);
  }

  long decidedIdx() {
    return decidedIdx;
  }

  long compactedIdx() {
    return compactedIdx;
  }

  Optional<StopSign> stopSign() {
    return Optional.ofNullable(stopSign);
  }

  Optional<S> snapshot() {
    return Optional.ofNullable(snapshot);
  }
}
