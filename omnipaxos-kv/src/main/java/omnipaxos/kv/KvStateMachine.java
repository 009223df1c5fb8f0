package omnipaxos.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
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
 *
 * <p>Two locks: {@link #stateLock} guards the state itself and is held for as long as a snapshot's
 * encoding takes (hundreds of milliseconds at a million keys); this object's monitor guards the
 * applied index, the results and the waiters, and is only ever held briefly. What the node's own
 * thread calls ({@link #resultAt}, {@link #readAtLeast}, {@link #keys}) never waits for the state
 * lock: a node thread that waited for a snapshot's encoding answered no heartbeat meanwhile and
 * lost its leadership.
 */
final class KvStateMachine {

  private static final int RESULT_WINDOW = 200_000;

  private final ReentrantLock stateLock = new ReentrantLock();
  /** Guarded by {@link #stateLock}. */
  private KvState state = new KvState();
  /** The position {@link #state} is at; guarded by {@link #stateLock}. */
  private long stateIdx;
  /** The last key count computed (for INFO without waiting for the state lock). */
  private volatile long lastKeyCount;
  private long appliedIdx;
  private final Map<Long, Reply> results = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Reply> eldest) {
      return size() > RESULT_WINDOW;
    }
  };
  private final Map<Long, CompletableFuture<Reply>> waiters = new HashMap<>();
  /** Local reads waiting until the applied index reaches their key. */
  private final TreeMap<Long, List<LocalRead>> readsAt = new TreeMap<>();
  /** Local reads that are due but found the state lock taken; its holder runs them. */
  private final List<LocalRead> deferred = new ArrayList<>();

  /** A read-only command to evaluate on the state, and where its reply goes. */
  private record LocalRead(KvEntry.Invoke command, CompletableFuture<Reply> reply) {}

  /** Applies one decided event. */
  void apply(DecidedEvent<KvEntry, KvSnapshot> event) {
    Reply result = null;
    stateLock.lock();
    try {
      if (event instanceof DecidedEvent.Entry<KvEntry, KvSnapshot> e) {
        result = state.apply(e.entry());
      } else if (event instanceof DecidedEvent.Snapshot<KvEntry, KvSnapshot> s) {
        state = new KvState(s.snapshot());
      }
      stateIdx = event.nextIdx();
    } finally {
      unlockState();
    }
    CompletableFuture<Reply> waiter = null;
    synchronized (this) {
      if (event instanceof DecidedEvent.Entry<KvEntry, KvSnapshot> e) {
        results.put(e.idx(), result);
        waiter = waiters.remove(e.idx());
      } else if (event instanceof DecidedEvent.Snapshot<KvEntry, KvSnapshot> s) {
        failWaitersBelow(
            s.idx(),
            "ERR the result was compacted into a snapshot before it was applied here; retry");
      } else if (event instanceof DecidedEvent.Trimmed<KvEntry, KvSnapshot> t) {
        failWaitersBelow(t.idx(), "ERR the log was trimmed before this node applied it");
      }
      appliedIdx = event.nextIdx();
    }
    if (waiter != null) {
      waiter.complete(result);
    }
    runReadsUpTo(event.nextIdx());
  }

  private void runReadsUpTo(long applied) {
    List<LocalRead> ready = new ArrayList<>();
    synchronized (this) {
      while (!readsAt.isEmpty() && readsAt.firstKey() <= applied) {
        ready.addAll(readsAt.pollFirstEntry().getValue());
      }
    }
    if (!ready.isEmpty()) {
      runOrDefer(ready);
    }
  }

  /**
   * The reply of the read-only {@code command}, evaluated once at least {@code idx} positions are
   * applied (in a state that may be further along), against the log's clock there. Never waits for
   * the state lock: if a snapshot holds it, the read runs when it is released.
   */
  CompletableFuture<Reply> readAtLeast(long idx, KvEntry.Invoke command) {
    LocalRead read = new LocalRead(command, new CompletableFuture<>());
    synchronized (this) {
      if (appliedIdx < idx) {
        readsAt.computeIfAbsent(idx, i -> new ArrayList<>()).add(read);
        return read.reply();
      }
    }
    runOrDefer(List.of(read));
    return read.reply();
  }

  /** Runs {@code reads} now if the state lock is free, else leaves them to its holder. */
  private void runOrDefer(List<LocalRead> reads) {
    synchronized (this) {
      deferred.addAll(reads);
    }
    runDeferred();
  }

  /**
   * Runs the deferred reads if the state lock can be had at once. Whoever holds the lock runs them
   * after releasing it ({@link #unlockState}), so a read deferred meanwhile is never left behind.
   */
  private void runDeferred() {
    while (stateLock.tryLock()) {
      List<LocalRead> batch;
      List<Reply> replies = new ArrayList<>();
      try {
        synchronized (this) {
          batch = new ArrayList<>(deferred);
          deferred.clear();
        }
        for (LocalRead r : batch) {
          replies.add(state.read(r.command()));
        }
      } finally {
        stateLock.unlock();
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).reply().complete(replies.get(i));
      }
      synchronized (this) {
        if (deferred.isEmpty()) {
          return;
        }
      }
    }
  }

  /** Releases the state lock and runs the reads deferred while it was held. */
  private void unlockState() {
    stateLock.unlock();
    boolean any;
    synchronized (this) {
      any = !deferred.isEmpty();
    }
    if (any) {
      runDeferred();
    }
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
  Applied applied() {
    stateLock.lock();
    try {
      return new Applied(state.snapshot(), stateIdx);
    } finally {
      unlockState();
    }
  }

  /** The applied state as canonical snapshot bytes, and its position and key count. */
  record Image(byte[] bytes, long position, long keys) {}

  /**
   * The applied state in canonical bytes, taken atomically: encoded straight from the state, so
   * that no second copy of the keys is built (applies wait meanwhile; the node's thread does not).
   */
  Image image() {
    stateLock.lock();
    try {
      long keys = state.size();
      lastKeyCount = keys;
      return new Image(state.canonicalBytes(), stateIdx, keys);
    } finally {
      unlockState();
    }
  }

  synchronized long appliedIdx() {
    return appliedIdx;
  }

  /** The number of keys; while a snapshot holds the state, the last count taken. */
  long keys() {
    if (!stateLock.tryLock()) {
      return lastKeyCount;
    }
    try {
      lastKeyCount = state.size();
      return lastKeyCount;
    } finally {
      unlockState();
    }
  }

  /** What each server announced about its addresses, by pid, at the applied position. */
  SortedMap<Long, ServerAddresses> announced() {
    return withState(KvState::announced);
  }

  /** Whether some key has an expiry (the leader then keeps the log's clock moving). */
  boolean hasExpiries() {
    return withState(KvState::hasExpiries);
  }

  /** What WATCH records for {@code keys}, at the applied position. */
  List<KvEntry.Watch> watch(int db, List<String> keys) {
    return withState(s -> s.watch(db, keys));
  }

  /** The non-empty databases' sizes. */
  List<KvExecutor.DbStats> keyspaceStats() {
    return withState(KvState::keyspaceStats);
  }

  /** The estimate of the state's size, at the applied position. */
  KvExecutor.MemoryStats memoryStats() {
    return withState(KvState::memoryStats);
  }

  /** Holds the state lock for the test of what must not wait for it (tests only). */
  void holdStateWhile(Runnable r) {
    stateLock.lock();
    try {
      r.run();
    } finally {
      unlockState();
    }
  }

  private <R> R withState(Function<KvState, R> f) {
    stateLock.lock();
    try {
      return f.apply(state);
    } finally {
      unlockState();
    }
  }
}
