package omnipaxos.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the service benchmark runs end to end on our service: three servers started as
 * processes (as {@code bench/run-service.sh} starts them, fsync on), a tiny closed loop of writes
 * and reads at 1 and 4 outstanding requests, the same at 4 with and without the dashboard open
 * ({@code page} mode), then the reports. Measures nothing.
 */
@Timeout(120)
class ServiceSmokeTest {

  private final List<Process> servers = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void stopServers() throws InterruptedException {
    servers.forEach(Process::destroy);
    for (Process p : servers) {
      p.waitFor();
    }
  }

  @Test
  void measuresOurServiceAndWritesTheReport() throws Exception {
    int[] peer = {freePort(), freePort(), freePort()};
    List<String> clients = new ArrayList<>();
    List<String> http = new ArrayList<>();
    String nodes = "1=127.0.0.1:" + peer[0] + ",2=127.0.0.1:" + peer[1] + ",3=127.0.0.1:" + peer[2];
    for (int pid = 1; pid <= 3; pid++) {
      String client = "127.0.0.1:" + freePort();
      clients.add(client);
      http.add("127.0.0.1:" + freePort());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      servers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "omnipaxos.kv.KvCli", "server",
          "--pid", Integer.toString(pid), "--bootstrap", "--nodes", nodes, "--client", client,
          "--data-dir", dir.resolve("kv-" + pid).toString(), "--read-mode", "log",
          "--http", http.get(pid - 1))
          .redirectErrorStream(true).redirectOutput(dir.resolve("kv-" + pid + ".log").toFile())
          .start());
    }
    List<Cell> cells = ServiceBenchMain.run("ours-log", clients, new int[] {1, 4},
        Duration.ofMillis(200), Duration.ofMillis(500), 100, dir.resolve("service.csv"));

    assertThat(cells).hasSize(4).allSatisfy(c -> assertThat(c.throughput()).isPositive());
    String md = ServiceReport.write(dir);
    assertThat(md).contains("| write | 4 |").contains("| read | 1 |");
    assertThat(Files.readString(dir.resolve("service.svg"))).startsWith("<svg")
        .contains("polyline");

    ServiceBenchMain.page("ours-log", clients, http, 1, 1, new int[] {4}, Duration.ofMillis(200),
        Duration.ofMillis(500), 100, dir.resolve("page.csv"));
    assertThat(Files.readAllLines(dir.resolve("page.csv"))).hasSize(5);
    assertThat(PageReport.write(dir)).contains("| write | 4 | 1 |", "| read | 4 | **mean** |");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
