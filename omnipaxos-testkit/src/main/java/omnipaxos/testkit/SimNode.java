package omnipaxos.testkit;

import java.util.TreeMap;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.OmniPaxos;

/** One simulated server: its instances (one per configuration it joined), each on its own storage. */
final class SimNode<T, S> {

  /** The node's OmniPaxos instance of one configuration. */
  static final class Instance<T, S> {
    final ClusterConfig config;
    final SimStorage<T, S> storage = new SimStorage<>();
    /** Null while the node is down. */
    OmniPaxos<T, S> core;

    Instance(ClusterConfig config) {
      this.config = config;
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

  SimNode(long pid, long tickPeriodMs) {
    this.pid = pid;
    this.tickPeriodMs = tickPeriodMs;
  }

  /** The instance of the newest configuration the node joined. */
  Instance<T, S> active() {
    return instances.isEmpty() ? null : instances.lastEntry().getValue();
  }
}
