package omnipaxos.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.kv.command.KvValue;
import omnipaxos.kv.command.lists.Elements;
import omnipaxos.kv.command.zsets.ScoredSet;

/**
 * The binary form of one {@link KvValue} in a snapshot: a type tag, then the value. A string is its
 * bytes; a hash is whether Redis would keep it as a listpack, the field count and (field, value)
 * pairs in order; a set is whether it is an intset, the member count and the members in order; a
 * list its length and elements; a sorted set whether it is compact, its size and (member, score)
 * in order. The compact-encoding flags travel too, since they decide the order replies list
 * elements in, which every replica must agree on.
 */
final class KvValueCodec {

  private static final int STRING = 1;
  /** A list: its length, then each element. */
  private static final int LIST = 3;
  /** A sorted set: whether compact, its size, then (member, score's IEEE bits) in order. */
  private static final int ZSET = 5;
  private static final int HASH = 'h';
  private static final int SET = 's';

  private KvValueCodec() {}

  static void write(WireWriter w, KvValue value) {
    if (value instanceof KvValue.Str s) {
      w.writeByte(STRING).writeBytes(s.bytes());
    } else if (value instanceof KvValue.Hash h) {
      w.writeByte(HASH).writeBoolean(h.listpack()).writeInt(h.size());
      for (Map.Entry<String, byte[]> e : h.fields().entrySet()) {
        w.writeBytes(bytes(e.getKey())).writeBytes(e.getValue());
      }
    } else if (value instanceof KvValue.Set s) {
      w.writeByte(SET).writeBoolean(s.intset()).writeInt(s.size());
      for (String m : s.members()) {
        w.writeBytes(bytes(m));
      }
    } else if (value instanceof KvValue.ListValue list) {
      w.writeByte(LIST).writeInt(list.elements().size());
      list.elements().toList().forEach(w::writeBytes);
    } else if (value instanceof KvValue.ZSetValue zset) {
      w.writeByte(ZSET).writeBoolean(zset.set().compact()).writeInt(zset.set().size());
      for (ScoredSet.Scored m : zset.set().ordered(false)) {
        w.writeBytes(bytes(m.member())).writeLong(Double.doubleToLongBits(m.score()));
      }
    } else {
      throw new IllegalStateException("no snapshot form for " + value.typeName());
    }
  }

  static KvValue read(WireReader r) {
    int type = r.readByte();
    switch (type) {
      case STRING -> {
        return new KvValue.Str(r.readBytes());
      }
      case HASH -> {
        KvValue.Hash h = new KvValue.Hash(r.readBoolean());
        int n = r.readCount(8);
        for (int i = 0; i < n; i++) {
          h.put(string(r.readBytes()), r.readBytes());
        }
        return h;
      }
      case SET -> {
        KvValue.Set s = new KvValue.Set(r.readBoolean());
        int n = r.readCount(4);
        for (int i = 0; i < n; i++) {
          s.add(string(r.readBytes()));
        }
        return s;
      }
      case LIST -> {
        int n = r.readCount(4);
        List<byte[]> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          elements.add(r.readBytes());
        }
        return new KvValue.ListValue(Elements.of(elements));
      }
      case ZSET -> {
        return readZset(r);
      }
      default -> throw new CodecException("unknown value type " + type);
    }
  }

  private static KvValue readZset(WireReader r) {
    ScoredSet set = new ScoredSet(r.readBoolean());
    int n = r.readCount(12);
    for (int i = 0; i < n; i++) {
      String member = string(r.readBytes());
      double score = Double.longBitsToDouble(r.readLong());
      if (Double.isNaN(score)) {
        throw new CodecException("NaN score");
      }
      set.put(member, score);
    }
    return new KvValue.ZSetValue(set);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
