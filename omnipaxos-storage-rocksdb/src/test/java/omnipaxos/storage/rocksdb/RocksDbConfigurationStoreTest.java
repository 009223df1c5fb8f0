package omnipaxos.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbConfigurationStoreTest {

  @TempDir
  Path dir;

  private RocksDbConfigurationStore<String, List<String>> open() {
    return RocksDbConfigurationStore.open(dir, Codecs.utf8(), Codecs.list(Codecs.utf8()));
  }

  @Test
  void recordsStartStatesAndLogsSurviveAReopen() {
    ConfigurationRecord first = new ConfigurationRecord(ClusterConfig.of(1, List.of(1L, 2L, 3L)), 0,
        Optional.of(new byte[] {1}));
    ConfigurationRecord second = new ConfigurationRecord(ClusterConfig.of(2, List.of(1L, 2L, 4L)), 11, Optional.empty());
    try (var s = open()) {
      assertThat(s.records()).isEmpty();
      s.append(first, Optional.empty());
      s.log(1).writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("a", "b"))));
      s.log(1).flush();
      s.append(second, Optional.of(new byte[] {9, 8, 7}));
      s.log(2).writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("c"))));
      s.log(2).flush();
    }
    assertThat(RocksDbConfigurationStore.exists(dir)).isTrue();
    try (var s = open()) {
      assertThat(s.records()).containsExactly(first, second);
      assertThat(s.startState(1)).isEmpty();
      assertThat(s.startState(2)).hasValueSatisfying(b -> assertThat(b).containsExactly(9, 8, 7));
      assertThat(s.log(1).entries(0, 2)).containsExactly("a", "b");
      assertThat(s.log(2).entries(0, 1)).containsExactly("c");
      s.discard(1);
      assertThat(Files.exists(dir.resolve("log-1"))).isFalse();
      assertThat(s.records()).hasSize(2);
    }
  }

  @Test
  void aRecordMustFollowTheLastAndAStrayStateFileIsDropped() throws Exception {
    try (var s = open()) {
      s.append(new ConfigurationRecord(ClusterConfig.of(2, List.of(1L, 2L)), 0, Optional.empty()), Optional.empty());
      assertThatThrownBy(() -> s.append(new ConfigurationRecord(ClusterConfig.of(2, List.of(1L, 2L)), 5,
          Optional.empty()), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
    // A crash between writing a state file and the record list leaves a state no record names.
    Files.write(dir.resolve("start-3.state"), new byte[] {1, 2});
    Files.write(dir.resolve("configurations.tmp"), new byte[] {1, 2});
    try (var s = open()) {
      assertThat(s.startState(3)).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("start-3.state"))).isFalse();
    assertThat(Files.exists(dir.resolve("configurations.tmp"))).isFalse();
  }

  @Test
  void aDamagedListIsRefusedWithTheDirectoryNamed() throws Exception {
    try (var s = open()) {
      s.append(new ConfigurationRecord(ClusterConfig.of(1, List.of(1L, 2L)), 0, Optional.empty()), Optional.empty());
    }
    byte[] b = Files.readAllBytes(dir.resolve("configurations"));
    Files.write(dir.resolve("configurations"), java.util.Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(this::open).isInstanceOf(StorageException.class).hasMessageContaining(dir.toString())
        .hasMessageContaining("damaged");
  }
}
