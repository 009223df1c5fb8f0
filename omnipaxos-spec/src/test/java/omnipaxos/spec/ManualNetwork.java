package omnipaxos.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryStorage;

/**
 * A network the test drives by hand, the way the TLA+ model's network behaves: every message ever
 * sent stays available, and the test delivers any of them, in any order, any number of times.
 * Replays counterexample traces found by TLC on the Java core.
 */
final class ManualNetwork {

  private final Map<Long, OmniPaxos<String, Void>> nodes = new LinkedHashMap<>();
  private final List<PaxosMessage<String, Void>> sent = new ArrayList<>();

  /** Nodes 1..n with election and resend timeouts of one tick, so each tick runs both. */
  ManualNetwork(int n) {
    List<Long> pids = new ArrayList<>();
    for (long p = 1; p <= n; p++) {
      pids.add(p);
    }
    ClusterConfig cluster = ClusterConfig.of(1, pids);
    for (long p : pids) {
      ServerConfig server = ServerConfig.builder().pid(p).electionTickTimeout(1)
          .resendMessageTickTimeout(1000).build();
      nodes.put(p, new OmniPaxosConfig(cluster, server).build(new MemoryStorage<>()));
    }
  }

  OmniPaxos<String, Void> node(long pid) {
    return nodes.get(pid);
  }

  /**
   * Makes {@code pid} start leading round 1, as leader election would once it hears a quorum: the
   * one place the spec tests reach past the facade, which has no such action.
   */
  @SuppressWarnings("removal")
  void tick(long pid) {
    nodes.get(pid).sequencePaxos().handleLeader(new omnipaxos.core.Ballot(1, 1, 0, pid));
    collect(pid);
  }

  void append(long pid, String entry) {
    nodes.get(pid).append(entry);
    collect(pid);
  }

  /**
   * Delivers the latest sent Sequence Paxos message of type {@code type} from {@code from} to
   * {@code to} that matches {@code filter}; the message stays available for later deliveries.
   *
   * @return the delivered message
   */
  <M extends PaxosMessage<String, Void>> M deliver(Class<M> type, long from, long to, Predicate<M> filter) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      PaxosMessage<String, Void> m = sent.get(i);
      if (type.isInstance(m) && m.from() == from && m.to() == to && filter.test(type.cast(m))) {
        nodes.get(to).handle(m);
        collect(to);
        return type.cast(m);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " from " + from + " to " + to + " was sent");
  }

  <M extends PaxosMessage<String, Void>> M deliver(Class<M> type, long from, long to) {
    return deliver(type, from, to, m -> true);
  }

  private void collect(long pid) {
    for (Message<String, Void> m : nodes.get(pid).outgoingMessages()) {
      if (m instanceof Message.Paxos<String, Void> p) {
        sent.add(p.message());
      }
    }
  }
}
