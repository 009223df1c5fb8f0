package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;

/**
 * In-memory {@link Storage} with a crash model. Writes are visible at once (as in a page cache) but
 * stay <em>pending</em> until {@link #flush()}; {@link #crash(int)} keeps only what was flushed
 * plus a prefix of the pending transactions, as the storage contract allows (writes become durable
 * in order). Writes of only the decided index, which the core does not flush for, stay pending
 * until the next flush and are lost in a crash like any other pending write. Write failures can be
 * injected: an armed storage throws {@link StorageException} from its next {@link #writeAtomically}
 * without changing anything. Not thread-safe.
 */
public final class SimStorage<T, S> implements Storage<T, S> {

  private StoredState<T, S> live = new StoredState<>();
  private final StoredState<T, S> durable;
  private final ArrayList<List<StorageOp<T, S>>> pending = new ArrayList<>();
  private boolean failNextWrite;
  private long flushes;
  private long writes;

  public SimStorage() {
    this.durable = new StoredState<>();
  }

  @Override
  public void writeAtomically(List<StorageOp<T, S>> ops) {
    if (failNextWrite) {
      failNextWrite = false;
      throw new StorageException("injected write failure");
    }
    List<StorageOp<T, S>> tx = List.copyOf(ops);
    live.write(tx);
    pending.add(tx);
    writes++;
  }

  @Override
  public void flush() {
    for (List<StorageOp<T, S>> tx : pending) {
      durable.write(tx);
    }
    pending.clear();
    flushes++;
  }

  /**
   * Simulates a crash of the process: the first {@code keepPending} pending transactions become
   * durable (the rest are lost) and the visible state becomes the durable state.
   */
  public void crash(int keepPending) {
    if (keepPending < 0 || keepPending > pending.size()) {
      throw new IllegalArgumentException(
          "can keep 0.." + pending.size() + " pending transactions, not " + keepPending);
    }
    for (int i = 0; i < keepPending; i++) {
      durable.write(pending.get(i));
    }
    pending.clear();
    live = durable.copy();
  }

  /** Makes the next {@link #writeAtomically} throw {@link StorageException} without writing. */
  public void failNextWrite() {
    failNextWrite = true;
  }

  /** Disarms an injected write failure that has not fired. */
  public void cancelWriteFailure() {
    failNextWrite = false;
  }

  /** Whether a write failure is armed. */
  public boolean writeFailureArmed() {
    return failNextWrite;
  }

  /** Transactions written but not yet flushed. */
  public int pendingTransactions() {
    return pending.size();
  }

  /**
   * Pending transactions that the storage contract requires to be durable before messages leave:
   * all but those that only set the decided index.
   */
  public int pendingRequiringFlush() {
    int n = 0;
    for (List<StorageOp<T, S>> tx : pending) {
      if (!tx.stream().allMatch(op -> op instanceof StorageOp.SetDecidedIdx<T, S>)) {
        n++;
      }
    }
    return n;
  }

  /** The decided index a crash would keep if nothing pending survived. */
  public long durableDecidedIdx() {
    return durable.decidedIdx();
  }

  /** The promise a crash would keep if nothing pending survived. */
  public Optional<Ballot> durablePromise() {
    return durable.promise();
  }

  /** Number of flushes so far. */
  public long flushes() {
    return flushes;
  }

  /** Number of transactions written so far. */
  public long writes() {
    return writes;
  }

  @Override
  public List<T> entries(long from, long to) {
    return live.entries(from, to);
  }

  @Override
  public long logLen() {
    return live.logLen();
  }

  @Override
  public Optional<Ballot> promise() {
    return live.promise();
  }

  @Override
  public Optional<Ballot> acceptedRound() {
    return live.acceptedRound();
  }

  @Override
  public long decidedIdx() {
    return live.decidedIdx();
  }

  @Override
  public long compactedIdx() {
    return live.compactedIdx();
  }

  @Override
  public Optional<StopSign> stopSign() {
    return live.stopSign();
  }

  @Override
  public Optional<S> snapshot() {
    return live.snapshot();
  }
}
