package omnipaxos.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.storage.MemoryStorage;

/**
 * A local 3-node cluster on the pure core, driven by hand: the nodes elect a leader, decide entries,
 * lose their leader, elect another and keep every decided entry. Prints what happens and exits with
 * status 0 if every check held.
 */
public final class ClusterDemo {

  private final Map<Long, OmniPaxos<String, Void>> nodes = new LinkedHashMap<>();
  private final PrintStream out;
  private long tick;

  ClusterDemo(PrintStream out) {
    this.out = out;
    ClusterConfig cluster = ClusterConfig.of(1, List.of(1L, 2L, 3L));
    for (long pid : cluster.nodes()) {
      ServerConfig server = ServerConfig.builder().pid(pid).build();
      nodes.put(pid, new OmniPaxosConfig(cluster, server).build(new MemoryStorage<String, Void>()));
    }
  }

  public static void main(String[] args) {
    boolean ok = new ClusterDemo(System.out).run();
    System.exit(ok ? 0 : 1);
  }

  /** Runs the demo. @return whether every check held */
  boolean run() {
    out.println("Starting a 3-node OmniPaxos cluster (pids 1, 2, 3) on in-memory storage.");
    long leader = awaitLeader();
    out.printf("tick %3d: node %d is elected leader (ballot %s)%n", tick, leader, nodes.get(leader).promise());

    List<String> written = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      long at = (i % 3) + 1;
      String entry = "set x=" + i + " (via node " + at + ")";
      nodes.get(at).append(entry);
      written.add(entry);
    }
    awaitDecided(5);
    out.printf("tick %3d: 5 entries appended at different nodes are decided on every node:%n", tick);
    printLog(leader);

    out.printf("tick %3d: node %d (the leader) crashes%n", tick, leader);
    nodes.remove(leader);
    long next = awaitLeader();
    out.printf("tick %3d: node %d takes over (ballot %s)%n", tick, next, nodes.get(next).promise());
    for (int i = 6; i <= 8; i++) {
      String entry = "set x=" + i + " (via node " + next + ")";
      nodes.get(next).append(entry);
      written.add(entry);
    }
    awaitDecided(8);
    out.printf("tick %3d: 3 more entries decided by the surviving nodes:%n", tick);
    printLog(next);

    boolean ok = true;
    List<String> reference = decided(nodes.get(next));
    for (Map.Entry<Long, OmniPaxos<String, Void>> e : nodes.entrySet()) {
      List<String> log = decided(e.getValue());
      boolean same = log.equals(reference) && log.size() == written.size() && log.containsAll(written);
      ok &= same;
      out.printf("node %d: %d decided entries, %s%n", e.getKey(), log.size(),
          same ? "every appended entry, in the same order as on every other node" : "MISMATCH " + log);
    }
    out.println(ok ? "Demo finished: every decided entry survived the leader crash." : "Demo FAILED");
    return ok;
  }

  private void step() {
    tick++;
    for (OmniPaxos<String, Void> n : nodes.values()) {
      n.tick();
    }
    boolean any = true;
    while (any) {
      any = false;
      for (OmniPaxos<String, Void> n : nodes.values()) {
        for (Message<String, Void> m : n.outgoingMessages()) {
          OmniPaxos<String, Void> to = nodes.get(m.to());
          if (to != null) {
            to.handle(m);
            any = true;
          }
        }
      }
    }
  }

  private long awaitLeader() {
    for (int i = 0; i < 500; i++) {
      step();
      Optional<Long> agreed = agreedLeader();
      if (agreed.isPresent()) {
        return agreed.get();
      }
    }
    throw new IllegalStateException("no leader elected within 500 ticks");
  }

  private Optional<Long> agreedLeader() {
    Long leader = null;
    for (OmniPaxos<String, Void> n : nodes.values()) {
      OptionalLong l = n.currentLeader();
      if (l.isEmpty() || (leader != null && leader != l.getAsLong())) {
        return Optional.empty();
      }
      leader = l.getAsLong();
    }
    OmniPaxos<String, Void> node = nodes.get(leader);
    return node != null && node.isLeader() ? Optional.of(leader) : Optional.empty();
  }

  private void awaitDecided(long count) {
    for (int i = 0; i < 500; i++) {
      step();
      if (nodes.values().stream().allMatch(n -> n.decidedIdx() >= count)) {
        return;
      }
    }
    throw new IllegalStateException("entries not decided within 500 ticks");
  }

  private static List<String> decided(OmniPaxos<String, Void> node) {
    List<String> out = new ArrayList<>();
    for (LogEntry<String, Void> e : node.readDecidedSuffix(0)) {
      if (e instanceof LogEntry.Decided<String, Void> d) {
        out.add(d.entry());
      }
    }
    return out;
  }

  private void printLog(long pid) {
    List<String> log = decided(nodes.get(pid));
    for (int i = 0; i < log.size(); i++) {
      out.printf("    [%d] %s%n", i, log.get(i));
    }
  }
}
