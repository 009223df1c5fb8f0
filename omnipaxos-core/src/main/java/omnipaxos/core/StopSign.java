package omnipaxos.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The last entry of a configuration's log. Once decided the log is sealed and the nodes of
 * {@code nextConfig} continue in a new OmniPaxos instance.
 *
 * @param nextConfig the configuration that follows
 * @param metadata opaque bytes for the application, or empty
 */
public record StopSign(ClusterConfig nextConfig, Optional<byte[]> metadata) {

  public StopSign {
    Objects.requireNonNull(nextConfig, "nextConfig");
    metadata = metadata == null ? Optional.empty() : metadata.map(byte[]::clone);
  }

  @Override
  public Optional<byte[]> metadata() {
    return metadata.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StopSign other)) {
      return false;
    }
    if (!nextConfig.equals(other.nextConfig)
        || metadata.isPresent() != other.metadata.isPresent()) {
      return false;
    }
    return metadata.isEmpty() || Arrays.equals(metadata.get(), other.metadata.get());
  }

  @Override
  public int hashCode() {
    return 31 * nextConfig.hashCode() + metadata.map(Arrays::hashCode).orElse(0);
  }

  @Override
  public String toString() {
    return "StopSign("
        + nextConfig
        + metadata.map(m -> ", metadata " + Arrays.toString(m)).orElse("")
        + ")";
  }
}
