package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TLC checks every invariant and property of the specification: exhaustively on the small CI
 * configuration, and by random simulation of long behaviours of the full model. The larger
 * configurations run only with {@code -Dtlc.large=true}.
 */
class ModelCheckTest {

  private final Tlc tlc = new Tlc();

  @Test
  void everyBehaviourOfTheCiConfigurationIsSafe() {
    Tlc.Result r = tlc.check("ci", "cfg/ci.cfg", Duration.ofMinutes(15));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }

  @Test
  void simulatedLongBehavioursOfTheFullModelAreSafe() {
    Tlc.Result r = tlc.simulate("ci-sim", "cfg/ci-sim.cfg", 1, 300, 60, Duration.ofMinutes(15));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }

  @Test
  void everyBehaviourOfTheLargeConfigurationIsSafe() {
    assumeTrue(Boolean.getBoolean("tlc.large"), "set -Dtlc.large=true to run the large configuration");
    Tlc.Result r = tlc.check("large", "cfg/large.cfg", 2, Duration.ofHours(24));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }

  @Test
  void everyBehaviourOfTheLargeCoreConfigurationIsSafe() {
    assumeTrue(Boolean.getBoolean("tlc.large"), "set -Dtlc.large=true to run the large configuration");
    Tlc.Result r = tlc.check("large-core", "cfg/large-core.cfg", 2, Duration.ofHours(24));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }

  @Test
  void longSimulationOfTheLargeModelIsSafe() {
    assumeTrue(Boolean.getBoolean("tlc.large"), "set -Dtlc.large=true to run the large configuration");
    Tlc.Result r = tlc.simulate("large-sim", "cfg/large-sim.cfg", 2, 20_000, 100, Duration.ofHours(24));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }
}
