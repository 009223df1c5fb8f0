package omnipaxos.bench.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import omnipaxos.bench.harness.ReconfigResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that Ratis' side of the reconfiguration benchmark runs end to end with 1 MiB in the store.
 * Measures nothing: only that the new server caught up and that writes went on before the change.
 */
@Timeout(120)
class RatisReconfigSmokeTest {

  @TempDir
  Path dir;

  @Test
  void replacesAServerWithOneMibInTheStore() throws Exception {
    ReconfigResult r = RatisReconfigMain.run(1, dir);
    assertThat(r.catchUpMs()).isPositive();
    assertThat(r.before().throughput()).isPositive();
  }
}
