package omnipaxos.storage.rocksdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStorageTest extends StorageContractTest {

  @TempDir
  Path dir;

  private final List<RocksDbStorage<String, List<String>>> open = new ArrayList<>();
  private final Map<Storage<String, List<String>>, Path> dirs = new IdentityHashMap<>();

  @Override
  protected Storage<String, List<String>> create() {
    Path d = dir.resolve("db" + open.size());
    RocksDbStorage<String, List<String>> s = RocksDbStorage.open(d, Codecs.utf8(), Codecs.list(Codecs.utf8()));
    open.add(s);
    dirs.put(s, d);
    return s;
  }

  @Override
  protected Storage<String, List<String>> reopen(Storage<String, List<String>> s) {
    Path d = dirs.get(s);
    ((RocksDbStorage<String, List<String>>) s).close();
    RocksDbStorage<String, List<String>> r = RocksDbStorage.open(d, Codecs.utf8(), Codecs.list(Codecs.utf8()));
    open.add(r);
    dirs.put(r, d);
    return r;
  }

  @AfterEach
  void closeAll() {
    open.forEach(RocksDbStorage::close);
  }
}
