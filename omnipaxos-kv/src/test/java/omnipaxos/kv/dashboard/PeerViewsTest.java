package omnipaxos.kv.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import omnipaxos.transport.netty.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer that cannot be asked is listed as down or unknown, never left out. */
class PeerViewsTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void aPeerWithoutAnAddressIsUnknown() {
    PeerViews views = new PeerViews(executor);
    assertThat(views.entry(2, 0)).contains("\"pid\":2", "\"status\":\"unknown\"",
        "no HTTP address known");
  }

  @Test
  void aPeerThatRefusesConnectionsIsDown() throws IOException, InterruptedException {
    int port = FreePorts.next();
    PeerViews views = new PeerViews(executor);
    views.addresses(Map.of(2L, new InetSocketAddress("127.0.0.1", port)));
    views.refresh(2);
    while (views.entry(2, System.currentTimeMillis()).contains("no answer yet")) {
      Thread.onSpinWait();
    }
    assertThat(views.entry(2, System.currentTimeMillis())).contains("\"status\":\"down\"",
        "refuses connections");
  }
}
