package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.Jedis;

/**
 * The dashboard in a real browser (headless Chromium): a page served by one follower of a 3-server
 * cluster shows three servers and one leader, the decided index moving under writes, a cut link in
 * the connectivity matrix, after the leader is stopped that server down and another leader, and
 * after the other one is stopped too the serving server alone without a quorum.
 * Leaves a screenshot in {@code target/dashboard.png}, or where {@code -Ddashboard.screenshot} says
 * (the README's is {@code -Ddashboard.screenshot=../docs/dashboard.png}).
 */
class DashboardBrowserTest {

  /** Generous: the machine is shared and loaded; the waits poll and end as soon as the page shows it. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final Map<Long, InetSocketAddress> http = new HashMap<>();
  private ChromeDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    servers.values().forEach(KvServer::close);
  }

  private void startCluster() throws InterruptedException {
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
      http.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
    }
    for (long pid = 1; pid <= 3; pid++) {
      KvServerConfig c = KvServerConfig.builder()
          .pid(pid)
          .nodes(peers)
          .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
          .httpAddress(http.get(pid))
          .dataDir(dir.resolve("node" + pid))
          .electionTimeoutMs(300)
          .snapshotEvery(200)
          .faultInjection(true)
          .build();
      servers.put(pid, KvServer.start(c));
    }
  }

  @Test
  void thePageShowsTheClusterItsLinksItsProgressAndALeaderChange() throws Exception {
    browser = HeadlessChromium.start();
    startCluster();
    long leader = AgreedLeader.await(servers.keySet(), clientPorts);
    long page = leader == 1 ? 2 : 1;
    long other = 6 - leader - page;
    long cpuBefore = dashboardCpuNanos();
    long wallBefore = System.nanoTime();
    browser.get("http://127.0.0.1:" + http.get(page).getPort() + "/");

    waitFor("three servers up", () -> rows() == 3 && rowsWith("data-status", "up") == 3);
    waitFor("one leader, server " + leader, () -> rowsWith("data-role", "leader") == 1
        && attribute("#leader", "data-leader").equals(Long.toString(leader)));
    assertThat(text("#served-by")).isEqualTo(Long.toString(page));

    long before = decided(page);
    try (Jedis j = new Jedis("127.0.0.1", clientPorts.get(page), 10_000)) {
      for (int i = 0; i < 30; i++) {
        assertThat(j.set("key" + i, "value" + i)).isEqualTo("OK");
      }
    }
    waitFor("the decided index to move past " + before + " under writes", () -> decided(page) >= before + 30);

    admin(page, "CUT", Long.toString(other));
    waitFor("the cut link between " + page + " and " + other + " in the matrix",
        () -> cell(page, other).equals("silent") && cell(other, page).equals("silent"));
    assertThat(cell(page, leader)).isEqualTo("hears");
    admin(page, "HEAL");
    waitFor("the healed link", () -> cell(page, other).equals("hears") && cell(other, page).equals("hears"));

    long cpu = dashboardCpuNanos() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    System.out.printf("dashboard cost: its threads (sampling, peer fetches, HTTP, the stream) used %d ms of CPU"
        + " in %d ms with the page open, %.2f%% of one core per server%n", cpu / 1_000_000, wall / 1_000_000,
        100.0 * cpu / wall / 3);
    servers.remove(leader).close();
    waitFor("server " + leader + " shown down", () -> status(leader).equals("down"));
    waitFor("a new leader that both running servers follow", () -> {
      String l = attribute("#leader", "data-leader");
      return (l.equals(Long.toString(page)) || l.equals(Long.toString(other)))
          && rowsWith("data-role", "leader") == 1 && rowsWith("data-role", "follower") == 1;
    });
    waitFor("events listing the leader change", () -> count("#events li[data-kind=leader]") > 0);
    writeUntilTheChartShowsSeconds(page, 10);
    screenshot();

    servers.remove(other).close();
    waitFor("the serving server alone, without a quorum, and both others down", () -> status(other).equals("down")
        && status(leader).equals("down") && text("#servers tbody tr[data-pid='" + page + "'] td.quorum").equals("no")
        && attribute("#leader", "data-leader").equals("0"));
  }

  /** Writes and reads through {@code pid} until the chart shows writes in {@code points} seconds. */
  private void writeUntilTheChartShowsSeconds(long pid, int points) {
    long end = System.nanoTime() + PATIENCE.toNanos();
    try (Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 10_000)) {
      for (int i = 0; Integer.parseInt(attribute("#chart", "data-busy-points")) < points; i++) {
        assertThat(System.nanoTime() < end).as("the chart shows %d seconds of writes", points).isTrue();
        try {
          j.set("key" + (i % 1000), "value" + i);
          j.get("key" + (i % 1000));
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
          // A leader change can leave a write's fate unknown; the chart needs only some that succeed.
        }
      }
    }
  }

  /**
   * CPU time of the threads the dashboards work on, all three servers together: their own threads,
   * the HTTP servers' and the HTTP clients' (a measurement to print, not to assert on).
   */
  private static long dashboardCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().matches("kv-\\d+-(dashboard|dashboard-push|http)|HttpClient-.*")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private void admin(long pid, String... args) {
    try (Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 10_000)) {
      String[] all = new String[args.length + 1];
      all[0] = "OMNIPAXOS";
      System.arraycopy(args, 0, all, 1, args.length);
      Object reply = j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(all[0]),
          java.util.Arrays.copyOfRange(all, 1, all.length));
      assertThat(new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("OK");
    }
  }

  private void screenshot() throws java.io.IOException {
    Path to = Paths.get(System.getProperty("dashboard.screenshot", "target/dashboard.png"));
    Files.createDirectories(to.toAbsolutePath().getParent());
    Files.write(to, browser.getScreenshotAs(OutputType.BYTES));
  }

  // The page rebuilds its tables on every update: read it with one script call, never through
  // element references that the next update makes stale.

  private long count(String css) {
    return ((Number) browser.executeScript("return document.querySelectorAll(arguments[0]).length;", css))
        .longValue();
  }

  private String attribute(String css, String name) {
    Object v = browser.executeScript("var e = document.querySelector(arguments[0]);"
        + " return e && e.getAttribute(arguments[1]) !== null ? e.getAttribute(arguments[1]) : '';", css, name);
    return (String) v;
  }

  private String text(String css) {
    return (String) browser.executeScript("var e = document.querySelector(arguments[0]);"
        + " return e ? e.textContent : '';", css);
  }

  private long rows() {
    return count("#servers tbody tr");
  }

  private long rowsWith(String attribute, String value) {
    return count("#servers tbody tr[" + attribute + "='" + value + "']");
  }

  private String status(long pid) {
    return attribute("#servers tbody tr[data-pid='" + pid + "']", "data-status");
  }

  private long decided(long pid) {
    String t = text("#servers tbody tr[data-pid='" + pid + "'] td.decided");
    return t.matches("\\d+") ? Long.parseLong(t) : -1;
  }

  private String cell(long from, long to) {
    return attribute("#matrix td[data-from='" + from + "'][data-to='" + to + "']", "class");
  }

  private void waitFor(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, PATIENCE).withMessage(() -> "the page did not show " + what + "; it shows:\n"
            + text("main"))
        .until(d -> condition.getAsBoolean());
  }
}
