package omnipaxos.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import omnipaxos.core.FlexibleQuorum;

/**
 * A request to end the current configuration and continue with another node set. The next
 * configuration id is the current one plus one unless given.
 *
 * @param nodes every member of the next configuration
 * @param metadata opaque bytes for the application, carried in the stop sign
 * @param configurationId the next configuration's id, if not the current one plus one
 * @param flexibleQuorum the next configuration's quorum sizes, or empty for majorities
 */
public record ReconfigurationRequest(
    List<Long> nodes,
    Optional<byte[]> metadata,
    OptionalInt configurationId,
    Optional<FlexibleQuorum> flexibleQuorum) {

  public ReconfigurationRequest {
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    metadata = metadata == null ? Optional.empty() : metadata.map(byte[]::clone);
    configurationId = configurationId == null ? OptionalInt.empty() : configurationId;
    flexibleQuorum = flexibleQuorum == null ? Optional.empty() : flexibleQuorum;
  }

  /**
   * Move to {@code nodes}, with optional metadata, majority quorums and the next configuration id.
   */
  public static ReconfigurationRequest with(List<Long> nodes, Optional<byte[]> metadata) {
    return new ReconfigurationRequest(nodes, metadata, OptionalInt.empty(), Optional.empty());
  }

  /** Move to {@code nodes}, without metadata. */
  public static ReconfigurationRequest with(List<Long> nodes) {
    return with(nodes, Optional.empty());
  }

  /** This request with an explicit next configuration id. */
  public ReconfigurationRequest withConfigurationId(int id) {
    return new ReconfigurationRequest(nodes, metadata, OptionalInt.of(id), flexibleQuorum);
  }

  /** This request with flexible quorums in the next configuration. */
  public ReconfigurationRequest withFlexibleQuorum(int read, int write) {
    return new ReconfigurationRequest(
        nodes, metadata, configurationId, Optional.of(new FlexibleQuorum(read, write)));
  }

  @Override
  public Optional<byte[]> metadata() {
    return metadata.map(byte[]::clone);
  }
}
