package omnipaxos.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key-value state machine: applies commands in log order. Deterministic: the same commands from
 * the same state give the same state and results on every node. Not thread-safe.
 */
public final class KvState {

  private final HashMap<String, byte[]> data;

  public KvState() {
    this.data = new HashMap<>();
  }

  /** A state holding a copy of {@code snapshot}. */
  public KvState(KvSnapshot snapshot) {
    this.data = new HashMap<>(snapshot.data());
  }

  /** Applies {@code command} and returns its result. */
  public KvResult apply(KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      data.put(p.key(), p.value());
      return new KvResult.Ok();
    }
    if (command instanceof KvCommand.Get g) {
      return new KvResult.Value(Optional.ofNullable(data.get(g.key())));
    }
    if (command instanceof KvCommand.Delete d) {
      long n = 0;
      for (String k : d.keys()) {
        if (data.remove(k) != null) {
          n++;
        }
      }
      return new KvResult.Integer(n);
    }
    if (command instanceof KvCommand.Exists e) {
      return new KvResult.Integer(e.keys().stream().filter(data::containsKey).count());
    }
    if (command instanceof KvCommand.Increment i) {
      byte[] old = data.get(i.key());
      long current;
      try {
        current = old == null ? 0 : Long.parseLong(new String(old, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return new KvResult.Error("ERR value is not an integer or out of range");
      }
      long next;
      try {
        next = Math.addExact(current, i.delta());
      } catch (ArithmeticException e) {
        return new KvResult.Error("ERR increment or decrement would overflow");
      }
      data.put(i.key(), Long.toString(next).getBytes(StandardCharsets.US_ASCII));
      return new KvResult.Integer(next);
    }
    if (command instanceof KvCommand.CompareAndSet c) {
      byte[] old = data.get(c.key());
      boolean matches = c.expected().map(e -> old != null && Arrays.equals(old, e)).orElse(old == null);
      if (matches) {
        data.put(c.key(), c.value());
      }
      return new KvResult.Integer(matches ? 1 : 0);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** The current value of {@code key}, read locally (not linearizable on its own). */
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(data.get(key)).map(byte[]::clone);
  }

  public int size() {
    return data.size();
  }

  /** An immutable copy of the state. */
  public KvSnapshot snapshot() {
    return new KvSnapshot(Collections.unmodifiableMap(new HashMap<>(data)));
  }

  /** Applies each command, ignoring results (used to build snapshots). */
  void applyAll(List<KvCommand> commands) {
    for (KvCommand c : commands) {
      apply(c);
    }
  }

  Map<String, byte[]> view() {
    return Collections.unmodifiableMap(data);
  }
}
