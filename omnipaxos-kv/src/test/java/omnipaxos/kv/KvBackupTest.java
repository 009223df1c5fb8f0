package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Backup and restore (servers in one JVM, RocksDB, real TCP): a backup taken from a running cluster while
 * writes go on, restored into a new cluster that serves every key acknowledged before the backup began
 * and refuses the servers of the old one; corrupt files, non-empty data directories and a cluster without
 * quorum answered with one line.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KvBackupTest {

  private static final long ELECTION_TIMEOUT_MS = 300;

  @TempDir
  Path dir;

  /** Running servers by name ("old1", "new2"). */
  private final Map<String, KvServer> servers = new LinkedHashMap<>();
  private final Map<String, Integer> clientPorts = new HashMap<>();
  private final Map<String, Integer> httpPorts = new HashMap<>();

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  private static Map<Long, InetSocketAddress> addresses() {
    Map<Long, InetSocketAddress> m = new HashMap<>();
    for (long pid = 1; pid <= 3; pid++) {
      m.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
    }
    return m;
  }

  private void start(String name, long pid, Map<Long, InetSocketAddress> nodes, KvServerConfig.Start how)
      throws InterruptedException {
    clientPorts.put(name, Ports.free());
    httpPorts.put(name, Ports.free());
    servers.put(name, KvServer.start(KvServerConfig.builder()
        .pid(pid)
        .nodes(nodes)
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(name)))
        .httpAddress(new InetSocketAddress("127.0.0.1", httpPorts.get(name)))
        .dataDir(dir.resolve(name))
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .snapshotEvery(200)
        .faultInjection(false)
        .readMode(ReadMode.LOG)
        .requestTimeoutMs(5_000)
        .start(how)
        .build()));
  }

  private Map<Long, InetSocketAddress> startOldCluster() throws InterruptedException {
    Map<Long, InetSocketAddress> old = addresses();
    for (long pid = 1; pid <= 3; pid++) {
      start("old" + pid, pid, old, KvServerConfig.Start.bootstrap(KvServerConfig.DEFAULT_CLUSTER_NAME));
    }
    return old;
  }

  private Jedis client(String name) {
    return new Jedis("127.0.0.1", clientPorts.get(name), 20_000);
  }

  private String address(String name) {
    return "127.0.0.1:" + clientPorts.get(name);
  }

  private static void await(String what, BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private void awaitServing(String name) throws InterruptedException {
    try (Jedis j = client(name)) {
      await(name + " to serve", () -> {
        try {
          return "OK".equals(j.set("probe-" + name, "1"));
        } catch (JedisDataException e) {
          return false;
        }
      });
    }
  }

  private static String nodes(Map<Long, InetSocketAddress> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + KvStartup.hostPort(e.getValue()))
        .collect(Collectors.joining(","));
  }

  private static Map<String, byte[]> binaryValues() {
    Random random = new Random(42);
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      byte[] v = new byte[1 + random.nextInt(3000)];
      random.nextBytes(v);
      values.put("bin" + i, v);
    }
    byte[] large = new byte[300_000];
    random.nextBytes(large);
    values.put("large", large);
    values.put("empty", new byte[0]);
    return values;
  }

  @Test
  void aBackupTakenWhileWritesGoOnRestoresIntoANewClusterThatRefusesTheOldOne() throws Exception {
    Map<Long, InetSocketAddress> old = startOldCluster();
    Map<String, byte[]> binary = binaryValues();
    String oldClusterId;
    try (Jedis j = client("old1")) {
      for (Map.Entry<String, byte[]> e : binary.entrySet()) {
        assertThat(j.set(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue())).isEqualTo("OK");
      }
      oldClusterId = KvCluster.info(j.info()).get("cluster_id");
    }
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stopWriting = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      try (Jedis j = client("old3")) {
        for (int i = 0; !stopWriting.get(); i++) {
          if ("OK".equals(j.set("w" + i, "v" + i))) {
            acknowledged.put("w" + i, "v" + i);
          }
        }
      }
    }, "writer");
    writer.start();
    await("some writes", () -> acknowledged.size() >= 50);
    Map<String, String> beforeBackup = Map.copyOf(acknowledged);
    Path file = dir.resolve("cluster.backup");
    String[] backup = InProcessCli.run("backup", "--address", address("old2"), "--to", file.toString(), "--chunk-bytes", "65536");
    await("writes after the backup", () -> acknowledged.size() >= beforeBackup.size() + 20);
    stopWriting.set(true);
    writer.join(30_000);
    assertThat(backup[0]).as(backup[2]).isEqualTo("0");
    assertThat(backup[1]).contains("backup of cluster " + oldClusterId);
    assertThat(backup[2]).doesNotContain("Exception");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    BackupFile.Contents contents = BackupFile.read(file);
    BackupFile header = contents.header();
    KvSnapshot state = KvCodecs.snapshots().decode(contents.state());
    assertThat(header.clusterId()).isEqualTo(oldClusterId);
    assertThat(header.configurationId()).isEqualTo(1);
    assertThat(header.keys()).isEqualTo(state.size());
    assertThat(backup[1]).contains("at position " + header.position() + " ");
    assertThat(header.position()).isGreaterThan(beforeBackup.size() + binary.size());

    // The new cluster: servers 1 and 2 on new addresses, server 3 where the old server 3 listens for now.
    Map<Long, InetSocketAddress> fresh = addresses();
    fresh.put(3L, old.get(3L));
    for (long pid = 1; pid <= 3; pid++) {
      String[] r = InProcessCli.run("restore", "--from", file.toString(), "--data-dir", dir.resolve("new" + pid).toString(),
          "--pid", Long.toString(pid), "--nodes", nodes(fresh));
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[1]).contains("position " + header.position());
    }
    String newClusterId = ClusterIdentity.read(dir.resolve("new1")).orElseThrow().clusterId();
    assertThat(newClusterId).isNotEqualTo(oldClusterId);
    for (long pid = 2; pid <= 3; pid++) {
      assertThat(ClusterIdentity.read(dir.resolve("new" + pid)).orElseThrow().clusterId()).isEqualTo(newClusterId);
    }
    start("new1", 1, fresh, KvServerConfig.Start.resume());
    start("new2", 2, fresh, KvServerConfig.Start.resume());
    awaitServing("new1");
    try (Jedis j = client("new2")) {
      assertThat(KvCluster.info(j.info()).get("cluster_id")).isEqualTo(newClusterId);
      for (Map.Entry<String, String> e : beforeBackup.entrySet()) {
        assertThat(j.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      for (Map.Entry<String, byte[]> e : binary.entrySet()) {
        assertThat(j.get(e.getKey().getBytes(StandardCharsets.UTF_8))).as(e.getKey()).isEqualTo(e.getValue());
      }
      for (Map.Entry<String, Keyspace.Entry> e : state.keyspace().db(0).entries()) {
        assertThat(j.get(e.getKey().getBytes(StandardCharsets.ISO_8859_1))).as(e.getKey())
            .isEqualTo(((KvValue.Str) e.getValue().value()).bytes());
      }
      assertThat(Long.parseLong(KvCluster.info(j.info()).get("keys"))).isGreaterThanOrEqualTo(state.size());
    }
    // The old server 3 refuses the new servers that dial it: the clusters refuse each other.
    HttpClient http = HttpClient.newHttpClient();
    await("the old server 3 to refuse the new cluster", () -> {
      try {
        String m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get("old3")
            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return m.lines().anyMatch(l -> l.startsWith("omnipaxos_connections_refused{pid=\"3\",reason=\"other_cluster\"}")
            && !l.endsWith(" 0.0"));
      } catch (Exception e) {
        return false;
      }
    });
    // Once the old cluster is gone, the new server 3 takes its address and serves the restored state.
    for (long pid = 1; pid <= 3; pid++) {
      servers.remove("old" + pid).close();
    }
    start("new3", 3, fresh, KvServerConfig.Start.resume());
    awaitServing("new3");
    try (Jedis j = client("new3")) {
      assertThat(j.get("large".getBytes(StandardCharsets.UTF_8))).isEqualTo(binary.get("large"));
      for (Map.Entry<String, String> e : beforeBackup.entrySet()) {
        assertThat(j.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  /** Writes a backup file of {@code data} by hand, as the backup command does. */
  private static void writeBackup(Path file, Map<String, byte[]> data) throws Exception {
    Keyspace keyspace = new Keyspace();
    data.forEach((k, v) -> keyspace.db(0).put(k, new KvValue.Str(v)));
    byte[] state = KvCodecs.canonicalSnapshots().encode(new KvSnapshot(keyspace));
    BackupFile header = new BackupFile("kv-0123456789abcdef", 1, 17, data.size(), state.length,
        BackupFile.newSha256().digest(state), System.currentTimeMillis());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header.writeHeader(out);
    out.write(state);
    out.write(BackupFile.newSha256().digest(out.toByteArray()));
    Files.write(file, out.toByteArray());
  }

  @Test
  void corruptOrTruncatedFilesAndNonEmptyDataDirectoriesAreRefusedWithOneLine() throws Exception {
    Path good = dir.resolve("good.backup");
    writeBackup(good, Map.of("a", "1".getBytes(StandardCharsets.UTF_8), "b", new byte[] {0, (byte) 255}));
    String members = "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003";
    byte[] bytes = Files.readAllBytes(good);

    byte[] flipped = bytes.clone();
    flipped[flipped.length - 40] ^= 1;
    Path corrupt = dir.resolve("corrupt.backup");
    Files.write(corrupt, flipped);
    assertRefused(InProcessCli.run("restore", "--from", corrupt.toString(), "--data-dir", dir.resolve("d1").toString(), "--pid",
        "1", "--nodes", members), "1", "checksum");
    assertThat(dir.resolve("d1")).doesNotExist();

    Path truncated = dir.resolve("truncated.backup");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
    assertRefused(InProcessCli.run("restore", "--from", truncated.toString(), "--data-dir", dir.resolve("d2").toString(), "--pid",
        "1", "--nodes", members), "1", "truncated");

    Path notBackup = dir.resolve("other.file");
    Files.writeString(notBackup, "hello");
    assertRefused(InProcessCli.run("restore", "--from", notBackup.toString(), "--data-dir", dir.resolve("d3").toString(), "--pid",
        "1", "--nodes", members), "1", "is not an omnipaxos-kv backup");
    assertRefused(InProcessCli.run("restore", "--from", dir.resolve("missing").toString(), "--data-dir",
        dir.resolve("d4").toString(), "--pid", "1", "--nodes", members), "1", "does not exist");

    Path used = Files.createDirectories(dir.resolve("used"));
    Files.writeString(used.resolve("something"), "x");
    assertRefused(InProcessCli.run("restore", "--from", good.toString(), "--data-dir", used.toString(), "--pid", "1", "--nodes",
        members), "2", "is not empty");
    assertRefused(InProcessCli.run("restore", "--from", good.toString(), "--data-dir", dir.resolve("d5").toString(), "--pid", "4",
        "--nodes", members), "2", "is not in --nodes");

    String[] ok = InProcessCli.run("restore", "--from", good.toString(), "--data-dir", dir.resolve("d6").toString(), "--pid", "1",
        "--nodes", members);
    assertThat(ok[0]).as(ok[2]).isEqualTo("0");
    assertRefused(InProcessCli.run("restore", "--from", good.toString(), "--data-dir", dir.resolve("d6").toString(), "--pid", "1",
        "--nodes", members), "2", "is not empty");
  }

  private static void assertRefused(String[] r, String exit, String message) {
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo(exit);
    assertThat(r[2]).contains(message).doesNotContain("Exception").startsWith("omnipaxos-kv: error: ");
    assertThat(r[2].strip().lines()).hasSize(1);
  }

  @Test
  void aBackupThroughAServerWithoutQuorumFailsInBoundedTime() throws Exception {
    startOldCluster();
    awaitServing("old1");
    servers.remove("old2").close();
    servers.remove("old3").close();
    Path file = dir.resolve("no-quorum.backup");
    long start = System.nanoTime();
    String[] r = InProcessCli.run("backup", "--address", address("old1"), "--to", file.toString());
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
    assertRefused(r, "1", "no backup taken");
    assertThat(r[2]).contains("quorum");
    assertThat(file).doesNotExist();
    assertRefused(InProcessCli.run("backup", "--address", address("old1"), "--to", dir.resolve("nowhere/x.backup").toString()),
        "2", "does not exist");
  }
}
