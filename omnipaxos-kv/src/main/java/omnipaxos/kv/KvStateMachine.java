package omnipaxos.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerAddresses;
import omnipaxos.runtime.DecidedEvent;

/**
 * Applies the decided log to a {@link KvState} and hands each local command its result. The decided
 * subscription calls {@link #apply} in log order; a client that learned the log index of its
 * command calls {@link #resultAt}, which completes once that index is applied. Results of recently
 * applied indices are kept for a while, because the decision may reach the client before or after
 * the subscription applied it. Thread-safe.
 */
final class KvStateMachine {

  private static final int RESULT_WINDOW = 200_000;

  private KvState state = new KvState();
  private long appliedIdx;
  private final Map<Long, Reply> results = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Reply> eldest) {
      return size() > RESULT_WINDOW;
    }
  };
  private final Map<Long, CompletableFuture<Reply>> waiters = new HashMap<>();
  /** Local reads waiting until the applied index reaches their key. */
  private final TreeMap<Long, List<Runnable>> readsAt = new TreeMap<>();

  /** Applies one decided event. */
  void apply(DecidedEvent<KvEntry, KvSnapshot> event) {
    CompletableFuture<Reply> waiter;
    Reply result;
    synchronized (this) {
      if (event instanceof DecidedEvent.Entry<KvEntry, KvSnapshot> e) {
        result = state.apply(e.entry());
        results.put(e.idx(), result);
        waiter = waiters.remove(e.idx());
      } else if (event instanceof DecidedEvent.Snapshot<KvEntry, KvSnapshot> s) {
        state = new KvState(s.snapshot());
        failWaitersBelow(
            s.idx(),
            "ERR the result was compacted into a snapshot before it was applied here; retry");
        waiter = null;
        result = null;
      } else if (event instanceof DecidedEvent.Trimmed<KvEntry, KvSnapshot> t) {
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
   * The reply of the read-only {@code command}, evaluated once at least {@code idx} positions are
   * applied (in a state that may be further along), against the log's clock there.
   */
  CompletableFuture<Reply> readAtLeast(long idx, KvEntry.Invoke command) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    Runnable read = () -> f.complete(localRead(command));
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
        w.getValue().complete(new Reply.Error(message));
        return true;
      }
      return false;
    });
  }

  /** The result of the command decided at {@code idx}, once this node applied it. */
  synchronized CompletableFuture<Reply> resultAt(long idx) {
    if (idx < appliedIdx) {
      Reply r = results.remove(idx);
      return CompletableFuture.completedFuture(r != null ? r
          : new Reply.Error("ERR the result is no longer available; retry"));
    }
    return waiters.computeIfAbsent(idx, i -> new CompletableFuture<>());
  }

  /**
   * The state at {@code position}: every decided command before that position applied, nothing
   * after.
   */
  record Applied(KvSnapshot state, long position) {}

  /** A copy of the state together with the position it is at, taken atomically. */
  synchronized Applied applied() {
    return new Applied(state.snapshot(), appliedIdx);
  }

  /** The applied state as canonical snapshot bytes, and its position and key count. */
  record Image(byte[] bytes, long position, long keys) {}

  /**
   * The applied state in canonical bytes, taken atomically: encoded straight from the state, so
   * that no second copy of the keys is built (applies wait meanwhile).
   */
  synchronized Image image() {
    return new Image(state.canonicalBytes(), appliedIdx, state.size());
  }

  synchronized long appliedIdx() {
    return appliedIdx;
  }

  synchronized long keys() {
    return state.size();
  }

  /** What each server announced about its addresses, by pid, at the applied position. */
  synchronized SortedMap<Long, ServerAddresses> announced() {
    return state.announced();
  }

  /** Whether some key has an expiry (the leader then keeps the log's clock moving). */
  synchronized boolean hasExpiries() {
    return state.hasExpiries();
  }

  /** What WATCH records for {@code keys}, at the applied position. */
  synchronized List<KvEntry.Watch> watch(int db, List<String> keys) {
    return state.watch(db, keys);
  }

  /** The non-empty databases' sizes. */
  synchronized List<KvExecutor.DbStats> keyspaceStats() {
    return state.keyspaceStats();
  }

  /** The estimate of the state's size, at the applied position. */
  synchronized KvExecutor.MemoryStats memoryStats() {
    return state.memoryStats();
  }

  /** A local, possibly stale read. */
  synchronized Reply localRead(KvEntry.Invoke command) {
    return state.read(command);
  }
}
