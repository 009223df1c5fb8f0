package omnipaxos.kv.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated data: 16 databases, each a sorted map from key to {@link Entry}, and the log's
 * clock. Sorted so that KEYS, SCAN and RANDOMKEY visit keys in the same order on every replica,
 * however the map was built. Time enters only through {@link #tick}: a key is hidden once the clock
 * passed its expiry and deleted at the next tick. A relative expiry set between two ticks counts
 * from the later tick (the clock there is the leader's time, not a stale one). Not thread-safe.
 */
public final class Keyspace {

  /** The number of databases (SELECT 0..15). */
  public static final int DATABASES = 16;
  /** Expiry of a key without one. */
  public static final long NO_EXPIRY = -1;
  /**
   * Every this many positions, deleted keys' tombstones older than this many positions are
   * dropped: WATCH of an absent key is exact for that long, then EXEC aborts to be safe.
   */
  static final long TOMBSTONE_WINDOW = 100_000;

  /**
   * A key's value, expiry (ms since the epoch, or {@link #NO_EXPIRY}), whether that expiry still
   * waits for the next tick to be anchored, and the log position of its last write.
   */
  public record Entry(KvValue value, long expireAt, boolean provisional, long version) {
    /** Whether the key has an expiry. */
    public boolean volatileKey() {
      return expireAt != NO_EXPIRY;
    }

    /** This entry with another value. */
    public Entry withValue(KvValue v) {
      return new Entry(v, expireAt, provisional, version);
    }
  }

  private Db[] dbs = new Db[DATABASES];
  private long clockMs;
  private long index;
  /** What each server announced about its addresses, by pid (no key: FLUSHALL keeps it). */
  private final TreeMap<Long, ServerAddresses> announced = new TreeMap<>();

  public Keyspace() {
    for (int i = 0; i < DATABASES; i++) {
      dbs[i] = new Db();
    }
  }

  /** A copy sharing no mutable value with this keyspace. */
  public Keyspace copy() {
    Keyspace k = new Keyspace();
    for (int i = 0; i < DATABASES; i++) {
      k.dbs[i] = dbs[i].copy(k);
    }
    k.clockMs = clockMs;
    k.index = index;
    k.announced.putAll(announced);
    return k;
  }

  /** What each server announced about its addresses, by pid (read-only). */
  public NavigableMap<Long, ServerAddresses> announced() {
    return Collections.unmodifiableNavigableMap(announced);
  }

  /** Records what server {@code pid} announced, replacing what it announced before. */
  public void announce(long pid, ServerAddresses addresses) {
    announced.put(pid, addresses);
  }

  /** Drops what server {@code pid} announced. */
  public void forget(long pid) {
    announced.remove(pid);
  }

  /** Database {@code i}. */
  public Db db(int i) {
    return dbs[i];
  }

  /** The log's clock: the largest time any tick carried. */
  public long clockMs() {
    return clockMs;
  }

  /** The number of log entries applied (the position of the next). */
  public long index() {
    return index;
  }

  /** Counts one applied entry; every {@link #TOMBSTONE_WINDOW} entries drops old tombstones. */
  public void advance() {
    index++;
    if (index % TOMBSTONE_WINDOW == 0) {
      for (Db d : dbs) {
        d.removed.values().removeIf(v -> v < tombstoneHorizon());
      }
    }
  }

  /** Tombstones of keys written from this position on are all kept. */
  private long tombstoneHorizon() {
    return index / TOMBSTONE_WINDOW * TOMBSTONE_WINDOW - TOMBSTONE_WINDOW;
  }

  /** Restores the clock and position (snapshots). */
  public void restore(long clock, long idx) {
    this.clockMs = clock;
    this.index = idx;
  }

  /** Whether some key has an expiry (then the leader must keep the clock moving). */
  public boolean hasExpiries() {
    for (Db d : dbs) {
      if (!d.volatileKeys.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies a clock entry: the clock becomes the larger of itself and {@code time}, provisional
   * expiries are anchored, and expired keys are deleted.
   */
  public void tick(long time) {
    long delta = Math.max(0, time - clockMs);
    clockMs += delta;
    for (Db d : dbs) {
      d.anchorAndSweep(delta);
    }
  }

  /** Exchanges two databases. */
  public void swap(int a, int b) {
    Db t = dbs[a];
    dbs[a] = dbs[b];
    dbs[b] = t;
  }

  /** Empties every database. */
  public void flushAll() {
    for (Db d : dbs) {
      d.flush();
    }
  }

  /** The deterministic estimate of the bytes all databases' keys and values take. */
  public long footprint() {
    long n = 0;
    for (Db d : dbs) {
      n += d.meter.bytes();
    }
    return n;
  }

  /** The number of keys held, expired ones awaiting deletion included. */
  public long held() {
    long n = 0;
    for (Db d : dbs) {
      n += d.entries.size();
    }
    return n;
  }

  /** The number of live keys in all databases. */
  public long size() {
    long n = 0;
    for (Db d : dbs) {
      n += d.size();
    }
    return n;
  }

  /** One database. */
  public final class Db {

    /** The entries by key: point lookups hash; {@link #scanOrder} orders them. */
    private final HashMap<String, Entry> entries = new HashMap<>();
    private final TreeSet<String> volatileKeys = new TreeSet<>();
    private final TreeSet<ScanKey> scanOrder = new TreeSet<>();
    /** Deleted keys (by delete, expiry or flush): the version of their last write. */
    private final TreeMap<String, Long> removed = new TreeMap<>();
    private final Footprint.Meter meter = new Footprint.Meter();

    private Db copy(Keyspace owner) {
      Db d = owner.new Db();
      entries.forEach((k, e) -> {
        KvValue v = e.value().copy();
        v.meter(d.meter);
        d.entries.put(k, e.withValue(v));
      });
      d.meter.add(meter.bytes());
      d.removed.putAll(removed);
      d.volatileKeys.addAll(volatileKeys);
      d.scanOrder.addAll(scanOrder);
      return d;
    }

    /** The keyspace this database belongs to. */
    public Keyspace keyspace() {
      return Keyspace.this;
    }

    /** The live entry of {@code key}, or null (absent or expired). */
    public Entry get(String key) {
      Entry e = entries.get(key);
      return e == null || expired(e) ? null : e;
    }

    /** What WATCH records for {@code key}: its version, or -(position + 1) if it is absent. */
    public long watchVersion(String key) {
      Entry e = get(key);
      return e != null ? e.version() : -(index + 1);
    }

    /** Whether {@code key} is still as WATCH saw it ({@link #watchVersion} gave {@code seen}). */
    public boolean unchanged(String key, long seen) {
      Entry e = get(key);
      if (seen >= 0 || e != null) {
        return e != null && e.version() == seen;
      }
      long watched = -seen - 1;
      Entry expired = entries.get(key);
      Long gone = removed.get(key);
      return (expired == null || expired.version() < watched)
          && (gone == null || gone < watched) && watched >= tombstoneHorizon();
    }

    /** The deleted keys' tombstones, by key (snapshots). */
    public NavigableMap<String, Long> tombstones() {
      return Collections.unmodifiableNavigableMap(removed);
    }

    /** Restores a tombstone (snapshots). */
    public void restoreTombstone(String key, long version) {
      removed.put(key, version);
    }

    private void bury(String key, Entry e) {
      if (e.version() >= tombstoneHorizon()) {
        removed.merge(key, e.version(), Math::max);
      }
    }

    /** The string at {@code key}, or null; {@link Errors#WRONGTYPE} for another type. */
    public KvValue.Str string(String key) {
      Entry e = get(key);
      if (e == null) {
        return null;
      }
      if (e.value() instanceof KvValue.Str s) {
        return s;
      }
      throw new CommandError(Errors.WRONGTYPE);
    }

    /** The value at {@code key} if a {@code type}, or null; {@link Errors#WRONGTYPE} if not. */
    public <T extends KvValue> T value(String key, Class<T> type) {
      Entry e = get(key);
      if (e == null) {
        return null;
      }
      if (type.isInstance(e.value())) {
        return type.cast(e.value());
      }
      throw new CommandError(Errors.WRONGTYPE);
    }

    /** The bytes of the string at {@code key}, or null. */
    public byte[] stringBytes(String key) {
      KvValue.Str s = string(key);
      return s == null ? null : s.bytes();
    }

    /** Sets {@code key} to {@code value} without an expiry. */
    public void put(String key, KvValue value) {
      put(key, value, NO_EXPIRY, false);
    }

    /** Sets {@code key} to {@code value}, keeping its current expiry. */
    public void putKeepTtl(String key, KvValue value) {
      Entry old = get(key);
      if (old == null) {
        put(key, value);
      } else {
        put(key, value, old.expireAt(), old.provisional());
      }
    }

    /** Sets {@code key} with the given expiry. */
    public void put(String key, KvValue value, long expireAt, boolean provisional) {
      Entry old = entries.put(key, new Entry(value, expireAt, provisional, index));
      if (old == null) {
        scanOrder.add(ScanKey.of(key));
        meter.add(Footprint.key(key));
      } else {
        old.value().meter(null);
        meter.add(-old.value().footprint());
      }
      value.meter(meter);
      meter.add(value.footprint());
      if (expireAt == NO_EXPIRY) {
        if (volatileKeys.remove(key)) {
          meter.add(-Footprint.VOLATILE);
        }
      } else if (volatileKeys.add(key)) {
        meter.add(Footprint.VOLATILE);
      }
    }

    /** Takes {@code e} (just removed from the entries) out of the estimate. */
    private void unmeter(String key, Entry e) {
      e.value().meter(null);
      meter.add(-Footprint.key(key) - e.value().footprint()
          - (e.volatileKey() ? Footprint.VOLATILE : 0));
    }

    /** Puts an entry exactly as given, version included (snapshots). */
    public void restore(String key, Entry e) {
      put(key, e.value(), e.expireAt(), e.provisional());
      entries.put(key, e);
    }

    /** Puts an entry as it was (RENAME, COPY, MOVE keep expiry). */
    public void putEntry(String key, Entry e) {
      put(key, e.value(), e.expireAt(), e.provisional());
    }

    /** Sets the expiry of a live key (relative ones are provisional until the next tick). */
    public void expire(String key, long expireAt, boolean provisional) {
      Entry e = get(key);
      put(key, e.value(), expireAt, provisional);
    }

    /** Deletes {@code key}; whether a live key was there. */
    public boolean remove(String key) {
      Entry e = entries.remove(key);
      if (e == null) {
        return false;
      }
      bury(key, e);
      unmeter(key, e);
      scanOrder.remove(ScanKey.of(key));
      volatileKeys.remove(key);
      return !expired(e);
    }

    /** The deterministic estimate of the bytes this database's keys and values take. */
    public long footprint() {
      return meter.bytes();
    }

    /** The number of live keys. */
    public long size() {
      long n = entries.size();
      for (String k : volatileKeys) {
        if (expired(entries.get(k))) {
          n--;
        }
      }
      return n;
    }

    /** The number of live keys with an expiry. */
    public long volatileSize() {
      long n = 0;
      for (String k : volatileKeys) {
        n += expired(entries.get(k)) ? 0 : 1;
      }
      return n;
    }

    /** Deletes every key. */
    public void flush() {
      entries.forEach((k, e) -> {
        bury(k, e);
        e.value().meter(null);
      });
      meter.reset();
      entries.clear();
      volatileKeys.clear();
      scanOrder.clear();
    }

    /** The live keys in scan order (the same on every server). */
    public List<String> keys() {
      List<String> out = new ArrayList<>();
      for (ScanKey k : scanOrder) {
        if (!expired(entries.get(k.key()))) {
          out.add(k.key());
        }
      }
      return out;
    }

    /** The raw entries in scan order, expired ones included (snapshots). */
    public Iterable<Map.Entry<String, Entry>> entries() {
      return () -> new Iterator<>() {
        private final Iterator<ScanKey> keys = scanOrder.iterator();

        @Override
        public boolean hasNext() {
          return keys.hasNext();
        }

        @Override
        public Map.Entry<String, Entry> next() {
          String k = keys.next().key();
          return Map.entry(k, entries.get(k));
        }
      };
    }

    /** The number of raw entries, expired ones included (snapshots). */
    public int entryCount() {
      return entries.size();
    }

    /**
     * Up to about {@code count} live keys from scan position {@code cursor} on; the keys and the
     * next cursor (0 at the end). Positions are hashes of the keys, so a cursor means the same on
     * every server, and a key present during the whole scan is returned.
     */
    public ScanPage scan(long cursor, int count) {
      List<String> keys = new ArrayList<>();
      Iterator<ScanKey> it = scanOrder.tailSet(new ScanKey(cursor, ""), true).iterator();
      long next = 0;
      int visited = 0;
      while (it.hasNext()) {
        ScanKey k = it.next();
        if (visited >= count && k.hash() != next) {
          return new ScanPage(keys, k.hash());
        }
        visited++;
        next = k.hash();
        if (!expired(entries.get(k.key()))) {
          keys.add(k.key());
        }
      }
      return new ScanPage(keys, 0);
    }

    private boolean expired(Entry e) {
      return e.volatileKey() && !e.provisional() && e.expireAt() < clockMs;
    }

    private void anchorAndSweep(long delta) {
      Iterator<String> it = volatileKeys.iterator();
      while (it.hasNext()) {
        String k = it.next();
        Entry e = entries.get(k);
        if (e.provisional()) {
          entries.put(k, new Entry(e.value(), e.expireAt() + delta, false, e.version()));
        } else if (expired(e)) {
          it.remove();
          entries.remove(k);
          bury(k, e);
          unmeter(k, e);
          scanOrder.remove(ScanKey.of(k));
        }
      }
    }
  }

  /** A page of SCAN. */
  public record ScanPage(List<String> keys, long cursor) {}

  /** A key at its scan position: a positive 63-bit hash, ties broken by the key. */
  record ScanKey(long hash, String key) implements Comparable<ScanKey> {
    static ScanKey of(String key) {
      long h = 0xcbf29ce484222325L;
      for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      h ^= h >>> 31;
      h &= Long.MAX_VALUE;
      return new ScanKey(h == 0 ? 1 : h, key);
    }

    @Override
    public int compareTo(ScanKey o) {
      int c = Long.compare(hash, o.hash);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }
}
