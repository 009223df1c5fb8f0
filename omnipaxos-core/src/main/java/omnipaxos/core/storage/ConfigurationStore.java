package omnipaxos.core.storage;

import java.util.List;
import java.util.Optional;

/**
 * Where a node that continues across configurations keeps what it knows: the configurations it went
 * through ({@link ConfigurationRecord}s), the log of each configuration it runs, and the encoded
 * application state at the start of each configuration after the first (what new members migrate).
 * Used from one thread at a time.
 *
 * <p>Durability: {@link #append} must be atomic and durable when it returns: after a crash a node
 * sees the record and its start state together, or neither. A node resumes in its latest
 * configuration.
 */
public interface ConfigurationStore<T, S> {

  /** Every configuration recorded, oldest first; empty for a node that never ran. */
  List<ConfigurationRecord> records();

  /**
   * Records a configuration that follows every recorded one, with the encoded application state at
   * its start (empty for a first configuration, or when the application keeps no snapshots).
   */
  void append(ConfigurationRecord record, Optional<byte[]> startState);

  /** The encoded state at the start of configuration {@code configurationId}, if recorded. */
  Optional<byte[]> startState(int configurationId);

  /** The log storage of configuration {@code configurationId}, created empty on first use. */
  Storage<T, S> log(int configurationId);

  /**
   * Releases and deletes the log storage and the start state of configuration {@code
   * configurationId}, which the node no longer runs or serves (its record stays).
   */
  void discard(int configurationId);
}
