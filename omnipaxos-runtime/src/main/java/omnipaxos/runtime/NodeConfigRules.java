package omnipaxos.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import omnipaxos.core.InvalidConfigException;

/** The rules a {@link NodeConfig} must keep; each broken rule is named by its own message. */
final class NodeConfigRules {

  private NodeConfigRules() {}

  /**
   * Checks every setting of {@code c}; {@code requirePeers} false allows no peers (a node that
   * waits to be added) and skips the checks of the core configuration.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  static void check(NodeConfig c, boolean requirePeers) {
    checkMembers(c.pid(), c.peers(), requirePeers);
    if (c.configurationId() <= 0) {
      throw new InvalidConfigException(
          "configuration id must be positive, got " + c.configurationId());
    }
    long tick = c.tickPeriodMs();
    positive("tickPeriodMs", tick);
    atLeastOneTick("electionTimeoutMs", c.electionTimeoutMs(), tick);
    atLeastOneTick("resendTimeoutMs", c.resendTimeoutMs(), tick);
    atLeastOneTick("batchFlushTimeoutMs", c.batchFlushTimeoutMs(), tick);
    positive("appendTimeoutMs", c.appendTimeoutMs());
    positive("channelCapacity", c.channelCapacity());
    positive("migrationChunkSize", c.migrationChunkSize());
    positive("migrationWindow", c.migrationWindow());
    if (c.leaseMs() < 0) {
      throw new InvalidConfigException(
          "leaseMs must not be negative (0 turns leases off), got " + c.leaseMs());
    }
    if (c.leaseMs() > 0) {
      atLeastOneTick("leaseMs", c.leaseMs(), tick);
    }
    if (ticks(c.electionTimeoutMs(), tick) > Integer.MAX_VALUE
        || ticks(c.resendTimeoutMs(), tick) > Integer.MAX_VALUE
        || ticks(c.batchFlushTimeoutMs(), tick) > Integer.MAX_VALUE
        || ticks(c.leaseMs(), tick) > Integer.MAX_VALUE) {
      throw new InvalidConfigException(
          "a timeout spans more than " + Integer.MAX_VALUE + " ticks of " + tick + " ms");
    }
    if (requirePeers) {
      c.toOmniPaxosConfig().validate();
    }
  }

  private static void checkMembers(long pid, List<Long> peers, boolean requirePeers) {
    if (pid <= 0) {
      throw new InvalidConfigException("pid must be positive, got " + pid + " (call setPid)");
    }
    if (requirePeers && peers.isEmpty()) {
      throw new InvalidConfigException(
          "node " + pid + " has no peers (call setPeers with the other members' pids)");
    }
    Set<Long> seen = new HashSet<>();
    for (long p : peers) {
      if (p <= 0) {
        throw new InvalidConfigException("peer pids must be positive, got " + p + " in " + peers);
      }
      if (p == pid) {
        throw new InvalidConfigException(
            "the peers " + peers + " must not contain the node's own pid " + pid);
      }
      if (!seen.add(p)) {
        throw new InvalidConfigException("peer " + p + " appears twice in " + peers);
      }
    }
  }

  /** {@code ms} in whole ticks of {@code tickPeriodMs}, rounded up. */
  static long ticks(long ms, long tickPeriodMs) {
    return tickPeriodMs <= 0 ? 0 : (ms + tickPeriodMs - 1) / tickPeriodMs;
  }

  private static void atLeastOneTick(String name, long ms, long tickPeriodMs) {
    if (ms < tickPeriodMs) {
      throw new InvalidConfigException(name + " (" + ms + " ms) must be at least the tick period ("
          + tickPeriodMs + " ms)");
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new InvalidConfigException(name + " must be positive, got " + value);
    }
  }
}
