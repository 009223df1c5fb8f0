package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.core.storage.Storage;

/**
 * A {@link ConfigurationStore} in memory, on {@link MemoryStorage}: for tests and for nodes whose state
 * need not survive the process. Thread-safe.
 */
public final class MemoryConfigurationStore<T, S> implements ConfigurationStore<T, S> {

  private final List<ConfigurationRecord> records = new ArrayList<>();
  private final Map<Integer, byte[]> startStates = new HashMap<>();
  private final Map<Integer, MemoryStorage<T, S>> logs = new HashMap<>();

  @Override
  public synchronized List<ConfigurationRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized void append(ConfigurationRecord record, Optional<byte[]> startState) {
    if (!records.isEmpty() && records.get(records.size() - 1).configurationId() >= record.configurationId()) {
      throw new IllegalArgumentException(record + " does not follow " + records.get(records.size() - 1));
    }
    records.add(record);
    startState.ifPresent(s -> startStates.put(record.configurationId(), s.clone()));
  }

  @Override
  public synchronized Optional<byte[]> startState(int configurationId) {
    return Optional.ofNullable(startStates.get(configurationId)).map(byte[]::clone);
  }

  @Override
  public synchronized Storage<T, S> log(int configurationId) {
    return logs.computeIfAbsent(configurationId, id -> new MemoryStorage<>());
  }

  @Override
  public synchronized void discard(int configurationId) {
    logs.remove(configurationId);
    startStates.remove(configurationId);
  }
}
