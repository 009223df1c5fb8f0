package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.storage.Storage;

/**
 * One configuration on the application's own {@link Storage}: how a single-configuration node is
 * kept.
 */
final class SingleConfigurationStore<T, S> implements ConfigurationStore<T, S> {

  private final ConfigurationRecord record;
  private final Storage<T, S> storage;

  SingleConfigurationStore(ConfigurationRecord record, Storage<T, S> storage) {
    this.record = record;
    this.storage = storage;
  }

  @Override
  public List<ConfigurationRecord> records() {
    return List.of(record);
  }

  @Override
  public void append(ConfigurationRecord r, Optional<byte[]> startState) {
    throw new UnsupportedOperationException(
        "a single-configuration node records no other configuration");
  }

  @Override
  public Optional<byte[]> startState(int configurationId) {
    return Optional.empty();
  }

  @Override
  public Storage<T, S> log(int configurationId) {
    return storage;
  }

  @Override
  public void discard(int configurationId) {
    // Nothing to discard: the application owns its storage.
  }
}
