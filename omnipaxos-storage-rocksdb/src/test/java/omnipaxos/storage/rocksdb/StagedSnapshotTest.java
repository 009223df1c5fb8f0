package omnipaxos.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large snapshots staged into files of their own, and what survives reopening and damage. */
class StagedSnapshotTest {

  @TempDir
  Path dir;

  private RocksDbStorage<String, List<String>> open() {
    return RocksDbStorage.open(dir, Codecs.utf8(), Codecs.list(Codecs.utf8()));
  }

  private static List<String> big(String tag) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      s.add(tag + "-" + i + "-0123456789abcdef");
    }
    return s;
  }

  private static void set(RocksDbStorage<String, List<String>> s, long idx, List<String> snap) {
    s.writeAtomically(List.of(new StorageOp.Trim<>(idx),
        new StorageOp.SetSnapshot<>(Optional.ofNullable(snap))));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> f = Files.list(dir.resolve("snapshots"))) {
      return f.sorted().toList();
    }
  }

  @Test
  void aStagedSnapshotLivesInItsFileAndSurvivesReopening() throws IOException {
    List<String> first = big("a");
    try (RocksDbStorage<String, List<String>> s = open()) {
      s.writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("x", "y", "z"))));
      s.stageSnapshot(first);
      assertThat(files()).hasSize(1);
      set(s, 2, first);
      s.flush();
      assertThat(s.snapshot()).contains(first);
      assertThat(s.entries(2, 3)).containsExactly("z");
    }
    try (RocksDbStorage<String, List<String>> s = open()) {
      assertThat(s.snapshot()).contains(first);
      assertThat(s.compactedIdx()).isEqualTo(2);
      assertThat(files()).hasSize(1);
    }
  }

  @Test
  void theReplacedFileGoesOnlyOnceTheNewPointerIsSynced() throws IOException {
    List<String> first = big("a");
    List<String> second = big("b");
    try (RocksDbStorage<String, List<String>> s = open()) {
      s.writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("1", "2", "3", "4"))));
      s.stageSnapshot(first);
      set(s, 1, first);
      s.flush();
      Path firstFile = files().get(0);
      s.stageSnapshot(second);
      set(s, 3, second);
      // Not synced yet: a machine crash could bring the first pointer back, so its file stays.
      assertThat(files()).hasSize(2).contains(firstFile);
      s.flush();
      assertThat(files()).hasSize(1).doesNotContain(firstFile);
      assertThat(s.snapshot()).contains(second);
      set(s, 4, null);
      s.flush();
      assertThat(files()).isEmpty();
      assertThat(s.snapshot()).isEmpty();
    }
  }

  @Test
  void smallOrUnstagedSnapshotsAreStoredWithTheirWrite() throws IOException {
    try (RocksDbStorage<String, List<String>> s = open()) {
      s.writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("1", "2", "3"))));
      s.stageSnapshot(List.of("small"));
      assertThat(files()).isEmpty();
      List<String> notStaged = big("n");
      s.stageSnapshot(big("other"));
      set(s, 2, notStaged);
      s.flush();
      assertThat(s.snapshot()).contains(notStaged);
    }
    try (RocksDbStorage<String, List<String>> s = open()) {
      // The staged snapshot that was never set is removed when the storage opens.
      assertThat(files()).isEmpty();
      assertThat(s.snapshot()).hasValueSatisfying(v -> assertThat(v).hasSize(40_000));
    }
  }

  @Test
  void aDamagedSnapshotFileIsReportedNotDecoded() throws IOException {
    try (RocksDbStorage<String, List<String>> s = open()) {
      s.writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("1", "2"))));
      List<String> snap = big("d");
      s.stageSnapshot(snap);
      set(s, 1, snap);
      s.flush();
      Path f = files().get(0);
      byte[] bytes = Files.readAllBytes(f);
      bytes[bytes.length / 2] ^= 0x40;
      Files.write(f, bytes);
      assertThatThrownBy(s::snapshot).isInstanceOf(StorageException.class)
          .hasMessageContaining("is damaged");
    }
  }
}
