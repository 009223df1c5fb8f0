package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import omnipaxos.kv.command.ServerAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A cluster started without {@code --dashboard-peers}: every server announces its addresses
 * through the log, so one server's {@code /dashboard.json} shows all three up with their views.
 * Server 1 serves HTTP on the wildcard address and is found at the host of its {@code --nodes}
 * entry. A server restarted on another HTTP port is found there, and finds the others from the
 * state it recovered; a server that replaces another finds them from the state it fetched, and
 * the replaced server's announcement is dropped everywhere.
 */
class DashboardDiscoveryTest {

  /** Generous: the machine is shared and loaded; the waits poll and end as soon as it holds. */
  private static final long PATIENCE_MS = 60_000;

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peers = new TreeMap<>();
  private final Map<Long, Integer> clientPorts = new TreeMap<>();
  private final Map<Long, Integer> httpPorts = new TreeMap<>();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private KvServerConfig config(long pid, Map<Long, InetSocketAddress> nodes,
      KvServerConfig.Start start) {
    String host = pid == 1 ? "0.0.0.0" : "127.0.0.1";
    return KvServerConfig.builder()
        .pid(pid)
        .nodes(nodes)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .httpAddress(new InetSocketAddress(host, httpPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(300)
        .snapshotEvery(200)
        .faultInjection(false)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS)
        .start(start)
        .build();
  }

  private void start(long pid) throws InterruptedException {
    servers.put(pid, KvServer.start(config(pid, peers,
        KvServerConfig.Start.bootstrap(KvServerConfig.DEFAULT_CLUSTER_NAME))));
  }

  @Test
  void oneServersPageFindsTheWholeClusterThroughTheLog() throws Exception {
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
      httpPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
    AgreedLeader.await(servers.keySet(), clientPorts);
    awaitPage(2, Set.of(1L, 2L, 3L));
    assertThat(dashboard(1)).contains("\"http\":\"127.0.0.1:" + httpPorts.get(1L)
        + "\",\"client\"").doesNotContain("0.0.0.0", "0:0:0:0");
    assertThat(dashboard(2)).contains("{\"pid\":1,\"status\":\"up\",\"http\":\"127.0.0.1:"
        + httpPorts.get(1L) + "\"", "{\"pid\":3,\"status\":\"up\",\"http\":\"127.0.0.1:"
        + httpPorts.get(3L) + "\"");
    assertThat(servers.get(1L).announcedAddresses().get(1L)).isEqualTo(new ServerAddresses(
        "127.0.0.1:" + httpPorts.get(1L), "127.0.0.1:" + clientPorts.get(1L)));
    write(1, 300);

    servers.remove(3L).close();
    httpPorts.put(3L, Ports.free());
    start(3);
    awaitPage(3, Set.of(1L, 2L, 3L));
    await("server 1's page showing server 3 up at its new HTTP address", () -> dashboard(1)
        .contains("{\"pid\":3,\"status\":\"up\",\"http\":\"127.0.0.1:" + httpPorts.get(3L)
        + "\",\"view\":{\"pid\":3,"));

    replaceThreeWithFour();
    awaitPage(4, Set.of(1L, 2L, 4L));
    for (KvServer s : servers.values()) {
      await("server " + s.pid() + " dropping server 3's announcement",
          () -> s.announcedAddresses().keySet().equals(Set.of(1L, 2L, 4L)));
    }
  }

  private void replaceThreeWithFour() throws InterruptedException {
    servers.remove(3L).close();
    peers.put(4L, new InetSocketAddress("127.0.0.1", Ports.free()));
    clientPorts.put(4L, Ports.free());
    httpPorts.put(4L, Ports.free());
    InetSocketAddress asked = new InetSocketAddress("127.0.0.1", clientPorts.get(1L));
    servers.put(4L, KvServer.start(config(4, Map.of(),
        KvServerConfig.Start.join(asked, peers.get(4L)))));
    KvCluster.query(asked, "CLUSTER", "REPLACE", "3", "4", KvStartup.hostPort(peers.get(4L)));
  }

  private void write(long pid, int n) {
    try (Jedis j = new Jedis("127.0.0.1", clientPorts.get(pid), 10_000)) {
      for (int i = 0; i < n; i++) {
        assertThat(j.set("key" + i, "value" + i)).isEqualTo("OK");
      }
    }
  }

  /** Waits until {@code pid}'s page lists exactly {@code members}, each up with its view. */
  private void awaitPage(long pid, Set<Long> members) throws InterruptedException {
    await("server " + pid + "'s page showing " + members + " up", () -> {
      String json = dashboard(pid);
      Matcher m = Pattern.compile("\\{\"pid\":(\\d+),\"status\":\"(\\w+)\"[^{]*\"view\":\\{\"pid\":"
          + "(\\d+)").matcher(json);
      Set<Long> up = new java.util.TreeSet<>();
      while (m.find()) {
        if (m.group(2).equals("up") && m.group(1).equals(m.group(3))) {
          up.add(Long.parseLong(m.group(1)));
        }
      }
      return up.equals(members) && json.split("\\{\"pid\":\\d+,\"status\":").length
          == members.size() + 1;
    });
  }

  private String dashboard(long pid) {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(pid)
        + "/dashboard.json")).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE_MS * 1_000_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < end).as("waiting for %s", what).isTrue();
      Thread.sleep(100);
    }
  }
}
