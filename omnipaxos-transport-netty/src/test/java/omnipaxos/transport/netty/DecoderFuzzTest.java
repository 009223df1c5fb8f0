package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import omnipaxos.core.Message;
import omnipaxos.core.codec.CodecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds random and mutated bytes to {@link MessageCodec} and to the Netty {@link FrameDecoder}: every
 * rejection must be a {@link CodecException} (wrapped by Netty in a {@link DecoderException}), never
 * another exception or a hang; whatever decodes must re-encode to the same bytes.
 */
@Timeout(60)
class DecoderFuzzTest {

  private static final int MAX_FRAME = 64 * 1024;

  private final MessageCodec<String, List<Long>> codec = MessageGen.codec();
  private final FrameCodec<String, List<Long>> frames = new FrameCodec<>(codec);

  @Test
  void messageCodecRejectsRandomBytesOnlyWithCodecException() {
    Random rnd = new Random(11);
    int decoded = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] bytes = new byte[rnd.nextInt(120)];
      rnd.nextBytes(bytes);
      if (bytes.length > 0 && rnd.nextBoolean()) {
        bytes[0] = (byte) MessageGen.KINDS[rnd.nextInt(MessageGen.KINDS.length)];
      }
      decoded += decodeMessage(bytes) ? 1 : 0;
    }
    assertThat(decoded).isLessThan(5000);
  }

  @Test
  void messageCodecRejectsMutatedEncodingsOnlyWithCodecException() {
    MessageGen gen = new MessageGen(12);
    Random rnd = gen.random();
    int rejected = 0;
    for (int i = 0; i < 20000; i++) {
      byte[] mutated = mutate(rnd, codec.encode(gen.next()));
      rejected += decodeMessage(mutated) ? 0 : 1;
    }
    assertThat(rejected).isGreaterThan(1000);
  }

  @Test
  void frameDecoderRejectsRandomStreamsOnlyWithCodecException() {
    Random rnd = new Random(13);
    for (int i = 0; i < 3000; i++) {
      byte[] stream = new byte[rnd.nextInt(300)];
      rnd.nextBytes(stream);
      if (stream.length >= 6 && rnd.nextBoolean()) {
        int len = rnd.nextInt(stream.length);
        stream[0] = 0;
        stream[1] = 0;
        stream[2] = (byte) (len >>> 8);
        stream[3] = (byte) len;
        stream[4] = (byte) (rnd.nextBoolean() ? FrameCodec.VERSION : rnd.nextInt(256));
        stream[5] = (byte) (1 + rnd.nextInt(3));
      }
      feedStream(rnd, stream);
    }
  }

  @Test
  void frameDecoderRejectsMutatedStreamsOnlyWithCodecException() {
    MessageGen gen = new MessageGen(14);
    Random rnd = gen.random();
    for (int i = 0; i < 5000; i++) {
      byte[] stream = mutate(rnd, validStream(gen));
      feedStream(rnd, stream);
    }
  }

  @Test
  void validStreamsDecodeWhateverTheChunking() {
    MessageGen gen = new MessageGen(15);
    Random rnd = gen.random();
    for (int i = 0; i < 500; i++) {
      byte[] stream = validStream(gen);
      List<Object> out = feedStream(rnd, stream);
      assertThat(out).isNotEmpty();
      assertThat(out.get(0)).isInstanceOf(Frame.Hello.class);
    }
  }

  /** Decodes one message; true if it decoded (then it must re-encode identically), false if rejected. */
  private boolean decodeMessage(byte[] bytes) {
    Message<String, List<Long>> m;
    try {
      m = codec.decode(bytes);
    } catch (CodecException e) {
      return false;
    } catch (Throwable t) {
      throw new AssertionError("non-codec exception for " + Arrays.toString(bytes), t);
    }
    assertThat(codec.encode(m)).isEqualTo(bytes);
    return true;
  }

  /** A handshake followed by a few batches and pings, as one byte stream. */
  private byte[] validStream(MessageGen gen) {
    Random rnd = gen.random();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FrameCodec.hello("fuzz", 1 + rnd.nextInt(5), 1 + rnd.nextInt(5), 1 + rnd.nextInt(5)));
    int n = rnd.nextInt(4);
    for (int f = 0; f < n; f++) {
      if (rnd.nextInt(4) == 0) {
        out.writeBytes(FrameCodec.ping());
        continue;
      }
      List<byte[]> batch = new ArrayList<>();
      int k = 1 + rnd.nextInt(4);
      for (int i = 0; i < k; i++) {
        batch.add(codec.encode(gen.next()));
      }
      out.writeBytes(FrameCodec.batch(batch));
    }
    return out.toByteArray();
  }

  /** Feeds a stream in random chunks to a fresh decoder, then ends it; returns the frames decoded. */
  private List<Object> feedStream(Random rnd, byte[] stream) {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder<>(frames, MAX_FRAME));
    List<Object> out = new ArrayList<>();
    boolean rejected = false;
    int pos = 0;
    while (pos < stream.length && !rejected) {
      int chunk = Math.min(stream.length - pos, 1 + rnd.nextInt(64));
      rejected = !write(ch, Arrays.copyOfRange(stream, pos, pos + chunk));
      pos += chunk;
      drain(ch, out);
    }
    try {
      ch.finish();
    } catch (DecoderException e) {
      assertCodecCause(e, stream);
    } catch (Throwable t) {
      throw new AssertionError("non-codec exception at end of stream " + Arrays.toString(stream), t);
    }
    drain(ch, out);
    for (Object o : out) {
      assertThat(o).isInstanceOf(Frame.class);
    }
    return out;
  }

  private static boolean write(EmbeddedChannel ch, byte[] chunk) {
    try {
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      return true;
    } catch (DecoderException e) {
      assertCodecCause(e, chunk);
      return false;
    } catch (Throwable t) {
      fail("non-codec exception for chunk " + Arrays.toString(chunk), t);
      return false;
    }
  }

  private static void drain(EmbeddedChannel ch, List<Object> out) {
    Object o;
    while ((o = ch.readInbound()) != null) {
      out.add(o);
    }
  }

  private static void assertCodecCause(DecoderException e, byte[] input) {
    if (!(e.getCause() instanceof CodecException)) {
      throw new AssertionError("decoder failed without a CodecException on " + Arrays.toString(input), e);
    }
  }

  /** One to three random edits: flip, overwrite with an extreme int, insert, delete, truncate, duplicate. */
  static byte[] mutate(Random rnd, byte[] input) {
    byte[] b = input;
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      if (b.length == 0) {
        return new byte[] {(byte) rnd.nextInt(256)};
      }
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(6)) {
        case 0:
          b = b.clone();
          b[at] ^= (byte) (1 << rnd.nextInt(8));
          break;
        case 1: {
          b = b.clone();
          int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1, 0x10000};
          int v = extremes[rnd.nextInt(extremes.length)];
          for (int i = 0; i < 4 && at + i < b.length; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
          }
          break;
        }
        case 2: {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) rnd.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
          break;
        }
        case 3: {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
          break;
        }
        case 4:
          b = Arrays.copyOf(b, at);
          break;
        default: {
          byte[] c = Arrays.copyOf(b, b.length + (b.length - at));
          System.arraycopy(b, at, c, b.length, b.length - at);
          b = c;
          break;
        }
      }
    }
    return b;
  }
}
