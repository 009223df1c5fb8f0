package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a random server of a 3-JVM cluster with SIGKILL at a random moment, again and again, while
 * clients write; each killed server restarts on its RocksDB directory. Every write a client saw
 * acknowledged (decided and applied) must be readable on every server at the end.
 * {@code -Dkv.kills=N} sets the number of kills (default 5), {@code -Dkv.seed} the seed.
 */
class KvKillNineTest {

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
  void acknowledgedWritesSurviveRepeatedSigkills() throws Exception {
    int kills = Integer.getInteger("kv.kills", 5);
    Random random = new Random(Long.getLong("kv.seed", 11L));
    servers.putAll(ServerProcess.startCluster(3, dir, clientPorts));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int id = c;
      Thread t = new Thread(() -> writes.write("w" + id, List.of(1L, 2L, 3L), 100 + id, running),
          "writer-" + c);
      t.start();
      writers.add(t);
    }
    for (int k = 0; k < kills; k++) {
      Thread.sleep(300 + random.nextInt(1200));
      long victim = 1 + random.nextInt(3);
      servers.get(victim).kill();
      Thread.sleep(random.nextInt(500));
      servers.get(victim).start();
    }
    Thread.sleep(500);
    running.set(false);
    for (Thread t : writers) {
      t.join();
    }
    System.out.printf("KvKillNineTest: %d SIGKILLs, %d writes acknowledged%n", kills,
        writes.acknowledged().size());
    assertThat(writes.acknowledged()).hasSizeGreaterThan(10);
    for (long pid = 1; pid <= 3; pid++) {
      writes.assertHeldBy(pid);
    }
  }
}
