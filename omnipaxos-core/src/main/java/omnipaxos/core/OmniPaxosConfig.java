package omnipaxos.core;

import java.util.Objects;
import omnipaxos.core.storage.Storage;

/** The whole configuration of one node: the cluster it belongs to and its own settings. */
public record OmniPaxosConfig(ClusterConfig cluster, ServerConfig server) {

  public OmniPaxosConfig {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(server, "server");
  }

  /**
   * Checks both parts and that they fit together.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  public void validate() {
    cluster.validate();
    server.validate();
    if (!cluster.contains(server.pid())) {
      throw new InvalidConfigException(
          "own pid " + server.pid() + " is not among the cluster's nodes " + cluster.nodes());
    }
  }

  /**
   * Validates this configuration and builds a node on {@code storage}. If the storage holds state
   * from an earlier run the node recovers from it.
   */
  public <T, S> OmniPaxos<T, S> build(Storage<T, S> storage, Snapshotter<T, S> snapshotter) {
    validate();
    return new OmniPaxos<>(this, storage, snapshotter);
  }

  /** Builds a node without snapshot support. */
  public <T> OmniPaxos<T, Void> build(Storage<T, Void> storage) {
    return build(storage, Snapshotter.disabled());
  }
}
