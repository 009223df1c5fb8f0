package omnipaxos.core;

import java.util.List;
import java.util.Optional;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;

/**
 * A {@link MemoryStorage} that fails one chosen call: once armed with {@link #failAt(int)}, the n-th
 * storage call from then on (reads, transactions and flushes all count, a transaction as one call)
 * throws {@link StorageException} without touching the stored state, which stays readable through
 * {@link #inner()}. It fails once and then works again, so the node can be re-created on it.
 */
public final class BrokenStorage<T, S> implements Storage<T, S> {

  private final MemoryStorage<T, S> inner = new MemoryStorage<>();
  private int failAt;
  private int calls;
  private String failedCall;

  /** The stored state, read without counting calls. */
  public MemoryStorage<T, S> inner() {
    return inner;
  }

  /** Arms the failure: the {@code n}-th call from now on fails. */
  public void failAt(int n) {
    this.failAt = n;
    this.calls = 0;
    this.failedCall = null;
  }

  /** The call that failed since the last {@link #failAt}, if one did. */
  public Optional<String> failedCall() {
    return Optional.ofNullable(failedCall);
  }

  private void call(String name) {
    if (failAt == 0) {
      return;
    }
    calls++;
    if (calls == failAt) {
      failAt = 0;
      failedCall = name;
      throw new StorageException("injected failure of storage call " + calls + " (" + name + ")");
    }
  }

  @Override
  public void writeAtomically(List<StorageOp<T, S>> ops) {
    call("writeAtomically" + ops);
    inner.writeAtomically(ops);
  }

  @Override
  public void flush() {
    call("flush");
    inner.flush();
  }

  @Override
  public List<T> getEntries(long from, long to) {
    call("getEntries");
    return inner.getEntries(from, to);
  }

  @Override
  public long getLogLen() {
    call("getLogLen");
    return inner.getLogLen();
  }

  @Override
  public Optional<Ballot> getPromise() {
    call("getPromise");
    return inner.getPromise();
  }

  @Override
  public Optional<Ballot> getAcceptedRound() {
    call("getAcceptedRound");
    return inner.getAcceptedRound();
  }

  @Override
  public long getDecidedIdx() {
    call("getDecidedIdx");
    return inner.getDecidedIdx();
  }

  @Override
  public long getCompactedIdx() {
    call("getCompactedIdx");
    return inner.getCompactedIdx();
  }

  @Override
  public Optional<StopSign> getStopSign() {
    call("getStopSign");
    return inner.getStopSign();
  }

  @Override
  public Optional<S> getSnapshot() {
    call("getSnapshot");
    return inner.getSnapshot();
  }
}
