package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis-py, Debian's {@code python3-redis} run by Debian's {@code /usr/bin/python3}, against a
 * three-server cluster of ours: the script {@code redis_py_check.py} beside this class writes and
 * reads strings and hashes across servers, pipelines, runs MULTI/EXEC through
 * {@code pipeline(transaction=True)}, meets a WATCH conflict and selects database 1. Fails, naming
 * {@code .ci/install-test-tools}, when python3 or its redis module is missing.
 */
class RedisPyClusterTest {

  private static final String PYTHON = "/usr/bin/python3";

  @TempDir
  Path dir;

  private final Map<Long, KvServer> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();

  @BeforeEach
  void startCluster() throws InterruptedException {
    Map<Long, InetSocketAddress> peers = new HashMap<>();
    for (long pid = 1; pid <= 3; pid++) {
      peers.put(pid, new InetSocketAddress("127.0.0.1", Ports.free()));
      clientPorts.put(pid, Ports.free());
    }
    for (long pid = 1; pid <= 3; pid++) {
      servers.put(pid, KvServer.start(KvServerConfig.builder()
          .pid(pid)
          .nodes(peers)
          .clientAddress(new InetSocketAddress("127.0.0.1", clientPorts.get(pid)))
          .electionTimeoutMs(300)
          .snapshotEvery(1000)
          .faultInjection(false)
          .readMode(ReadMode.LOG)
          .requestTimeoutMs(10_000)
          .build()));
    }
    AgreedLeader.await(List.of(1L, 2L, 3L), clientPorts);
  }

  @AfterEach
  void stop() {
    servers.values().forEach(KvServer::close);
  }

  @Test
  void redisPyScriptPassesAgainstTheCluster() throws Exception {
    Result probe = python(List.of(PYTHON, "-c", "import redis"));
    assertThat(probe.exit())
        .as("%s with Debian's python3-redis is needed (run .ci/install-test-tools): %s", PYTHON,
            probe.output())
        .isZero();
    Path script = dir.resolve("redis_py_check.py");
    try (InputStream in = RedisPyClusterTest.class.getResourceAsStream("redis_py_check.py")) {
      Files.copy(in, script);
    }
    Result r = python(List.of(PYTHON, script.toString(), "" + clientPorts.get(1L),
        "" + clientPorts.get(2L), "" + clientPorts.get(3L)));
    System.out.print(r.output());
    assertThat(r.exit()).as("redis_py_check.py: %s", r.output()).isZero();
    assertThat(r.output()).contains("checks passed");
  }

  private record Result(int exit, String output) {}

  /** Runs {@code command} (within 120 s), its output and errors together. */
  private Result python(List<String> command) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      throw new AssertionError(PYTHON + " is missing: run .ci/install-test-tools");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end within 120 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
