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
  public List<T> entries(long from, long to) {
    call("entries");
    return inner.entries(from, to);
  }

  @Override
  public long logLen() {
    call("logLen");
    return inner.logLen();
  }

  @Override
  public Optional<Ballot> promise() {
    call("promise");
    return inner.promise();
  }

  @Override
  public Optional<Ballot> acceptedRound() {
    call("acceptedRound");
    return inner.acceptedRound();
  }

  @Override
  public long decidedIdx() {
    call("decidedIdx");
    return inner.decidedIdx();
  }

  @Override
  public long compactedIdx() {
    call("compactedIdx");
    return inner.compactedIdx();
  }

  @Override
  public Optional<StopSign> stopSign() {
    call("stopSign");
    return inner.stopSign();
  }

  @Override
  public Optional<S> snapshot() {
    call("snapshot");
    return inner.snapshot();
  }
}
