package omnipaxos.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.ServerAddresses;

/**
 * Binary forms of {@link KvEntry} (for the log and the network) and {@link KvSnapshot}. Entries
 * of the six kinds written before the command table (put, delete, increment, compare-and-set, get,
 * exists) still decode, as the equivalent commands on database 0. A transaction is one entry.
 */
public final class KvCodecs {

  private static final int PUT = 1;
  private static final int DELETE = 2;
  private static final int INCREMENT = 3;
  private static final int CAS = 4;
  private static final int GET = 5;
  private static final int EXISTS = 6;
  private static final int INVOKE = 7;
  private static final int CLOCK = 8;
  private static final int TXN = 9;
  private static final int ANNOUNCE = 10;
  private static final int FORGET = 11;
  private static final int FENCE = 12;
  /** In place of the old format's key count (never negative) at the start of a snapshot. */
  private static final int SNAPSHOT_FORMAT_2 = -2;
  /** Format 2 with the servers' announced addresses: written only when some are announced. */
  private static final int SNAPSHOT_FORMAT_3 = -3;

  private KvCodecs() {}

  /** The codec of log entries. */
  public static Codec<KvEntry> entries() {
    return new Codec<>() {
      @Override
      public byte[] encode(KvEntry e) {
        WireWriter w = new WireWriter(32);
        if (e instanceof KvEntry.Invoke i) {
          w.writeByte(INVOKE);
          writeInvoke(w, i);
        } else if (e instanceof KvEntry.Txn t) {
          writeTxn(w.writeByte(TXN), t);
        } else if (e instanceof KvEntry.Announce a) {
          w.writeByte(ANNOUNCE).writeLong(a.pid());
          writeAddresses(w, a.addresses());
        } else if (e instanceof KvEntry.Forget f) {
          w.writeByte(FORGET).writeLong(f.pid());
        } else if (e instanceof KvEntry.Clock c) {
          w.writeByte(CLOCK).writeLong(c.timeMs());
        } else {
          w.writeByte(FENCE);
        }
        return w.toByteArray();
      }

      @Override
      public KvEntry decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int kind = r.readByte();
        KvEntry e = switch (kind) {
          case INVOKE -> readInvoke(r);
          case TXN -> readTxn(r);
          case CLOCK -> new KvEntry.Clock(r.readLong());
          case ANNOUNCE -> new KvEntry.Announce(r.readLong(), readAddresses(r));
          case FORGET -> new KvEntry.Forget(r.readLong());
          case FENCE -> new KvEntry.Fence();
          case PUT -> legacy(ascii("SET"), r.readBytes(), r.readBytes());
          case DELETE -> legacyKeys("DEL", r);
          case INCREMENT -> legacy(ascii("INCRBY"), r.readBytes(),
              ascii(Long.toString(r.readLong())));
          case CAS -> {
            byte[] key = r.readBytes();
            byte[] expected = r.readBoolean() ? r.readBytes() : null;
            byte[] value = r.readBytes();
            yield expected == null ? legacy(ascii("SETNX"), key, value)
                : legacy(ascii("CAS"), key, expected, value);
          }
          case GET -> legacy(ascii("GET"), r.readBytes());
          case EXISTS -> legacyKeys("EXISTS", r);
          default -> throw new CodecException("unknown key-value entry kind " + kind);
        };
        r.expectEnd();
        return e;
      }
    };
  }

  private static void writeInvoke(WireWriter w, KvEntry.Invoke i) {
    w.writeInt(i.db()).writeInt(i.args().size());
    i.args().forEach(w::writeBytes);
  }

  private static KvEntry.Invoke readInvoke(WireReader r) {
    int db = r.readInt();
    int n = r.readCount(4);
    List<byte[]> args = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      args.add(r.readBytes());
    }
    return new KvEntry.Invoke(db, args);
  }

  /** A transaction: its commands (each as an invoke), then its watched keys. */
  private static void writeTxn(WireWriter w, KvEntry.Txn t) {
    w.writeInt(t.commands().size());
    t.commands().forEach(i -> writeInvoke(w, i));
    w.writeInt(t.watches().size());
    for (KvEntry.Watch x : t.watches()) {
      w.writeInt(x.db()).writeBytes(x.key().getBytes(StandardCharsets.ISO_8859_1))
          .writeLong(x.version());
    }
  }

  private static KvEntry.Txn readTxn(WireReader r) {
    int n = r.readCount(8);
    List<KvEntry.Invoke> commands = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      commands.add(readInvoke(r));
    }
    int m = r.readCount(16);
    List<KvEntry.Watch> watches = new ArrayList<>(m);
    for (int k = 0; k < m; k++) {
      watches.add(new KvEntry.Watch(r.readInt(),
          new String(r.readBytes(), StandardCharsets.ISO_8859_1), r.readLong()));
    }
    return new KvEntry.Txn(commands, watches);
  }

  private static void writeAddresses(WireWriter w, ServerAddresses a) {
    w.writeBytes(a.http().getBytes(StandardCharsets.UTF_8))
        .writeBytes(a.client().getBytes(StandardCharsets.UTF_8));
  }

  private static ServerAddresses readAddresses(WireReader r) {
    return new ServerAddresses(new String(r.readBytes(), StandardCharsets.UTF_8),
        new String(r.readBytes(), StandardCharsets.UTF_8));
  }

  private static KvEntry legacy(byte[]... args) {
    return new KvEntry.Invoke(0, List.of(args));
  }

  private static KvEntry legacyKeys(String name, WireReader r) {
    int n = r.readCount(4);
    List<byte[]> args = new ArrayList<>(n + 1);
    args.add(ascii(name));
    for (int i = 0; i < n; i++) {
      args.add(r.readBytes());
    }
    return new KvEntry.Invoke(0, args);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Snapshots in a canonical form: databases and keys in order, so that equal states give equal
   * bytes on every server (what state migration and backups need). Format 2: the marker, clock,
   * position, then per non-empty database its number, key count and (key, value as {@link
   * KvValueCodec} writes it, expiry, provisional, version) per key; then, if some key was deleted
   * lately, per database with such keys its number, count and (key, version) per tombstone (what
   * WATCH compares with). Format 3, written instead when some server announced its addresses
   * ({@link KvEntry.Announce}): format 2 with its own marker, the tombstone section always there
   * (a count of 0 without tombstones), then the count and (pid, HTTP address, client address) of
   * each announcement in pid order. So a state without announcements has the bytes it had before
   * they existed. The old format (string keys and values of database 0) decodes, and so do format 2
   * snapshots of strings only.
   */
  public static Codec<KvSnapshot> canonicalSnapshots() {
    return new Codec<>() {
      @Override
      public byte[] encode(KvSnapshot s) {
        return s.canonicalBytes(this::encodeOnce);
      }

      private byte[] encodeOnce(KvSnapshot s) {
        Keyspace k = s.view();
        boolean announced = !k.announced().isEmpty();
        WireWriter w = new WireWriter(64);
        w.writeInt(announced ? SNAPSHOT_FORMAT_3 : SNAPSHOT_FORMAT_2).writeLong(k.clockMs())
            .writeLong(k.index());
        int nonEmpty = 0;
        for (int i = 0; i < Keyspace.DATABASES; i++) {
          nonEmpty += k.db(i).entryCount() == 0 ? 0 : 1;
        }
        w.writeInt(nonEmpty);
        for (int i = 0; i < Keyspace.DATABASES; i++) {
          Keyspace.Db db = k.db(i);
          if (db.entryCount() == 0) {
            continue;
          }
          w.writeInt(i).writeInt(db.entryCount());
          for (Map.Entry<String, Keyspace.Entry> e : db.entries()) {
            Keyspace.Entry v = e.getValue();
            w.writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            KvValueCodec.write(w, v.value());
            w.writeLong(v.expireAt()).writeBoolean(v.provisional()).writeLong(v.version());
          }
        }
        writeTombstones(w, k, announced);
        if (announced) {
          writeAnnounced(w, k);
        }
        return w.toByteArray();
      }

      @Override
      public KvSnapshot decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int first = r.readInt();
        Keyspace k = first == SNAPSHOT_FORMAT_2 || first == SNAPSHOT_FORMAT_3
            ? decodeV2(r, first == SNAPSHOT_FORMAT_3) : decodeV1(r, first);
        r.expectEnd();
        return KvSnapshot.adopting(k);
      }
    };
  }

  /** The snapshot codec (the canonical one). */
  public static Codec<KvSnapshot> snapshots() {
    return canonicalSnapshots();
  }

  private static Keyspace decodeV2(WireReader r, boolean v3) {
    Keyspace k = new Keyspace();
    long clock = r.readLong();
    long index = r.readLong();
    int dbs = r.readCount(8);
    for (int d = 0; d < dbs; d++) {
      int db = r.readInt();
      if (db < 0 || db >= Keyspace.DATABASES) {
        throw new CodecException("database " + db + " out of range");
      }
      int n = r.readCount(8);
      for (int i = 0; i < n; i++) {
        String key = new String(r.readBytes(), StandardCharsets.ISO_8859_1);
        KvValue value = KvValueCodec.read(r);
        k.db(db).restore(key,
            new Keyspace.Entry(value, r.readLong(), r.readBoolean(), r.readLong()));
      }
    }
    if (v3 || r.remaining() > 0) {
      readTombstones(r, k);
    }
    if (v3) {
      readAnnounced(r, k);
    }
    k.restore(clock, index);
    return k;
  }

  /** The tombstone section; left out when there are none unless {@code always}. */
  private static void writeTombstones(WireWriter w, Keyspace k, boolean always) {
    List<Integer> dbs = new ArrayList<>();
    for (int i = 0; i < Keyspace.DATABASES; i++) {
      if (!k.db(i).tombstones().isEmpty()) {
        dbs.add(i);
      }
    }
    if (dbs.isEmpty() && !always) {
      return;
    }
    w.writeInt(dbs.size());
    for (int i : dbs) {
      Map<String, Long> t = k.db(i).tombstones();
      w.writeInt(i).writeInt(t.size());
      t.forEach((key, version) -> w.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1))
          .writeLong(version));
    }
  }

  private static void readTombstones(WireReader r, Keyspace k) {
    int dbs = r.readCount(8);
    for (int d = 0; d < dbs; d++) {
      int db = r.readInt();
      if (db < 0 || db >= Keyspace.DATABASES) {
        throw new CodecException("database " + db + " out of range");
      }
      int n = r.readCount(12);
      for (int i = 0; i < n; i++) {
        k.db(db).restoreTombstone(new String(r.readBytes(), StandardCharsets.ISO_8859_1),
            r.readLong());
      }
    }
  }

  private static void writeAnnounced(WireWriter w, Keyspace k) {
    w.writeInt(k.announced().size());
    k.announced().forEach((pid, a) -> writeAddresses(w.writeLong(pid), a));
  }

  private static void readAnnounced(WireReader r, Keyspace k) {
    int n = r.readCount(16);
    for (int i = 0; i < n; i++) {
      k.announce(r.readLong(), readAddresses(r));
    }
  }

  private static Keyspace decodeV1(WireReader r, int n) {
    if (n < 0 || n > r.remaining() / 8) {
      throw new CodecException("bad key count " + n);
    }
    Keyspace k = new Keyspace();
    for (int i = 0; i < n; i++) {
      k.db(0).put(new String(r.readBytes(), StandardCharsets.ISO_8859_1),
          new KvValue.Str(r.readBytes()));
    }
    return k;
  }
}
