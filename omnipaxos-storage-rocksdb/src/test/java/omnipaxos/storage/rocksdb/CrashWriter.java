package omnipaxos.storage.rocksdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.StorageOp;

/**
 * Child process of {@link KillNineTest}: recovers the storage in the given directory, then appends
 * entry "e{position}" and sets the decided index in one transaction, flushes every few writes and
 * prints "ack {position}" for every entry it flushed, compacting now and then, until it is killed.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (RocksDbStorage<String, List<String>> s = RocksDbStorage.open(dir, Codecs.utf8(), Codecs.list(Codecs.utf8()))) {
      long next = s.compactedIdx() + s.logLen();
      long acked = next;
      for (int i = 0; ; i++) {
        s.writeAtomically(List.of(new StorageOp.AppendEntries<>(List.of("e" + next)),
            new StorageOp.SetDecidedIdx<>(next + 1)));
        next++;
        if (i % 3 == 0) {
          s.flush();
          for (; acked < next; acked++) {
            System.out.println("ack " + acked);
          }
          System.out.flush();
        }
        if (i % 50 == 49) {
          long to = next - 10;
          s.writeAtomically(List.of(new StorageOp.Trim<>(to),
              new StorageOp.SetSnapshot<>(Optional.of(List.of("upto" + to)))));
        }
      }
    }
  }
}
