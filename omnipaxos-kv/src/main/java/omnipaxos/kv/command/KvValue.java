package omnipaxos.kv.command;

import java.util.Arrays;

/** A value in the keyspace; each Redis data type is one variant. */
public sealed interface KvValue {

  /** The name TYPE answers. */
  String typeName();

  /** A copy sharing nothing mutable with this value (snapshots and COPY); a string is itself. */
  KvValue copy();

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
    public KvValue copy() {
      return this;
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

  /** A list; its elements change in place (the list commands), so {@link #copy} copies them. */
  record ListValue(omnipaxos.kv.command.lists.Elements elements) implements KvValue {
    @Override
    public String typeName() {
      return "list";
    }

    @Override
    public KvValue copy() {
      return new ListValue(elements.copy());
    }
  }

  /** A sorted set; changed in place (the sorted-set commands), so {@link #copy} copies it. */
  record ZSetValue(omnipaxos.kv.command.zsets.ScoredSet set) implements KvValue {
    @Override
    public String typeName() {
      return "zset";
    }

    @Override
    public KvValue copy() {
      return new ZSetValue(set.copy());
    }
  }
}
