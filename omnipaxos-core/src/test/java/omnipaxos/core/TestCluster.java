package omnipaxos.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import omnipaxos.core.storage.MemoryStorage;

/**
 * A deterministic in-memory cluster for tests: N {@link OmniPaxos} nodes, a network whose links can be
 * cut per direction, crash and restart on storage, and full control of ticks and delivery. Messages
 * produced in a tick are delivered (and the replies they cause, until the network is quiet) before the
 * next tick, so one tick is the network's round-trip unit.
 */
public final class TestCluster {

  /** The snapshot used in tests: the full list of compacted entries, so comparisons see everything. */
  /**
   * Hands {@code ballot} to {@code node}'s Sequence Paxos as if its leader election had elected
   * it: the tests' one route into the core's internals (the facade has no such action).
   */
  @SuppressWarnings("removal")
  public static void handleLeader(OmniPaxos<?, ?> node, Ballot ballot) {
    node.sequencePaxos().handleLeader(ballot);
  }

  public static final Snapshotter<Long, List<Long>> LIST_SNAPSHOTS = new Snapshotter<>() {
    @Override
    public List<Long> create(List<Long> entries) {
      return List.copyOf(entries);
    }

    @Override
    public List<Long> extend(List<Long> base, List<Long> entries) {
      List<Long> all = new ArrayList<>(base);
      all.addAll(entries);
      return List.copyOf(all);
    }
  };

  private final List<Long> pids;
  private final Function<Long, OmniPaxosConfig> configFor;
  private final Snapshotter<Long, List<Long>> snapshotter;
  private final Map<Long, MemoryStorage<Long, List<Long>>> storages = new LinkedHashMap<>();
  private final Map<Long, OmniPaxos<Long, List<Long>>> nodes = new LinkedHashMap<>();
  private final Set<Long> paused = new HashSet<>();
  private final Set<String> cutLinks = new HashSet<>();
  private Predicate<Message<Long, List<Long>>> dropFilter = m -> false;
  private long ticks;
  private long delivered;
  /** Every value seen decided at each position, by any node: agreement is checked against it. */
  private final Map<Long, Long> chosen = new java.util.HashMap<>();
  private final Map<Long, Long> lastDecidedIdx = new java.util.HashMap<>();

  private TestCluster(List<Long> pids, Function<Long, OmniPaxosConfig> configFor,
      Snapshotter<Long, List<Long>> snapshotter) {
    this.pids = List.copyOf(pids);
    this.configFor = configFor;
    this.snapshotter = snapshotter;
    for (long pid : pids) {
      storages.put(pid, new MemoryStorage<>());
      start(pid);
    }
  }

  /** A cluster of nodes 1..n with default settings and list snapshots. */
  public static TestCluster of(int n) {
    return builder(n).build();
  }

