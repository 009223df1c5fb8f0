package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The seed's replacement with real processes and the real command line: server 3 of a 3-JVM cluster is
 * killed with SIGKILL, a new server 4 is started with {@code --join}, and {@code omnipaxos-kv cluster
 * replace 3 4=...} swaps them while clients write. Server 4 fetches the state and must hold every
 * acknowledged write, also after it is itself killed and restarted on its data directory.
 */
@Timeout(180)
class KvReplaceProcessTest {

  @TempDir
  Path dir;

  private final Map<Long, ServerProcess> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final AcknowledgedWrites writes = new AcknowledgedWrites(clientPorts);

  @AfterEach
  void stopAll() throws InterruptedException {
    for (ServerProcess s : servers.values()) {
      s.close();
    }
  }

  @Test
  void aKilledServerIsReplacedByANewProcessThatHoldsEveryAcknowledgedWrite() throws Exception {
    servers.putAll(ServerProcess.startCluster(3, dir, clientPorts));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int id = c;
      // Servers 1 and 2 only: 3 is killed, 4 comes later.
      Thread t = new Thread(() -> writes.write("r" + id, List.of(1L, 2L), 200 + id, running),
          "writer-" + c);
      t.start();
      writers.add(t);
    }
    Thread.sleep(800);
    servers.get(3L).kill();
    Thread.sleep(300);

    int listen4 = Ports.free();
    clientPorts.put(4L, Ports.free());
    ServerProcess four = ServerProcess.joining(4, "127.0.0.1:" + clientPorts.get(1L), "127.0.0.1:" + listen4,
        clientPorts.get(4L), dir.resolve("data4"), dir.resolve("server4.log"));
    servers.put(4L, four);
    four.start();
    int exit = KvCli.commandLine().execute("cluster", "replace", "3", "4=127.0.0.1:" + listen4,
        "--address", "127.0.0.1:" + clientPorts.get(2L));
    assertThat(exit).as("exit code of cluster replace").isZero();
    Thread.sleep(800);
    running.set(false);
    for (Thread t : writers) {
      t.join();
    }
    System.out.printf("KvReplaceProcessTest: %d writes acknowledged%n", writes.acknowledged().size());
    assertThat(writes.acknowledged()).hasSizeGreaterThan(20);
    for (long pid : List.of(1L, 2L, 4L)) {
      writes.assertHeldBy(pid);
    }

    four.kill();
    four.start();
    writes.assertHeldBy(4);
    try (Jedis j = writes.client(4)) {
      assertThat(j.set("after-restart", "yes")).isEqualTo("OK");
    }
    try (Jedis j = writes.client(1)) {
      assertThat(j.get("after-restart")).isEqualTo("yes");
    }
  }
}
