package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checked configurations are not vacuous: TLC finds behaviours in which entries are decided,
 * a second leader takes over, a stop sign is decided, a follower's log is compacted and a restarted
 * node accepts again (each as a violation of an invariant claiming it never happens).
 */
class VacuityTest {

  private final Tlc tlc = new Tlc();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "vacuity-decides, NeverDecides",
      "vacuity-decides-after-leader-change, NeverDecidesAfterLeaderChange",
      "vacuity-stop-sign-decided, NeverStopSignDecided",
      "vacuity-follower-compacted, NeverFollowerCompacted",
      "vacuity-recovers, NeverRecovers"})
  void tlcReachesTheBehaviour(String cfg, String invariant) {
    Tlc.Result r = tlc.check(cfg, "cfg/" + cfg + ".cfg", Duration.ofMinutes(10));
    System.out.println(r.summary());
    assertThat(r.violated()).as(r.output()).contains(invariant);
  }
}