  public static Builder builder(int n) {
    List<Long> pids = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      pids.add(i);
    }
    return new Builder(pids);
  }

  public static Builder builder(List<Long> pids) {
    return new Builder(pids);
  }

  /** Configures a {@link TestCluster}. */
  public static final class Builder {
    private final List<Long> pids;
    private Optional<FlexibleQuorum> quorum = Optional.empty();
    private Function<ServerConfig.Builder, ServerConfig.Builder> server = b -> b;
    private Map<Long, Integer> priorities = Map.of();
    private Snapshotter<Long, List<Long>> snapshotter = LIST_SNAPSHOTS;

    private Builder(List<Long> pids) {
      this.pids = pids;
    }

    public Builder flexibleQuorum(int read, int write) {
      this.quorum = Optional.of(new FlexibleQuorum(read, write));
      return this;
    }

    public Builder server(Function<ServerConfig.Builder, ServerConfig.Builder> server) {
      this.server = server;
      return this;
    }

    public Builder priorities(Map<Long, Integer> priorities) {
      this.priorities = priorities;
      return this;
    }

    public Builder snapshots(Snapshotter<Long, List<Long>> snapshotter) {
      this.snapshotter = snapshotter;
      return this;
    }

    public TestCluster build() {
      ClusterConfig cluster = new ClusterConfig(1, pids, quorum);
      return new TestCluster(pids, pid -> new OmniPaxosConfig(cluster,
          server.apply(ServerConfig.builder().pid(pid).leaderPriority(priorities.getOrDefault(pid, 0))).build()),
          snapshotter);
    }
  }

  // ---- nodes ----

  private void start(long pid) {
    nodes.put(pid, configFor.apply(pid).build(storages.get(pid), snapshotter));
  }

  public OmniPaxos<Long, List<Long>> node(long pid) {
    OmniPaxos<Long, List<Long>> n = nodes.get(pid);
    if (n == null) {
      throw new IllegalStateException("node " + pid + " is crashed");
    }
    return n;
  }

  public List<Long> pids() {
    return pids;
  }

  public List<Long> alivePids() {
    return List.copyOf(nodes.keySet());
  }

  public MemoryStorage<Long, List<Long>> storage(long pid) {
    return storages.get(pid);
  }

  /** Kills the node: its in-memory state is gone, its storage stays. */
  public void crash(long pid) {
    nodes.remove(pid);
  }

  /** Re-creates a crashed node on its storage; it recovers. */
  public void restart(long pid) {
    if (nodes.containsKey(pid)) {
      throw new IllegalStateException("node " + pid + " is running");
    }
    start(pid);
  }

  /** A paused node neither ticks nor receives messages; it keeps its state. */
  public void pause(long pid) {
    paused.add(pid);
  }

  public void resume(long pid) {
    paused.remove(pid);
  }

  // ---- network ----

  /** Cuts the link from {@code from} to {@code to} (one direction). */
  public void cut(long from, long to) {
    cutLinks.add(from + ">" + to);
  }

  /** Cuts both directions between {@code a} and {@code b}. */
  public void cutBoth(long a, long b) {
    cut(a, b);
    cut(b, a);
  }

  /** Cuts every link of {@code pid}, both directions. */
  public void isolate(long pid) {
    for (long p : pids) {
      if (p != pid) {
        cutBoth(pid, p);
      }
    }
  }

  /** Restores the link from {@code from} to {@code to} and tells {@code to} it was reconnected. */
  public void restore(long from, long to) {
    cutLinks.remove(from + ">" + to);
  }

  public void restoreBoth(long a, long b) {
    restore(a, b);
    restore(b, a);
    notifyReconnected(a, b);
    notifyReconnected(b, a);
  }

  /** Restores every link and tells every node about its reconnected peers. */
  public void heal() {
    List<String> was = new ArrayList<>(cutLinks);
    cutLinks.clear();
    for (String l : was) {
      String[] p = l.split(">");
      notifyReconnected(Long.parseLong(p[1]), Long.parseLong(p[0]));
    }
  }

  /** Restores every link of {@code pid}. */
  public void reconnect(long pid) {
    for (long p : pids) {
      if (p != pid) {
        restoreBoth(pid, p);
      }
    }
  }

  private void notifyReconnected(long at, long peer) {
    OmniPaxos<Long, List<Long>> n = nodes.get(at);
    if (n != null && !paused.contains(at)) {
      n.reconnected(peer);
    }
  }

  /** Drops every message for which {@code filter} is true, in addition to cut links. */
  public void dropWhere(Predicate<Message<Long, List<Long>>> filter) {
    this.dropFilter = filter;
  }

  private boolean linkUp(long from, long to) {
    return !cutLinks.contains(from + ">" + to);
  }

  // ---- time ----

  /** Ticks every running node once, then delivers messages until the network is quiet. */
  public void tick() {
    ticks++;
    for (Map.Entry<Long, OmniPaxos<Long, List<Long>>> e : nodes.entrySet()) {
      if (!paused.contains(e.getKey())) {
        e.getValue().tick();
      }
    }
    deliverAll();
    checkSafety();
  }

  /**
   * Asserts agreement (no two nodes ever decide different values at a position), that decided indices
   * never decrease (across restarts too) and the local index invariant.
   */
  public void checkSafety() {
    for (Map.Entry<Long, OmniPaxos<Long, List<Long>>> e : nodes.entrySet()) {
      long pid = e.getKey();
      OmniPaxos<Long, List<Long>> n = e.getValue();
      long decided = n.decidedIdx();
      long last = lastDecidedIdx.getOrDefault(pid, 0L);
      if (decided < last) {
        throw new AssertionError("node " + pid + " decided index went back from " + last + " to " + decided);
      }
      lastDecidedIdx.put(pid, decided);
      if (n.compactedIdx() > decided || decided > n.acceptedIdx()) {
        throw new AssertionError("node " + pid + " breaks compacted <= decided <= accepted");
      }
      List<Long> values = decidedValues(pid);
      for (int i = 0; i < values.size(); i++) {
        Long v = values.get(i);
        if (v == null) {
          continue;
        }
        Long prev = chosen.putIfAbsent((long) i, v);
        if (prev != null && !prev.equals(v)) {
          throw new AssertionError("agreement violated at position " + i + ": node " + pid + " decided " + v
              + ", another node decided " + prev);
        }
      }
    }
  }

  public void tick(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** Ticks until {@code condition} holds; fails after {@code maxTicks}. @return the ticks taken */
  public int tickUntil(java.util.function.BooleanSupplier condition, int maxTicks) {
    for (int i = 0; i <= maxTicks; i++) {
      if (condition.getAsBoolean()) {
        return i;
      }
      tick();
    }
    throw new AssertionError("condition not reached within " + maxTicks + " ticks");
  }

  /** Delivers messages (and their consequences) until no node has anything to send. */
  public void deliverAll() {
    for (int round = 0; round < 10_000; round++) {
      List<Message<Long, List<Long>>> inFlight = collect();
      if (inFlight.isEmpty()) {
        return;
      }
      deliver(inFlight);
    }
    throw new AssertionError("the network never went quiet");
  }

  /** Takes every node's outgoing messages without delivering them. */
  public List<Message<Long, List<Long>>> collect() {
    List<Message<Long, List<Long>>> out = new ArrayList<>();
    for (Map.Entry<Long, OmniPaxos<Long, List<Long>>> e : nodes.entrySet()) {
      if (!paused.contains(e.getKey())) {
        out.addAll(e.getValue().outgoingMessages());
      }
    }
    return out;
  }

  /** Delivers the given messages, subject to cut links, crashes, pauses and the drop filter. */
  public void deliver(List<Message<Long, List<Long>>> messages) {
    for (Message<Long, List<Long>> m : messages) {
      OmniPaxos<Long, List<Long>> to = nodes.get(m.to());
      if (to == null || paused.contains(m.to()) || !linkUp(m.from(), m.to()) || dropFilter.test(m)) {
        continue;
      }
      delivered++;
      to.handle(m);
    }
  }

  public long ticks() {
    return ticks;
  }

  public long delivered() {
    return delivered;
  }

  // ---- observations ----

  /** The pid every running node agrees leads (and that leader is accepting), if they agree. */
  public OptionalLong agreedLeader() {
    return agreedLeader(alivePids());
  }

  /** The pid the given nodes agree leads, if that node is an accepting leader. */
  public OptionalLong agreedLeader(List<Long> among) {
    long leader = -1;
    for (long p : among) {
      OptionalLong l = node(p).currentLeader();
      if (l.isEmpty() || (leader != -1 && leader != l.getAsLong())) {
        return OptionalLong.empty();
      }
      leader = l.getAsLong();
    }
    if (leader <= 0 || !nodes.containsKey(leader) || !node(leader).isLeader()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(leader);
  }

  /** Ticks until the running nodes agree on an accepting leader. @return its pid */
  public long awaitLeader(int maxTicks) {
    tickUntil(() -> agreedLeader().isPresent(), maxTicks);
    return agreedLeader().getAsLong();
  }

  /** Ticks until the given nodes agree on an accepting leader. */
  public long awaitLeader(List<Long> among, int maxTicks) {
    tickUntil(() -> agreedLeader(among).isPresent(), maxTicks);
    return agreedLeader(among).getAsLong();
  }

  /**
   * The decided values of {@code pid} as a flat list: a snapshot contributes its entries, trimmed
   * positions are skipped (they are filled with nulls so positions stay aligned).
   */
  public List<Long> decidedValues(long pid) {
    List<Long> out = new ArrayList<>();
    for (LogEntry<Long, List<Long>> e : node(pid).readDecidedSuffix(0)) {
      if (e instanceof LogEntry.Decided<Long, List<Long>> d) {
        out.add(d.entry());
      } else if (e instanceof LogEntry.Snapshotted<Long, List<Long>> s) {
        out.addAll(s.snapshot());
      } else if (e instanceof LogEntry.Trimmed<Long, List<Long>> t) {
        for (long i = 0; i < t.trimmedIdx(); i++) {
          out.add(null);
        }
      }
    }
    return out;
  }

  /** Appends {@code values} at {@code pid} and ticks until they are all decided there. */
  public void proposeAndDecide(long pid, List<Long> values, int maxTicks) {
    for (long v : values) {
      node(pid).append(v);
    }
    tickUntil(() -> decidedValues(pid).containsAll(values), maxTicks);
  }

  public static List<Long> range(long fromInclusive, long toExclusive) {
    List<Long> out = new ArrayList<>();
    for (long i = fromInclusive; i < toExclusive; i++) {
      out.add(i);
    }
    return out;
  }

  /**
   * Makes {@code pid} the leader: cuts every link that does not involve {@code pid} and restores all of
   * its own (so it is the only node connected to a quorum), ticks until every running node follows it
   * as an accepting leader, then restores the links it cut. Links are restored without reconnect
   * notifications. @return the ticks taken
   */
  public int forceLeader(long pid, int maxTicks) {
    List<String> cutHere = new ArrayList<>();
    for (long a : pids) {
      if (a != pid) {
        restore(a, pid);
        restore(pid, a);
        for (long b : pids) {
          if (b != a && b != pid && cutLinks.add(a + ">" + b)) {
            cutHere.add(a + ">" + b);
          }
        }
      }
    }
    int taken = tickUntil(() -> agreedLeader().orElse(-1) == pid, maxTicks);
    cutLinks.removeAll(cutHere);
    return taken;
  }
}
