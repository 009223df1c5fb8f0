package omnipaxos.bench.jmh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.storage.MemoryStorage;

/**
 * Three core {@link OmniPaxos} instances on {@link MemoryStorage}, driven synchronously on the calling
 * thread: {@link #deliverAll()} hands every outgoing message to its receiver until none is left. No
 * threads, clocks, channels or codecs: what remains is the protocol's own cost.
 */
public final class SyncCluster {

  private static final int MAX_ELECTION_TICKS = 10_000;

  private final Map<Long, OmniPaxos<byte[], Void>> nodes = new LinkedHashMap<>();

  public SyncCluster() {
    List<Long> pids = List.of(1L, 2L, 3L);
    for (long pid : pids) {
      OmniPaxosConfig config = new OmniPaxosConfig(ClusterConfig.of(1, pids), ServerConfig.builder().pid(pid).build());
      nodes.put(pid, config.build(new MemoryStorage<>()));
    }
  }

  /** Delivers messages until every node's outbox is empty. */
  public void deliverAll() {
    boolean more = true;
    while (more) {
      more = false;
      for (OmniPaxos<byte[], Void> n : nodes.values()) {
        for (Message<byte[], Void> m : n.outgoingMessages()) {
          nodes.get(m.to()).handle(m);
          more = true;
        }
      }
    }
  }

  /**
   * Ticks every node until one leads and has decided a first entry.
   *
   * @return the leader
   * @throws IllegalStateException if no leader emerges
   */
  public OmniPaxos<byte[], Void> elect() {
    for (int i = 0; i < MAX_ELECTION_TICKS; i++) {
      nodes.values().forEach(OmniPaxos::tick);
      deliverAll();
      for (OmniPaxos<byte[], Void> n : nodes.values()) {
        if (n.isLeader()) {
          long before = n.decidedIdx();
          n.append(new byte[1]);
          deliverAll();
          if (n.decidedIdx() > before) {
            return n;
          }
        }
      }
    }
    throw new IllegalStateException("no leader after " + MAX_ELECTION_TICKS + " ticks");
  }
}
