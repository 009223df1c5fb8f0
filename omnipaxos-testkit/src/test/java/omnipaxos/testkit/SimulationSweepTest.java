package omnipaxos.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The randomized sweep: {@value #CI_SEEDS} seeds per CI run. {@code -Dsim.seeds=N} runs N seeds,
 * {@code -Dsim.firstSeed=S} starts elsewhere, {@code -Dsim.seed=S} replays one seed with its whole
 * trace, {@code -Dsim.threads=T} sets the parallelism (default 2).
 */
class SimulationSweepTest {

  static final int CI_SEEDS = 4000;

  @Test
  void randomSeedsKeepSafetyLivenessAndLinearizability() {
    RandomRun.Shape shape = RandomRun.Shape.ci();
    String one = System.getProperty("sim.seed");
    if (one != null) {
      RandomRun.Report r = RandomRun.run(Long.parseLong(one), shape);
      System.out.println("seed " + one + " passed: " + r);
      return;
    }
    long seeds = Long.getLong("sim.seeds", CI_SEEDS);
    long first = Long.getLong("sim.firstSeed", 1);
    int threads = Integer.getInteger("sim.threads", 2);
    Sweep.Summary s = Sweep.run(first, seeds, threads, shape, Math.max(1, seeds / 10), System.out::println);
    System.out.println(s.format());
    for (Sweep.Kind k : s.kinds()) {
      StringWriter w = new StringWriter();
      k.example().printStackTrace(new PrintWriter(w));
      System.out.println("---- first seed " + k.firstSeed() + " of " + k.count() + " x " + k.kind() + " ----\n" + w);
    }
    assertThat(s.violations()).as(s.format()).isEmpty();
  }
}
