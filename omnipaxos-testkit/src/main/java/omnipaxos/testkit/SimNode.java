package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.OmniPaxos;

/**
 * One simulated server: its instances (one per configuration it joined), each on its own storage.
 */
final class SimNode<T, S> {

  /** The node's OmniPaxos instance of one configuration. */
  static final class Instance<T, S> {
    final ClusterConfig config;
    final SimStorage<T, S> storage = new SimStorage<>();
    /** Null while the node is down. */
    OmniPaxos<T, S> core;
    /** Ticks of {@link #core} since it was built (its timeouts count from there). */
    long ticks;
    /** How its election starts when first built; a restart starts as an ordinary peer. */
    ElectionStart electionStart;

    Instance(ClusterConfig config, ElectionStart electionStart) {
      this.config = config;
      this.electionStart = electionStart;
    }

    int configId() {
      return config.configurationId();
    }
  }

  final long pid;
  final long tickPeriodMs;
  final TreeMap<Integer, Instance<T, S>> instances = new TreeMap<>();
  boolean up = true;
  long incarnation;
  long ticks;
  boolean drainScheduled;
  boolean crashBeforeFlush;

  /**
   * Spec-trace events of the first configuration since the node last drained: action and arguments.
   */
  final List<String[]> specEvents = new ArrayList<>();

  SimNode(long pid, long tickPeriodMs) {
    this.pid = pid;
    this.tickPeriodMs = tickPeriodMs;
  }

  /** The instance of the newest configuration the node joined. */
  Instance<T, S> active() {
    return instances.isEmpty() ? null : instances.lastEntry().getValue();
  }
}
