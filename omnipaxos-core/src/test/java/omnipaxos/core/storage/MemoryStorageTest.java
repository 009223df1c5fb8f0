package omnipaxos.core.storage;

import java.util.List;

class MemoryStorageTest extends StorageContractTest {

  @Override
  protected Storage<String, List<String>> create() {
    return new MemoryStorage<>();
  }

  @Override
  protected Storage<String, List<String>> reopen(Storage<String, List<String>> s) {
    return s;
  }
}
