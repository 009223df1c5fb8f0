package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specification has teeth: for each invariant and property, a deliberately broken variant of the
 * model (a {@code Mutant} constant in the spec, or a wrong quorum size) that TLC must reject. Each
 * mutant checks only its target property, so the test shows that this property alone catches it.
 * The simulations use fixed seeds and one worker, so they are reproducible.
 */
class MutantTest {

  private final Tlc tlc = new Tlc();

  static Stream<Arguments> mutants() {
    return Stream.of(
        Arguments.of("mutant-max-promise-lowest", "Agreement", Tlc.INVARIANT_VIOLATED),
        Arguments.of("mutant-quorum-too-small", "Agreement", Tlc.INVARIANT_VIOLATED),
        Arguments.of("mutant-snapshot-placeholders", "Validity", Tlc.INVARIANT_VIOLATED),
        Arguments.of("mutant-sync-off-by-one", "Integrity", Tlc.PROPERTY_VIOLATED),
        Arguments.of("mutant-decided-regress", "DecidedMonotonic", Tlc.PROPERTY_VIOLATED),
        Arguments.of("mutant-append-after-stop-sign", "StopSignSafety", Tlc.INVARIANT_VIOLATED));
  }

  @ParameterizedTest(name = "{0} violates {1}")
  @MethodSource("mutants")
  void tlcRejectsTheMutant(String cfg, String property, int exitCode) {
    Tlc.Result r = tlc.simulate(cfg, "cfg/" + cfg + ".cfg", 1, 100_000, 40, Duration.ofMinutes(10));
    System.out.println(r.summary());
    assertThat(r.violated()).as(r.output()).contains(property);
    assertThat(r.exitCode()).isEqualTo(exitCode);
  }

  /**
   * The core before the fix of bug tla-1 (a follower applies a stale AcceptSync of the ballot it already
   * accepted): breadth-first, TLC finds the shortest counterexample, 11 steps.
   */
  @Test
  void tlcRejectsTheCoreBeforeTheStaleSyncFix() {
    Tlc.Result r = tlc.check("mutant-stale-sync", "cfg/mutant-stale-sync.cfg", Duration.ofMinutes(10));
    System.out.println(r.summary());
    assertThat(r.violated()).as(r.output()).contains("Validity");
    assertThat(r.exitCode()).isEqualTo(Tlc.INVARIANT_VIOLATED);
  }
}
