package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's main job, with fewer writes. */
class KvDemoTest {

  @Test
  void demoSurvivesTheLeaderKillAndExitsZero() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int exit = new CommandLine(new KvDemo(new PrintStream(buf, true, StandardCharsets.UTF_8))).execute("--writes", "30");
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("Dashboard: http://127.0.0.1:", "is the new leader", "60 of 60 acknowledged writes readable",
        "every acknowledged write survived", "server 4 fetched the state from the others and takes part: yes");
  }
}
