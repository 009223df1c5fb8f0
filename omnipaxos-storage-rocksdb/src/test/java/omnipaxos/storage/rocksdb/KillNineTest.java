package omnipaxos.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments and checks, after each kill, that the storage
 * reopens with every acknowledged (flushed) entry, that transactions were all-or-nothing (the decided
 * index never exceeds the log, the snapshot always matches the compacted index) and that the next run
 * continues from there. {@code -Dcrash.runs=N} sets the number of kills (default 15).
 */
class KillNineTest {

  @TempDir
  Path dir;

  @Test
  void acknowledgedEntriesSurviveSigkill() throws Exception {
    int runs = Integer.getInteger("crash.runs", 15);
    Random random = new Random(Long.getLong("crash.seed", 42L));
    long lastAcked = -1;
    for (int run = 0; run < runs; run++) {
      int killAfter = 1 + random.nextInt(300);
      long acked = runAndKill(killAfter);
      if (acked >= 0) {
        lastAcked = Math.max(lastAcked, acked);
      }
      try (RocksDbStorage<String, List<String>> s = RocksDbStorage.open(dir.resolve("db"), Codecs.utf8(),
          Codecs.list(Codecs.utf8()))) {
        long compacted = s.compactedIdx();
        long end = compacted + s.logLen();
        assertThat(end).as("run %d: log end covers every acknowledged entry", run).isGreaterThan(lastAcked);
        assertThat(s.decidedIdx()).as("run %d: decided within the log", run).isLessThanOrEqualTo(end);
        assertThat(s.decidedIdx()).as("run %d: decided covers acknowledged", run).isGreaterThan(lastAcked);
        List<String> entries = s.entries(compacted, end);
        for (int i = 0; i < entries.size(); i++) {
          assertThat(entries.get(i)).isEqualTo("e" + (compacted + i));
        }
        if (compacted > 0) {
          assertThat(s.snapshot()).as("run %d: snapshot matches compacted index", run)
              .contains(List.of("upto" + compacted));
        }
      }
    }
    System.out.printf("KillNineTest: %d SIGKILLs, %d entries acknowledged, none lost%n", runs, lastAcked + 1);
  }

  /** Runs the writer until it acknowledged {@code killAfter} entries, then SIGKILLs it. @return last ack */
  private long runAndKill(int killAfter) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), dir.resolve("db").toString())
        .redirectErrorStream(true).start();
    long last = -1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      String line;
      while (seen < killAfter && (line = r.readLine()) != null) {
        if (line.startsWith("ack ")) {
          last = Long.parseLong(line.substring(4));
          seen++;
        } else {
          throw new AssertionError("writer said: " + line);
        }
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return last;
  }
}
