package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Three key-value servers in one JVM: {@code /health} and INFO say whether a write could be decided
 * now, and without a quorum every command is answered within the request time-out with an error that
 * says what became of it.
 */
class KvAvailabilityTest {

  private static final long ELECTION_TIMEOUT_MS = 300;
  /** Generous room above the documented bound for a loaded two-core machine. */
  private static final long SLACK_MS = 3_000;

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, InetSocketAddress> peerAddresses = new HashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final Map<Long, Integer> httpPorts = new HashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private void assignPorts() {
    for (long pid = 1; pid <= 3; pid++) {
      peerAddresses.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
      httpPorts.put(pid, Ports.free());
    }
  }

  private void start(long pid) throws InterruptedException {
    KvServerConfig c = KvServerConfig.builder()
        .pid(pid)
        .nodes(peerAddresses)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
        .httpAddress(new InetSocketAddress("127.0.0.1", httpPorts.get(pid)))
        .dataDir(dir.resolve("node" + pid))
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .snapshotEvery(200)
        .faultInjection(false)
        .build();
    servers.put(pid, KvServer.start(c));
  }

  private Jedis client(long pid) {
    return new Jedis("127.0.0.1", clientPorts.get(pid), 20_000);
  }

  private HttpResponse<String> health(long pid) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(pid) + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET /health of server " + pid + " failed", e);
    }
  }

  private static void await(String what, BooleanSupplier c, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + " not reached within " + max);
      }
      Thread.sleep(50);
    }
  }

  private static String infoHealth(Jedis j) {
    for (String line : j.info().split("\r\n")) {
      if (line.startsWith("health:")) {
        return line.substring(7);
      }
    }
    throw new AssertionError("no health line in INFO");
  }

  /** The error reply to {@code command}, and how long it took. */
  private record Timed(String error, long millis) {}

  private static Timed error(Runnable command) {
    long t0 = System.nanoTime();
    try {
      command.run();
    } catch (JedisDataException e) {
      return new Timed(e.getMessage(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
    throw new AssertionError("the command succeeded without a quorum");
  }

  @Test
  void healthFollowsTheQuorumAndCommandsWithoutOneAreAnsweredWithinTheRequestTimeout() throws Exception {
    assignPorts();
    for (long pid = 1; pid <= 3; pid++) {
      start(pid);
    }
    for (long pid = 1; pid <= 3; pid++) {
      long p = pid;
      await("server " + p + " healthy", () -> health(p).statusCode() == 200, Duration.ofSeconds(30));
      assertThat(health(p).body()).contains("\"pid\":" + p, "\"status\":\"up\"", "\"quorum\":true", "\"decidedIdx\":",
          "\"appliedIdx\":");
      try (Jedis j = client(p)) {
        assertThat(j.set("k" + p, "v" + p)).isEqualTo("OK");
        assertThat(j.get("k" + p)).isEqualTo("v" + p);
        await("INFO of server " + p + " healthy", () -> infoHealth(j).equals("up"), Duration.ofSeconds(30));
      }
    }

    servers.remove(2L).close();
    servers.remove(3L).close();
    await("the survivor unavailable", () -> health(1).statusCode() == 503, Duration.ofSeconds(30));
    String body = health(1).body();
    assertThat(body).contains("\"pid\":1", "\"status\":\"unavailable\"", "\"quorum\":false", "\"leader\":",
        "\"decidedIdx\":", "\"appliedIdx\":", "\"reason\":\"");
    // Right after the leader died its last messages are recent, so the reason may first blame its quorum.
    Pattern settled = Pattern.compile("\"reason\":\"(no leader heard within the election timeout \\(300 ms\\)"
        + "|leader 1 \\(this server\\) cannot reach a quorum)\"");
    await("the survivor's reason", () -> settled.matcher(health(1).body()).find(), Duration.ofSeconds(30));
    try (Jedis j = client(1)) {
      assertThat(infoHealth(j)).startsWith("unavailable (").endsWith(")");

      Timed set = error(() -> j.set("k1", "lost?"));
      assertThat(set.error()).isEqualTo("CLUSTERDOWN no quorum: nothing decided within "
          + KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS + " ms; the write may still be decided");
      assertThat(set.millis()).isLessThan(KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS + SLACK_MS);

      Timed get = error(() -> j.get("k1"));
      assertThat(get.error()).startsWith("CLUSTERDOWN no quorum: ").endsWith("; the read did nothing");
      assertThat(get.millis()).isLessThan(KvServerConfig.DEFAULT_REQUEST_TIMEOUT_MS + SLACK_MS);
    }

    start(2);
    start(3);
    for (long pid = 1; pid <= 3; pid++) {
      long p = pid;
      await("server " + p + " healthy again", () -> health(p).statusCode() == 200, Duration.ofSeconds(30));
    }
    try (Jedis j = client(1)) {
      assertThat(j.set("after", "healed")).isEqualTo("OK");
      assertThat(j.get("after")).isEqualTo("healed");
    }
  }

  @Test
  void aReadWithoutAQuorumIsAnsweredAtOnceOnceTheServerKnowsAndNothingIsEverHealthyAlone() throws Exception {
    assignPorts();
    start(1);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(6 * ELECTION_TIMEOUT_MS);
    while (System.nanoTime() < end) {
      HttpResponse<String> h = health(1);
      assertThat(h.statusCode()).as(h.body()).isEqualTo(503);
      assertThat(h.body()).contains("\"status\":\"unavailable\"", "\"reason\":\"");
      Thread.sleep(50);
    }
    try (Jedis j = client(1)) {
      await("reads answered at once", () -> {
        try {
          j.get("k");
          throw new AssertionError("a read succeeded without a quorum");
        } catch (JedisDataException e) {
          return e.getMessage().matches("CLUSTERDOWN no quorum: .* \\(for \\d+ ms\\); the read did nothing");
        }
      }, Duration.ofSeconds(30));
      assertThat(error(() -> j.set("k", "v")).error()).endsWith("; the write may still be decided");
    }
  }
}
