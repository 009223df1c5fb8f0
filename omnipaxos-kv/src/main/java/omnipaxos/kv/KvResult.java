package omnipaxos.kv;

import java.util.Arrays;
import java.util.Optional;

/** What applying a {@link KvCommand} returned. */
public sealed interface KvResult {

  /** The command succeeded without a value. */
  record Ok() implements KvResult {}

  /** A value, or empty if the key is absent. */
  record Value(Optional<byte[]> value) implements KvResult {
    public Value {
      value = value.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> value() {
      return value.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && value.isPresent() == v.value.isPresent()
          && (value.isEmpty() || Arrays.equals(value.get(), v.value.get()));
    }

    @Override
    public int hashCode() {
      return value.map(Arrays::hashCode).orElse(0);
    }
  }

  /** An integer: a count, or a new counter value. */
  record Integer(long value) implements KvResult {}

  /** The command failed; nothing changed. */
  record Error(String message) implements KvResult {}
}
