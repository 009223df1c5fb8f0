package omnipaxos.core;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The membership of one configuration: its id, every node's pid (pids need not be contiguous) and
 * an optional flexible quorum. Without a flexible quorum both quorums are a majority.
 *
 * @param configurationId non-zero id; a reconfiguration must pick a larger one
 * @param nodes the pids of all members, each positive and distinct
 * @param flexibleQuorum read and write quorum sizes, or empty for majorities
 */
public record ClusterConfig(
    int configurationId, List<Long> nodes, Optional<FlexibleQuorum> flexibleQuorum) {

  public ClusterConfig {
    nodes = List.copyOf(nodes);
    flexibleQuorum = flexibleQuorum == null ? Optional.empty() : flexibleQuorum;
  }

  /** A configuration with majority quorums. */
  public static ClusterConfig of(int configurationId, List<Long> nodes) {
    return new ClusterConfig(configurationId, nodes, Optional.empty());
  }

  /** A configuration with the given read and write quorum sizes. */
  public static ClusterConfig flexible(int configurationId, List<Long> nodes, int read, int write) {
    return new ClusterConfig(configurationId, nodes, Optional.of(new FlexibleQuorum(read, write)));
  }

  /**
   * Checks the configuration on its own.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  public void validate() {
    if (configurationId == 0) {
      throw new InvalidConfigException("configuration id must be non-zero");
    }
    if (nodes.size() < 2) {
      throw new InvalidConfigException("a cluster needs more than one node, got " + nodes);
    }
    Set<Long> seen = new HashSet<>();
    for (long pid : nodes) {
      if (pid <= 0) {
        throw new InvalidConfigException("pids must be positive, got " + pid + " in " + nodes);
      }
      if (!seen.add(pid)) {
        throw new InvalidConfigException("pid " + pid + " appears twice in " + nodes);
      }
    }
    if (flexibleQuorum.isPresent()) {
      FlexibleQuorum q = flexibleQuorum.get();
      int n = nodes.size();
      if (q.readQuorumSize() < 2 || q.readQuorumSize() > n) {
        throw new InvalidConfigException(
            "read quorum " + q.readQuorumSize() + " must be in [2, " + n + "]");
      }
      if (q.writeQuorumSize() < 2 || q.writeQuorumSize() > n) {
        throw new InvalidConfigException(
            "write quorum " + q.writeQuorumSize() + " must be in [2, " + n + "]");
      }
      if (q.readQuorumSize() + q.writeQuorumSize() <= n) {
        throw new InvalidConfigException(
            "read quorum "
                + q.readQuorumSize()
                + " and write quorum "
                + q.writeQuorumSize()
                + " do not overlap in "
                + n
                + " nodes (need read + write > nodes)");
      }
      if (q.readQuorumSize() < q.writeQuorumSize()) {
        throw new InvalidConfigException("read quorum " + q.readQuorumSize()
            + " must be at least the write quorum " + q.writeQuorumSize());
      }
    }
  }

  /** Promises needed to finish the Prepare phase. */
  public int readQuorum() {
    return flexibleQuorum.map(FlexibleQuorum::readQuorumSize).orElse(nodes.size() / 2 + 1);
  }

  /** Acceptances needed to decide. */
  public int writeQuorum() {
    return flexibleQuorum.map(FlexibleQuorum::writeQuorumSize).orElse(nodes.size() / 2 + 1);
  }

  /** Whether {@code pid} is a member. */
  public boolean contains(long pid) {
    return nodes.contains(pid);
  }
}
