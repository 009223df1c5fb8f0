package omnipaxos.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import omnipaxos.runtime.DecidedEvent;

/**
 * Applies the decided log to a {@link KvState} and hands each local command its result. The decided
 * subscription calls {@link #apply} in log order; a client that learned the log index of its command
 * calls {@link #resultAt}, which completes once that index is applied. Results of recently applied
 * indices are kept for a while, because the decision may reach the client before or after the
 * subscription applied it. Thread-safe.
 */
final class KvStateMachine {

  private static final int RESULT_WINDOW = 200_000;

  private KvState state = new KvState();
  private long appliedIdx;
  private final Map<Long, KvResult> results = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, KvResult> eldest) {
      return size() > RESULT_WINDOW;
    }
  };
  private final Map<Long, CompletableFuture<KvResult>> waiters = new HashMap<>();
  /** Local reads waiting until the applied index reaches their key. */
  private final TreeMap<Long, List<Runnable>> readsAt = new TreeMap<>();

  /** Applies one decided event. */
  void apply(DecidedEvent<KvCommand, KvSnapshot> event) {
    CompletableFuture<KvResult> waiter;
    KvResult result;
    synchronized (this) {
      if (event instanceof DecidedEvent.Entry<KvCommand, KvSnapshot> e) {
        result = state.apply(e.entry());
        results.put(e.idx(), result);
        waiter = waiters.remove(e.idx());
      } else if (event instanceof DecidedEvent.Snapshot<KvCommand, KvSnapshot> s) {
        state = new KvState(s.snapshot());
        failWaitersBelow(s.idx(), "ERR the result was compacted into a snapshot before it was applied here; retry");
        waiter = null;
        result = null;
      } else if (event instanceof DecidedEvent.Trimmed<KvCommand, KvSnapshot> t) {
        failWaitersBelow(t.idx(), "ERR the log was trimmed before this node applied it");
        waiter = null;
        result = null;
      } else {
        waiter = null;
        result = null;
      }
      appliedIdx = event.nextIdx();
    }
    if (waiter != null) {
      waiter.complete(result);
    }
    runReadsUpTo(event.nextIdx());
  }

  private void runReadsUpTo(long applied) {
    List<Runnable> ready = new ArrayList<>();
    synchronized (this) {
      while (!readsAt.isEmpty() && readsAt.firstKey() <= applied) {
        ready.addAll(readsAt.pollFirstEntry().getValue());
      }
    }
    ready.forEach(Runnable::run);
  }

  /**
   * The value of {@code key}, read once at least {@code idx} positions are applied (in a state that may
   * be further along).
   */
  CompletableFuture<KvResult> getAtLeast(long idx, String key) {
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    Runnable read = () -> f.complete(new KvResult.Value(localGet(key)));
    synchronized (this) {
      if (appliedIdx < idx) {
        readsAt.computeIfAbsent(idx, i -> new ArrayList<>()).add(read);
        return f;
      }
    }
    read.run();
    return f;
  }

  private void failWaitersBelow(long idx, String message) {
    waiters.entrySet().removeIf(w -> {
      if (w.getKey() < idx) {
        w.getValue().complete(new KvResult.Error(message));
        return true;
      }
      return false;
    });
  }

  /** The result of the command decided at {@code idx}, once this node applied it. */
  synchronized CompletableFuture<KvResult> resultAt(long idx) {
    if (idx < appliedIdx) {
      KvResult r = results.remove(idx);
      return CompletableFuture.completedFuture(r != null ? r
          : new KvResult.Error("ERR the result is no longer available; retry"));
    }
    return waiters.computeIfAbsent(idx, i -> new CompletableFuture<>());
  }

  /** The state at {@code position}: every decided command before that position applied, nothing after. */
  record Applied(KvSnapshot state, long position) {}

  /** A copy of the state together with the position it is at, taken atomically. */
  synchronized Applied applied() {
    return new Applied(new KvSnapshot(state.view()), appliedIdx);
  }

  synchronized long appliedIdx() {
    return appliedIdx;
  }

  synchronized int keys() {
    return state.size();
  }

  /** A local, possibly stale read. */
  synchronized Optional<byte[]> localGet(String key) {
    return state.get(key);
  }
}
