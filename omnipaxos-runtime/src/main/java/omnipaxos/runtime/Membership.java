package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationRecord;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.migration.MigrationSink;

/**
 * Where a node stands among the configurations of its cluster, at one moment.
 *
 * @param state what the node does now
 * @param configuration the latest configuration the node knows, if any
 * @param history every configuration the node recorded, oldest first
 * @param migration the progress of the state migration under way, if any
 * @param bytesServed bytes of state this node served to others
 */
public record Membership(
    State state,
    Optional<ClusterConfig> configuration,
    List<ConfigurationRecord> history,
    Optional<MigrationSink.Progress> migration,
    long bytesServed) {

  public Membership {
    history = List.copyOf(history);
  }

  /** What a node does in its cluster. */
  public enum State {
    /** It runs the latest configuration it knows, as a member. */
    MEMBER,
    /** Its configuration ended and it is carrying its state over to the next one. */
    SWITCHING,
    /** It was added to a configuration and fetches the state at its start before it takes part. */
    CATCHING_UP,
    /** It knows no configuration it belongs to yet: it waits to be added. */
    WAITING,
    /** The latest configuration it knows does not include it. */
    REMOVED
  }
}
