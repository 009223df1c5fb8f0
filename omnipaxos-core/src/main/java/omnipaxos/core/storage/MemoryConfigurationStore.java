package omnipaxos.core.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ConfigurationStore} in memory, on {@link MemoryStorage}: for tests and for nodes whose
 * state need not survive the process. Used from one thread at a time, as the interface says.
 */
public final class MemoryConfigurationStore<T, S> implements ConfigurationStore<T, S> {

  private final List<ConfigurationRecord> records = new ArrayList<>();
  private final Map<Integer, byte[]> startStates = new HashMap<>();
  private final Map<Integer, MemoryStorage<T, S>> logs = new HashMap<>();

  @Override
  public List<ConfigurationRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void append(ConfigurationRecord record, Optional<byte[]> startState) {
    if (!records.isEmpty()
        && records.get(records.size() - 1).configurationId() >= record.configurationId()) {
      throw new IllegalArgumentException(
          record + " does not follow " + records.get(records.size() - 1));
    }
    records.add(record);
    startState.ifPresent(s -> startStates.put(record.configurationId(), s.clone()));
  }

  @Override
  public Optional<byte[]> startState(int configurationId) {
    return Optional.ofNullable(startStates.get(configurationId)).map(byte[]::clone);
  }

  @Override
  public Storage<T, S> log(int configurationId) {
    return logs.computeIfAbsent(configurationId, id -> new MemoryStorage<>());
  }

  @Override
  public void discard(int configurationId) {
    logs.remove(configurationId);
    startStates.remove(configurationId);
  }
}
