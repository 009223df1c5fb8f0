package omnipaxos.kv.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/** A value in the keyspace; each Redis data type is one variant. */
public sealed interface KvValue {

  /** The name TYPE answers. */
  String typeName();

  /** A copy that later changes of this value do not affect (the same object if immutable). */
  KvValue copy();

  /** The deterministic estimate of the bytes this value takes ({@link Footprint}). */
  long footprint();

  /** Reports in-place changes of the estimate to {@code meter} (null: to nobody). */
  default void meter(Footprint.Meter meter) {}

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
    public long footprint() {
      return Footprint.STR + Footprint.array(bytes.length);
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

  /**
   * A hash: binary-safe fields (one char per byte) to values, in insertion order, which is Redis's
   * order while it keeps the hash as a listpack ({@link #listpack}: at most 128 fields, none and no
   * value longer than 64 bytes; once beyond, Redis's order is unspecified and it never goes back).
   * Mutable: commands change it in place on the apply thread.
   */
  final class Hash extends Footprint.Measured implements KvValue {
    /** Redis's hash-max-listpack-entries. */
    public static final int LISTPACK_ENTRIES = 128;
    /** Redis's hash-max-listpack-value. */
    public static final int LISTPACK_VALUE = 64;

    private final LinkedHashMap<String, byte[]> fields = new LinkedHashMap<>();
    private boolean listpack;
    private TreeSet<Keyspace.ScanKey> scanIndex;

    /** An empty hash, a listpack or not. */
    public Hash(boolean listpack) {
      super(Footprint.HASH);
      this.listpack = listpack;
    }

    /** The value of {@code field} (not copied), or null. */
    public byte[] get(String field) {
      return fields.get(field);
    }

    /** Sets a field (the value is kept, not copied); whether it is new. */
    public boolean put(String field, byte[] value) {
      if (field.length() > LISTPACK_VALUE || value.length > LISTPACK_VALUE) {
        listpack = false;
      }
      byte[] old = fields.put(field, value);
      boolean added = old == null;
      grow(Footprint.array(value.length)
          - (added ? -fieldCost(field) : Footprint.array(old.length)));
      if (fields.size() > LISTPACK_ENTRIES) {
        listpack = false;
      }
      if (added && scanIndex != null) {
        scanIndex.add(Keyspace.ScanKey.of(field));
      }
      return added;
    }

    /** A field's entry and name, its value not included. */
    private static long fieldCost(String field) {
      return Footprint.HASH_FIELD + Footprint.string(field.length());
    }

    /** Deletes a field; whether it was there. */
    public boolean remove(String field) {
      byte[] old = fields.remove(field);
      boolean removed = old != null;
      if (removed) {
        grow(-fieldCost(field) - Footprint.array(old.length));
      }
      if (removed && scanIndex != null) {
        scanIndex.remove(Keyspace.ScanKey.of(field));
      }
      return removed;
    }

    /** The fields in scan order, built at the first scan and kept up to date from then on. */
    NavigableSet<Keyspace.ScanKey> scanIndex() {
      if (scanIndex == null) {
        scanIndex = scanIndexOf(fields.keySet());
      }
      return scanIndex;
    }

    public int size() {
      return fields.size();
    }

    /** The fields and values in order (values not copied). */
    public Map<String, byte[]> fields() {
      return Collections.unmodifiableMap(fields);
    }

    /** Whether Redis would still keep this hash as a listpack (ordered, scanned in one page). */
    public boolean listpack() {
      return listpack;
    }

    @Override
    public String typeName() {
      return "hash";
    }

    @Override
    public Hash copy() {
      Hash h = new Hash(listpack);
      h.fields.putAll(fields);
      h.sameAs(this);
      return h;
    }
  }

  /**
   * A set of binary-safe members (one char per byte). While Redis keeps it as an intset (only
   * integers, at most 512; once beyond, it never goes back) members come in numeric order, as Redis
   * gives them; otherwise in insertion order, the intset's members first in numeric order (Redis's
   * order is then unspecified). A new set starts as an intset. Mutable: commands change it in place
   * on the apply thread.
   */
  final class Set extends Footprint.Measured implements KvValue {
    /** Redis's set-max-intset-entries. */
    public static final int INTSET_ENTRIES = 512;

    private final LinkedHashSet<String> members = new LinkedHashSet<>();
    private boolean intset;
    private TreeSet<Keyspace.ScanKey> scanIndex;

    /** An empty set, an intset or not. */
    public Set(boolean intset) {
      super(Footprint.SET);
      this.intset = intset;
    }

    /** An empty set as Redis creates one (an intset until a member is not an integer). */
    public Set() {
      this(true);
    }

    /** Adds a member; whether it is new. */
    public boolean add(String member) {
      if (members.contains(member)) {
        return false;
      }
      if (intset && (members.size() >= INTSET_ENTRIES || integer(member) == null)) {
        List<String> sorted = members();
        members.clear();
        members.addAll(sorted);
        intset = false;
      }
      if (scanIndex != null) {
        scanIndex.add(Keyspace.ScanKey.of(member));
      }
      grow(Footprint.SET_MEMBER + Footprint.string(member.length()));
      return members.add(member);
    }

    public boolean remove(String member) {
      boolean removed = members.remove(member);
      if (removed) {
        grow(-Footprint.SET_MEMBER - Footprint.string(member.length()));
      }
      if (removed && scanIndex != null) {
        scanIndex.remove(Keyspace.ScanKey.of(member));
      }
      return removed;
    }

    /** The members in scan order, built at the first scan and kept up to date from then on. */
    NavigableSet<Keyspace.ScanKey> scanIndex() {
      if (scanIndex == null) {
        scanIndex = scanIndexOf(members);
      }
      return scanIndex;
    }

    public boolean contains(String member) {
      return members.contains(member);
    }

    public int size() {
      return members.size();
    }

    /** Whether Redis would still keep this set as an intset. */
    public boolean intset() {
      return intset;
    }

    /** The members in order: numeric for an intset, else insertion order. */
    public List<String> members() {
      List<String> out = new ArrayList<>(members);
      if (intset) {
        out.sort((a, b) -> Long.compare(integer(a), integer(b)));
      }
      return out;
    }

    private static Long integer(String member) {
      return Args.parseLong(member.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public String typeName() {
      return "set";
    }

    @Override
    public Set copy() {
      Set s = new Set(intset);
      s.members.addAll(members);
      s.sameAs(this);
      return s;
    }
  }

  /** The scan index of a hash's fields or a set's members. */
  private static TreeSet<Keyspace.ScanKey> scanIndexOf(Collection<String> elements) {
    TreeSet<Keyspace.ScanKey> out = new TreeSet<>();
    for (String e : elements) {
      out.add(Keyspace.ScanKey.of(e));
    }
    return out;
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

    @Override
    public long footprint() {
      return elements.footprint();
    }

    @Override
    public void meter(Footprint.Meter meter) {
      elements.meter(meter);
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

    @Override
    public long footprint() {
      return set.footprint();
    }

    @Override
    public void meter(Footprint.Meter meter) {
      set.meter(meter);
    }
  }
}
