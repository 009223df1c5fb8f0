package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogOnceTest {

  private record Key(long pid, HandshakeRefusal reason) {}

  @Test
  void eachKeyIsFirstExactlyOnce() {
    LogOnce<Key> log = new LogOnce<>(16);
    assertThat(log.firstTime(new Key(7, HandshakeRefusal.OTHER_CLUSTER))).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(log.firstTime(new Key(7, HandshakeRefusal.OTHER_CLUSTER))).as("attempt %d", i).isFalse();
    }
    assertThat(log.firstTime(new Key(7, HandshakeRefusal.UNKNOWN_PEER))).as("another reason").isTrue();
    assertThat(log.firstTime(new Key(8, HandshakeRefusal.OTHER_CLUSTER))).as("another pid").isTrue();
    assertThat(log.firstTime(new Key(8, HandshakeRefusal.OTHER_CLUSTER))).isFalse();
  }

  @Test
  void onceFullNewKeysCountAsSeen() {
    LogOnce<Long> log = new LogOnce<>(3);
    assertThat(log.firstTime(1L)).isTrue();
    assertThat(log.firstTime(2L)).isTrue();
    assertThat(log.firstTime(3L)).isTrue();
    assertThat(log.firstTime(4L)).isFalse();
    assertThat(log.firstTime(1L)).isFalse();
    assertThatThrownBy(() -> new LogOnce<>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
