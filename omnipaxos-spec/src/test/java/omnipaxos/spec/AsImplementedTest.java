package omnipaxos.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The model of the core exactly as implemented, without the fixes of open core bugs (the
 * {@code Fixes} constant is empty). The other configurations model the core with those fixes.
 */
class AsImplementedTest {

  private final Tlc tlc = new Tlc();

  @Test
  @Disabled("core bug: a re-prepared follower applies a stale AcceptSync of its ballot and shortens its log")
  void theCoreAsImplementedIsSafe() {
    Tlc.Result r = tlc.check("as-implemented", "cfg/as-implemented.cfg", Duration.ofMinutes(15));
    System.out.println(r.summary());
    assertThat(r.noErrorFound()).as(r.output()).isTrue();
  }
}
