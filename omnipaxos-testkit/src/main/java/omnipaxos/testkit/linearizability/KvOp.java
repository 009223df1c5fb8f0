package omnipaxos.testkit.linearizability;

import java.util.Objects;

/** An operation on one key of a key-value store: the input half of a history entry. */
public sealed interface KvOp {

  /** The key this operation reads or writes. */
  String key();

  /** Whether the operation never changes the store. */
  default boolean readOnly() {
    return false;
  }

  /** Reads the value of {@code key}; answered with {@link KvResult.Value}. */
  record Get(String key) implements KvOp {
    public Get {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean readOnly() {
      return true;
    }

    @Override
    public String toString() {
      return "GET " + key;
    }
  }

  /** Sets {@code key} to {@code value}; answered with {@link KvResult.Ok}. */
  record Put(String key, String value) implements KvOp {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "PUT " + key + "=" + value;
    }
  }

  /**
   * Sets {@code key} to {@code value} if it currently holds {@code expected}; answered with
   * {@link KvResult.Swapped}.
   */
  record Cas(String key, String expected, String value) implements KvOp {
    public Cas {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "CAS " + key + " " + expected + "->" + value;
    }
  }

  /** Removes {@code key}; answered with {@link KvResult.Ok}. */
  record Delete(String key) implements KvOp {
    public Delete {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "DELETE " + key;
    }
  }
}
