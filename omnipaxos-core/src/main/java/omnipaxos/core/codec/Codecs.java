package omnipaxos.core.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Ready-made codecs for common entry and snapshot types. */
public final class Codecs {

  private Codecs() {}

  /** Byte arrays as they are. */
  public static Codec<byte[]> bytes() {
    return new Codec<>() {
      @Override
      public byte[] encode(byte[] value) {
        return value.clone();
      }

      @Override
      public byte[] decode(byte[] bytes) {
        return bytes.clone();
      }
    };
  }

  /** Strings as UTF-8; malformed UTF-8 is rejected. */
  public static Codec<String> utf8() {
    return new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        try {
          return StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
          throw new CodecException("not valid UTF-8", e);
        }
      }
    };
  }

  /** Longs as 8 big-endian bytes. */
  public static Codec<Long> longs() {
    return new Codec<>() {
      @Override
      public byte[] encode(Long value) {
        return new WireWriter(8).writeLong(value).toByteArray();
      }

      @Override
      public Long decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        long v = r.readLong();
        r.expectEnd();
        return v;
      }
    };
  }

  /** Lists, each element encoded with {@code element}. */
  public static <E> Codec<List<E>> list(Codec<E> element) {
    return new Codec<>() {
      @Override
      public byte[] encode(List<E> value) {
        WireWriter w = new WireWriter(16 * value.size() + 4);
        w.writeInt(value.size());
        for (E e : value) {
          w.writeBytes(element.encode(e));
        }
        return w.toByteArray();
      }

      @Override
      public List<E> decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int n = r.readCount(4);
        List<E> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(element.decode(r.readBytes()));
        }
        r.expectEnd();
        return out;
      }
    };
  }
}
