package omnipaxos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterDemoTest {

  @Test
  void demoElectsDecidesSurvivesLeaderCrash() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    boolean ok = new ClusterDemo(new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(out).isTrue();
    assertThat(out).contains("is elected leader", "takes over", "every decided entry survived");
  }
}
