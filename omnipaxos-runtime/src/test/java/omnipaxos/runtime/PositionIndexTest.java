package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PositionIndexTest {

  @Test
  void behavesLikeAMapUnderRandomOperations() {
    PositionIndex<String> index = new PositionIndex<>();
    Map<Long, String> model = new HashMap<>();
    Random random = new Random(42);
    for (int step = 0; step < 200_000; step++) {
      long position = random.nextInt(step % 2 == 0 ? 64 : 5_000);
      int op = random.nextInt(3);
      if (op == 0) {
        String v = "v" + step;
        index.put(position, v);
        model.put(position, v);
      } else if (op == 1) {
        assertThat(index.remove(position)).isEqualTo(model.remove(position));
      } else {
        assertThat(index.get(position)).isEqualTo(model.get(position));
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Long, String> e : model.entrySet()) {
      assertThat(index.get(e.getKey())).isEqualTo(e.getValue());
    }
    long from = 100;
    long to = 2_000;
    assertThat(index.valuesIn(from, to)).containsExactlyInAnyOrderElementsOf(
        model.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() < to).map(Map.Entry::getValue).toList());
  }

  @Test
  void keepsPositionsThatCollideAfterRemovals() {
    PositionIndex<Long> index = new PositionIndex<>();
    for (long p = 0; p < 1_000; p++) {
      index.put(p * 1024, p);
    }
    for (long p = 0; p < 1_000; p += 2) {
      assertThat(index.remove(p * 1024)).isEqualTo(p);
    }
    for (long p = 0; p < 1_000; p++) {
      assertThat(index.get(p * 1024)).isEqualTo(p % 2 == 0 ? null : p);
    }
    assertThat(index.size()).isEqualTo(500);
  }
}
