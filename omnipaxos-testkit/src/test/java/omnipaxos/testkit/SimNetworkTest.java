package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void cutsAreCountedAndStartANewEpoch() {
    SimNetwork n = new SimNetwork(LinkProfile.DEFAULT);
    assertThat(n.transmit(1, 2, random).fate()).isEqualTo(SimNetwork.Fate.SENT);
    assertThat(n.cut(1, 2)).isTrue();
    assertThat(n.cut(1, 2)).isFalse();
    assertThat(n.epoch(1, 2)).isEqualTo(1);
    assertThat(n.transmit(1, 2, random).fate()).isEqualTo(SimNetwork.Fate.CUT);
    assertThat(n.up(2, 1)).as("one direction only").isTrue();
    assertThat(n.restore(1, 2)).isFalse();
    assertThat(n.restore(1, 2)).isTrue();
    assertThat(n.up(1, 2)).isTrue();
    n.cut(1, 2);
    assertThat(n.epoch(1, 2)).isEqualTo(2);
    assertThat(n.healAll()).containsExactly(new Link(1, 2));
    assertThat(n.cutLinks()).isEmpty();
  }

  @Test
  void lossDuplicationAndDelaysFollowTheProfile() {
    SimNetwork n = new SimNetwork(new LinkProfile(new DelayDistribution.Uniform(3, 7), 0.2, 0.3));
    int lost = 0;
    int dup = 0;
    for (int i = 0; i < 10_000; i++) {
      SimNetwork.Transmission t = n.transmit(1, 2, random);
      if (t.fate() == SimNetwork.Fate.LOST) {
        lost++;
        continue;
      }
      if (t.delays().length == 2) {
        dup++;
      }
      for (long d : t.delays()) {
        assertThat(d).isBetween(3L, 7L);
      }
    }
    assertThat(lost).isBetween(1800, 2200);
    assertThat(dup).isBetween(2100, 2700);
  }

  @Test
  void lossBurstsLoseAtLeastHalf() {
    SimNetwork n = new SimNetwork(LinkProfile.DEFAULT);
    n.startBurst(1, 2);
    int lost = 0;
    for (int i = 0; i < 1000; i++) {
      if (n.transmit(1, 2, random).fate() == SimNetwork.Fate.LOST) {
        lost++;
      }
    }
    assertThat(lost).isBetween(400, 600);
    n.endBurst(1, 2);
    assertThat(n.transmit(1, 2, random).fate()).isEqualTo(SimNetwork.Fate.SENT);
  }

  @Test
  void longTailDelaysSometimesExceedTheBody() {
    DelayDistribution d = new DelayDistribution.LongTail(1, 5, 0.1, 50);
    int tail = 0;
    for (int i = 0; i < 10_000; i++) {
      long x = d.sample(random);
      assertThat(x).isBetween(1L, 50L);
      if (x > 5) {
        tail++;
      }
    }
    assertThat(tail).isBetween(800, 1200);
  }
}
