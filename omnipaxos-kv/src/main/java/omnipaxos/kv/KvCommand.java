package omnipaxos.kv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A command of the replicated key-value store, as stored in the log. Keys are binary-safe strings
 * (one char per byte, ISO-8859-1); values are bytes. Commands are applied in log order by
 * {@link KvState}; a {@link Get} in the log is a linearizable read.
 */
public sealed interface KvCommand {

  /** Sets {@code key} to {@code value}. */
  record Put(String key, byte[] value) implements KvCommand {
    public Put {
      Objects.requireNonNull(key, "key");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Put(" + key + ", " + value.length + " bytes)";
    }
  }

  /** Deletes the keys; the result counts those that existed. */
  record Delete(List<String> keys) implements KvCommand {
    public Delete {
      keys = List.copyOf(keys);
    }
  }

  /** Adds {@code delta} to the integer stored at {@code key} (0 if absent). */
  record Increment(String key, long delta) implements KvCommand {
    public Increment {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Sets {@code key} to {@code value} if its current value equals {@code expected} (empty: the key must
   * be absent). The result says whether it did.
   */
  record CompareAndSet(String key, Optional<byte[]> expected, byte[] value) implements KvCommand {
    public CompareAndSet {
      Objects.requireNonNull(key, "key");
      expected = expected.map(byte[]::clone);
      value = value.clone();
    }

    @Override
    public Optional<byte[]> expected() {
      return expected.map(byte[]::clone);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CompareAndSet c && key.equals(c.key) && Arrays.equals(value, c.value)
          && expected.isPresent() == c.expected.isPresent()
          && (expected.isEmpty() || Arrays.equals(expected.get(), c.expected.get()));
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, Arrays.hashCode(value), expected.map(Arrays::hashCode).orElse(0));
    }
  }

  /** Reads {@code key} at this point of the log. */
  record Get(String key) implements KvCommand {
    public Get {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Reads whether {@code keys} exist at this point of the log; the result counts those that do. */
  record Exists(List<String> keys) implements KvCommand {
    public Exists {
      keys = List.copyOf(keys);
    }
  }
}
