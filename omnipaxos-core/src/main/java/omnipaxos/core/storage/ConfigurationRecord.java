package omnipaxos.core.storage;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import omnipaxos.core.ClusterConfig;

/**
 * One configuration a node knows of: its membership, where its log starts among the positions
 * counted across configurations, and the application's metadata from the stop sign that started it.
 *
 * @param config the configuration
 * @param startPosition the position of its log's first entry: 0 for the first configuration, else
 *     the position of the previous configuration's stop sign plus one
 * @param metadata the stop sign's metadata (for the first configuration, what the node was
 *     bootstrapped with), or empty
 */
public record ConfigurationRecord(
    ClusterConfig config, long startPosition, Optional<byte[]> metadata) {

  public ConfigurationRecord {
    Objects.requireNonNull(config, "config");
    if (startPosition < 0) {
      throw new IllegalArgumentException("negative start position " + startPosition);
    }
    metadata = metadata == null ? Optional.empty() : metadata.map(byte[]::clone);
  }

  /** The configuration's id. */
  public int configurationId() {
    return config.configurationId();
  }

  @Override
  public Optional<byte[]> metadata() {
    return metadata.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigurationRecord r
        && config.equals(r.config)
        && startPosition == r.startPosition
        && metadata.isPresent() == r.metadata.isPresent()
        && (metadata.isEmpty() || Arrays.equals(metadata.get(), r.metadata.get()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, startPosition, metadata.map(Arrays::hashCode).orElse(0));
  }

  @Override
  public String toString() {
    return "configuration "
        + config.configurationId()
        + " "
        + config.nodes()
        + " from position "
        + startPosition;
  }
}
