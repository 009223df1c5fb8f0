package omnipaxos.transport.netty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which keys were already logged, so that a condition that repeats (a misconfigured peer
 * redialing every few seconds) is logged at WARN the first time and at DEBUG after. About {@code
 * capacity} keys are remembered at most (concurrent first calls may each add one more), so a peer
 * claiming ever new identities cannot grow it without bound; once full, every key not yet
 * remembered counts as seen. Safe for any thread.
 *
 * @param <K> the key type, with value equality
 */
final class LogOnce<K> {

  private final Set<K> seen = ConcurrentHashMap.newKeySet();
  private final int capacity;

  LogOnce(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** True exactly once per key (while there is room for it): the first time it is asked about. */
  boolean firstTime(K key) {
    return seen.size() < capacity && seen.add(key);
  }
}
