package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final Codec<Envelope<String>> codec = Envelope.codec(Codecs.utf8());

  @Test
  void anEnvelopeSurvivesTheRoundTripWithItsId() {
    Envelope<String> e = new Envelope<>(new EntryId(3, 0x1234_5678_9abcL, 42), "put a 1");
    assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    Envelope<String> anonymous = Envelope.anonymous("x");
    assertThat(codec.decode(codec.encode(anonymous))).isEqualTo(anonymous);
  }

  @Test
  void malformedBytesAreRejected() {
    byte[] good = codec.encode(new Envelope<>(new EntryId(1, 2, 3), "v"));
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 1))).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length + 1))).isInstanceOf(CodecException.class);
  }
}
