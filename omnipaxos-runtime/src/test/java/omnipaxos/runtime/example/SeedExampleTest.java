package omnipaxos.runtime.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SeedExampleTest {

  @Test
  @Timeout(120)
  void theSeedsExampleRuns() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    boolean ok = new SeedExample(new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
    String printed = buf.toString(StandardCharsets.UTF_8);
    System.out.print(printed);
    assertThat(ok).as(printed).isTrue();
    assertThat(printed).contains("reconfiguration decided").contains("every check held");
  }
}
