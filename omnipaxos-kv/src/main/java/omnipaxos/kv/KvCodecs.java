package omnipaxos.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/** Binary forms of {@link KvCommand} (for the log and the network) and {@link KvSnapshot}. */
public final class KvCodecs {

  private static final int PUT = 1;
  private static final int DELETE = 2;
  private static final int INCREMENT = 3;
  private static final int CAS = 4;
  private static final int GET = 5;
  private static final int EXISTS = 6;

  private KvCodecs() {}

  /** Keys are binary-safe strings: one char per byte. */
  static byte[] keyBytes(String key) {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String keyOf(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  public static Codec<KvCommand> commands() {
    return new Codec<>() {
      @Override
      public byte[] encode(KvCommand c) {
        WireWriter w = new WireWriter(32);
        if (c instanceof KvCommand.Put p) {
          w.writeByte(PUT).writeBytes(keyBytes(p.key())).writeBytes(p.value());
        } else if (c instanceof KvCommand.Delete d) {
          w.writeByte(DELETE);
          writeKeys(w, d.keys());
        } else if (c instanceof KvCommand.Increment i) {
          w.writeByte(INCREMENT).writeBytes(keyBytes(i.key())).writeLong(i.delta());
        } else if (c instanceof KvCommand.CompareAndSet s) {
          w.writeByte(CAS).writeBytes(keyBytes(s.key())).writeBoolean(s.expected().isPresent());
          s.expected().ifPresent(w::writeBytes);
          w.writeBytes(s.value());
        } else if (c instanceof KvCommand.Get g) {
          w.writeByte(GET).writeBytes(keyBytes(g.key()));
        } else if (c instanceof KvCommand.Exists e) {
          w.writeByte(EXISTS);
          writeKeys(w, e.keys());
        } else {
          throw new IllegalArgumentException("unknown command " + c);
        }
        return w.toByteArray();
      }

      @Override
      public KvCommand decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int kind = r.readByte();
        KvCommand c;
        switch (kind) {
          case PUT -> c = new KvCommand.Put(keyOf(r.readBytes()), r.readBytes());
          case DELETE -> c = new KvCommand.Delete(readKeys(r));
          case INCREMENT -> c = new KvCommand.Increment(keyOf(r.readBytes()), r.readLong());
          case CAS -> {
            String key = keyOf(r.readBytes());
            Optional<byte[]> expected = r.readBoolean() ? Optional.of(r.readBytes()) : Optional.empty();
            c = new KvCommand.CompareAndSet(key, expected, r.readBytes());
          }
          case GET -> c = new KvCommand.Get(keyOf(r.readBytes()));
          case EXISTS -> c = new KvCommand.Exists(readKeys(r));
          default -> throw new CodecException("unknown key-value command kind " + kind);
        }
        r.expectEnd();
        return c;
      }
    };
  }

  /**
   * Snapshots in a canonical form: keys in order, so that equal states give equal bytes on every
   * server (what state migration and backups need: a new member fetches parts of one image from several
   * servers). Decodes like {@link #snapshots()}.
   */
  public static Codec<KvSnapshot> canonicalSnapshots() {
    Codec<KvSnapshot> plain = snapshots();
    return new Codec<>() {
      @Override
      public byte[] encode(KvSnapshot s) {
        String[] keys = s.data().keySet().toArray(String[]::new);
        java.util.Arrays.sort(keys);
        long size = 4;
        for (String k : keys) {
          size += 8L + k.length() + s.data().get(k).length;
        }
        WireWriter w = new WireWriter((int) Math.min(Integer.MAX_VALUE - 8, size));
        w.writeInt(keys.length);
        for (String k : keys) {
          w.writeBytes(keyBytes(k)).writeBytes(s.data().get(k));
        }
        return w.toByteArray();
      }

      @Override
      public KvSnapshot decode(byte[] bytes) {
        return plain.decode(bytes);
      }
    };
  }

  public static Codec<KvSnapshot> snapshots() {
    return new Codec<>() {
      @Override
      public byte[] encode(KvSnapshot s) {
        WireWriter w = new WireWriter(64);
        w.writeInt(s.data().size());
        for (Map.Entry<String, byte[]> e : s.data().entrySet()) {
          w.writeBytes(keyBytes(e.getKey())).writeBytes(e.getValue());
        }
        return w.toByteArray();
      }

      @Override
      public KvSnapshot decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int n = r.readCount(8);
        Map<String, byte[]> data = new HashMap<>();
        for (int i = 0; i < n; i++) {
          data.put(keyOf(r.readBytes()), r.readBytes());
        }
        r.expectEnd();
        return new KvSnapshot(data);
      }
    };
  }

  private static void writeKeys(WireWriter w, List<String> keys) {
    w.writeInt(keys.size());
    for (String k : keys) {
      w.writeBytes(keyBytes(k));
    }
  }

  private static List<String> readKeys(WireReader r) {
    int n = r.readCount(4);
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(keyOf(r.readBytes()));
    }
    return keys;
  }
}
