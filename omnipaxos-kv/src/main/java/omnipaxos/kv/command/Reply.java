package omnipaxos.kv.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A command's answer, independent of the wire protocol: the RESP layer renders it as RESP2 or RESP3
 * depending on the connection (a {@link MapReply} is a flat array in RESP2, a {@link Null} is
 * {@code _} in RESP3, a {@link Dbl} is a bulk string in RESP2).
 */
public sealed interface Reply {

  /** {@code +OK}. */
  Reply OK = new Simple("OK");

  /** A status line. */
  record Simple(String text) implements Reply {}

  /** An error line, starting with its code ({@code ERR}, {@code WRONGTYPE}, ...). */
  record Error(String text) implements Reply {}

  /** A binary-safe string. */
  record Bulk(byte[] bytes) implements Reply {
    public Bulk {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bulk(" + new String(bytes, StandardCharsets.ISO_8859_1) + ")";
    }
  }

  /** The absent value: a null bulk string in RESP2. */
  record Null() implements Reply {}

  /** The absent array (an aborted EXEC): {@code *-1} in RESP2, a null in RESP3. */
  record NullArray() implements Reply {}

  /** An integer. */
  record Int(long value) implements Reply {}

  /** An array of replies. */
  record Arr(List<Reply> items) implements Reply {
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A double: a bulk string in RESP2, a RESP3 double, both in Redis's text form. */
  record Dbl(double value) implements Reply {}

  /**
   * Pairs (a member and its score), as alternating items: a flat array in RESP2, an array of
   * two-element arrays in RESP3.
   */
  record Pairs(List<Reply> flat) implements Reply {
    public Pairs {
      flat = List.copyOf(flat);
    }
  }

  /** A map, as alternating keys and values. */
  record MapReply(List<Reply> keysAndValues) implements Reply {
    public MapReply {
      keysAndValues = List.copyOf(keysAndValues);
    }
  }

  /** A set: {@code ~} in RESP3, an array in RESP2. */
  record SetReply(List<Reply> items) implements Reply {
    public SetReply {
      items = List.copyOf(items);
    }
  }

  /** A bulk string of the bytes of {@code text} (ISO-8859-1: one byte per char). */
  static Reply bulk(String text) {
    return new Bulk(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The value, or {@link Null} if {@code bytes} is null. */
  static Reply bulkOrNull(byte[] bytes) {
    return bytes == null ? new Null() : new Bulk(bytes);
  }

  /** 1 or 0. */
  static Reply bool(boolean b) {
    return new Int(b ? 1 : 0);
  }
}
