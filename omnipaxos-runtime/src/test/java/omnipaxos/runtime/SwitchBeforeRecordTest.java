package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.core.storage.MemoryConfigurationStore;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A continuing server runs the next configuration before it has recorded it (so that writes do not
 * wait for the state to be encoded and stored). If it crashes in between, it comes back in the sealed
 * configuration, decides the same stop sign again, and resumes the next configuration on the log it
 * had written there: nothing decided is lost.
 */
@Timeout(120)
class SwitchBeforeRecordTest {

  private static final List<Long> MEMBERS = List.of(1L, 2L, 3L);

  @Test
  void aServerThatCrashesBeforeRecordingTheNextConfigurationResumesIt() {
    try (ChainCluster c = new ChainCluster(64)) {
      MemoryConfigurationStore<String, List<String>> disk = c.store(1);
      GatedStore gated = new GatedStore(disk);
      c.startOn(1, MEMBERS, gated);
      c.start(2, MEMBERS);
      c.start(3, MEMBERS);
      long leader = c.awaitLeader(MEMBERS);
      List<String> written = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        written.add("old-" + i);
        Await.result(c.node(leader).appendDecided("old-" + i));
      }
      Await.result(c.node(leader).reconfigure(ReconfigurationRequest.with(MEMBERS)));
      Await.until("node 1 to run configuration 2 with its record not yet stored", () -> gated.waiting.get() == 1
          && c.node(1).membership().state() == Membership.State.MEMBER
          && c.node(1).membership().configuration().orElseThrow().configurationId() == 2);
      assertThat(disk.records()).extracting(ConfigurationRecord::configurationId).containsExactly(1);
      long other = leader == 1 ? 2 : leader;
      for (int i = 0; i < 30; i++) {
        written.add("new-" + i);
        Await.result(c.node(other).appendDecided("new-" + i));
      }
      Await.until("node 1 to decide the new entries",
          () -> c.state(1).size() == written.size());

      gated.crash();
      c.crash(1);
      assertThat(disk.records()).extracting(ConfigurationRecord::configurationId).containsExactly(1);

      c.startOn(1, MEMBERS, disk);
      Await.until("node 1 to come back in configuration 2", () -> c.node(1).membership().state()
          == Membership.State.MEMBER && c.node(1).membership().configuration().orElseThrow().configurationId() == 2);
      // It runs configuration 2 before it records it again, as the first time; the record follows.
      Await.until("node 1 to record configuration 2", () -> disk.records().size() == 2);
      assertThat(disk.records()).extracting(ConfigurationRecord::configurationId).containsExactly(1, 2);
      written.add("after");
      Await.result(c.node(1).appendDecided("after"));
      Await.until("node 1 to hold every decided entry, in order", () -> c.state(1).equals(written));
    }
  }

  /** A store whose configuration records wait until {@link #crash}, which makes them fail as a crash would. */
  private static final class GatedStore implements ConfigurationStore<String, List<String>> {
    private final ConfigurationStore<String, List<String>> disk;
    private final CountDownLatch crashed = new CountDownLatch(1);
    final AtomicInteger waiting = new AtomicInteger();

    GatedStore(ConfigurationStore<String, List<String>> disk) {
      this.disk = disk;
    }

    void crash() {
      crashed.countDown();
    }

    @Override
    public List<ConfigurationRecord> records() {
      return disk.records();
    }

    @Override
    public void append(ConfigurationRecord record, Optional<byte[]> startState) {
      if (disk.records().isEmpty()) {
        disk.append(record, startState);
        return;
      }
      waiting.incrementAndGet();
      try {
        crashed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new StorageException("the server crashed before it stored " + record);
    }

    @Override
    public Optional<byte[]> startState(int configurationId) {
      return disk.startState(configurationId);
    }

    @Override
    public Storage<String, List<String>> log(int configurationId) {
      return disk.log(configurationId);
    }

    @Override
    public void discard(int configurationId) {
      disk.discard(configurationId);
    }
  }
}
