package omnipaxos.bench.jraft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import omnipaxos.bench.harness.BenchMain;
import omnipaxos.bench.harness.CellResult;
import omnipaxos.bench.harness.FailoverResult;
import omnipaxos.bench.harness.Plan;
import omnipaxos.bench.harness.Profile;
import omnipaxos.bench.harness.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that JRaft's side of the cluster benchmark works end to end with a few hundred writes per
 * setting and one leader kill. Measures nothing: no number is asserted beyond progress (writes that fail during a leader change on
 * a loaded machine are allowed).
 */
@Timeout(120)
class JRaftSmokeTest {

  @TempDir
  Path dir;

  @Test
  void runsTheSmokePlanInBothSettings() throws Exception {
    for (Setting s : Setting.values()) {
      List<CellResult> results = BenchMain.runCells(new JRaftSystem(), Plan.smoke(), s, dir);
      assertThat(results).singleElement().satisfies(r -> assertThat(r.samples()).isPositive());
    }
  }

  /** The tuned profile ({@code -Dbench.tuned=true}) starts, takes writes in both settings and is labelled. */
  @Test
  void runsTheSmokePlanTuned() throws Exception {
    for (Setting s : Setting.values()) {
      List<CellResult> results = BenchMain.runCells(new JRaftSystem(Profile.TUNED), Plan.smoke(), s, dir);
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.samples()).isPositive();
        assertThat(r.system()).endsWith("-tuned");
      });
    }
  }

  @Test
  void measuresAFailover() throws Exception {
    List<FailoverResult> results = BenchMain.runFailover(new JRaftSystem(), Plan.smoke(), dir);
    assertThat(results).singleElement().satisfies(r -> assertThat(r.millis()).isPositive());
  }
}
