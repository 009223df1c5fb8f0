package omnipaxos.testkit.linearizability;

import java.util.Objects;
import java.util.Optional;

/** What a key-value store answered to a {@link KvOp}: the output half of a history entry. */
public sealed interface KvResult {

  /** A write ({@link KvOp.Put} or {@link KvOp.Delete}) took effect. */
  record Ok() implements KvResult {
    @Override
    public String toString() {
      return "ok";
    }
  }

  /** The value a {@link KvOp.Get} read; empty if the key was absent. */
  record Value(Optional<String> value) implements KvResult {
    public Value {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value.map(v -> "\"" + v + "\"").orElse("absent");
    }
  }

  /** Whether a {@link KvOp.Cas} found the expected value and swapped it. */
  record Swapped(boolean swapped) implements KvResult {
    @Override
    public String toString() {
      return swapped ? "swapped" : "not swapped";
    }
  }

  /** The answer to a write. */
  static KvResult ok() {
    return new Ok();
  }

  /** The answer to a read of a present key. */
  static KvResult value(String value) {
    return new Value(Optional.of(value));
  }

  /** The answer to a read of an absent key. */
  static KvResult absent() {
    return new Value(Optional.empty());
  }

  /** The answer to a compare-and-set. */
  static KvResult swapped(boolean swapped) {
    return new Swapped(swapped);
  }
}
