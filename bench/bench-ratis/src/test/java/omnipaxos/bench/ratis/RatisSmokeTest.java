package omnipaxos.bench.ratis;

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
 * Proves that Ratis' side of the cluster benchmark works end to end with a few hundred writes and one
 * leader kill. Measures nothing: no number is asserted beyond progress (writes that fail during a leader change on
 * a loaded machine are allowed). The default profile runs only the memory setting here, to keep the
 * build short (Ratis servers are slow to start); its durable setting differs from it by one property,
 * the log implementation, and runs in {@code bench/run-all.sh}. The tuned profile runs both settings,
 * because its durable one adds a property of the segmented log (the write buffer).
 */
@Timeout(120)
class RatisSmokeTest {

  @TempDir
  Path dir;

  @Test
  void runsTheSmokePlanInMemory() throws Exception {
    List<CellResult> results = BenchMain.runCells(new RatisSystem(), Plan.smoke(), Setting.MEMORY, dir);
    assertThat(results).singleElement().satisfies(r -> assertThat(r.samples()).isPositive());
  }

  /** The tuned profile ({@code -Dbench.tuned=true}) starts, takes writes in both settings (the durable one adds the write buffer) and is labelled. */
  @Test
  void runsTheSmokePlanTuned() throws Exception {
    for (Setting s : Setting.values()) {
      List<CellResult> results = BenchMain.runCells(new RatisSystem(Profile.TUNED), Plan.smoke(), s, dir);
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.samples()).isPositive();
        assertThat(r.system()).endsWith("-tuned");
      });
    }
  }

  @Test
  void measuresAFailover() throws Exception {
    List<FailoverResult> results = BenchMain.runFailover(new RatisSystem(), Plan.smoke(), dir);
    assertThat(results).singleElement().satisfies(r -> assertThat(r.millis()).isPositive());
  }
}
