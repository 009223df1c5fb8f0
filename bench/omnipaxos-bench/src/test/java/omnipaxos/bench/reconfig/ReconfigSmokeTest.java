package omnipaxos.bench.reconfig;

import static org.assertj.core.api.Assertions.assertThat;

import omnipaxos.bench.harness.ReconfigResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that the reconfiguration benchmark runs end to end with 1 MiB in the store. Measures nothing:
 * only that the new server caught up and that the old servers served at least the data written.
 */
@Timeout(60)
class ReconfigSmokeTest {

  @Test
  void replacesAServerWithOneMibInTheStore() throws Exception {
    ReconfigResult r = ReconfigMain.run(1);
    assertThat(r.catchUpMs()).isPositive();
    assertThat(r.totalBytes()).isGreaterThanOrEqualTo(1L << 20);
  }
}
