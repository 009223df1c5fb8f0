package omnipaxos.kv.command;

import java.util.Arrays;

/** A value in the keyspace; each Redis data type is one variant. */
public sealed interface KvValue {

  /** The name TYPE answers. */
  String typeName();

  /** A binary-safe string. */
  record Str(byte[] bytes) implements KvValue {
    public Str {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The length in bytes, without copying. */
    public int length() {
      return bytes.length;
    }

    @Override
    public String typeName() {
      return "string";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Str s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
