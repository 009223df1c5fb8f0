package omnipaxos.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.storage.MemoryStorage;

/**
 * A cluster of real {@link OmniPaxosNode}s on one configuration, wired by a {@link TestNetwork}, with
 * in-memory storage kept per pid so that a closed ("crashed") node can be restarted on it. Entries are
 * strings; snapshots are the full list of compacted entries, so comparisons see everything.
 */
final class LocalCluster implements AutoCloseable {

  /** Snapshots that keep every compacted entry. */
  static final Snapshotter<String, List<String>> LIST_SNAPSHOTS = new Snapshotter<>() {
    @Override
    public List<String> create(List<String> entries) {
      return List.copyOf(entries);
    }

    @Override
    public List<String> extend(List<String> base, List<String> entries) {
      List<String> all = new ArrayList<>(base);
      all.addAll(entries);
      return List.copyOf(all);
    }
  };

  /** The election timeout of {@link #testConfig()}. */
  static final long ELECTION_TIMEOUT_MS = 200;

  /** Settings for tests: fast, but generous enough for a loaded two-core machine. */
  static NodeConfig.Builder testConfig() {
    return NodeConfig.builder()
        .tickPeriodMs(10)
        .electionTimeoutMs(ELECTION_TIMEOUT_MS)
        .resendTimeoutMs(100)
        .appendTimeoutMs(5_000);
  }

  private final List<Long> pids;
  private final int configId;
  private final UnaryOperator<NodeConfig.Builder> tweak;
  private final Map<Long, MemoryStorage<String, List<String>>> storages = new LinkedHashMap<>();
  private final Map<Long, OmniPaxosNode<String, List<String>>> live = new ConcurrentHashMap<>();
  final TestNetwork<String, List<String>> network;

  /**
   * A cluster of {@code pids} in configuration {@code configId} on {@code network}; no node runs until
   * {@link #start(long)} is called for it.
   */
  LocalCluster(List<Long> pids, int configId, TestNetwork<String, List<String>> network,
      UnaryOperator<NodeConfig.Builder> tweak) {
    this.pids = List.copyOf(pids);
    this.configId = configId;
    this.network = network;
    this.tweak = tweak;
    for (long pid : pids) {
      storages.put(pid, new MemoryStorage<>());
    }
  }

  /** Nodes 1..n of configuration 1 with the test settings. */
  static LocalCluster of(int n) {
    return of(n, UnaryOperator.identity());
  }

  static LocalCluster of(int n, UnaryOperator<NodeConfig.Builder> tweak) {
    List<Long> pids = new ArrayList<>();
    for (long p = 1; p <= n; p++) {
      pids.add(p);
    }
    LocalCluster c = new LocalCluster(pids, 1, new TestNetwork<>(), tweak);
    for (long p : pids) {
      c.start(p);
    }
    return c;
  }

  /** Makes node {@code pid} run on {@code storage} from its next start. */
  void useStorage(long pid, MemoryStorage<String, List<String>> storage) {
    storages.put(pid, storage);
  }

  /** Starts (or restarts, recovering from its storage) node {@code pid}. */
  OmniPaxosNode<String, List<String>> start(long pid) {
    List<Long> peers = pids.stream().filter(p -> p != pid).toList();
    NodeConfig conf = tweak.apply(testConfig().pid(pid).peers(peers).configurationId(configId)).build();
    OmniPaxosHandle<String, List<String>> h = OmniPaxosNode.create(conf, storages.get(pid), LIST_SNAPSHOTS);
    network.add(h);
    live.put(pid, h.omniPaxos());
    return h.omniPaxos();
  }

  /** Closes node {@code pid} as a crash would stop it; its storage is kept. */
  void crash(long pid) {
    OmniPaxosNode<String, List<String>> n = live.remove(pid);
    n.close();
    network.remove(pid, configId);
  }

  OmniPaxosNode<String, List<String>> node(long pid) {
    OmniPaxosNode<String, List<String>> n = live.get(pid);
    if (n == null) {
      throw new IllegalArgumentException("node " + pid + " is not running");
    }
    return n;
  }

  List<Long> pids() {
    return pids;
  }

  /** The pids of running nodes, ascending. */
  List<Long> livePids() {
    return pids.stream().filter(live::containsKey).toList();
  }

  /**
   * Waits until every running node follows the same running leader, and every node's leader election
   * backs that leader too (so the choice is stable, not a start-up transient); returns its pid.
   */
  long awaitLeader() {
    return awaitLeader(List.of());
  }

  /** As {@link #awaitLeader()}, but the leader must not be one of {@code excluded}. */
  long awaitLeader(List<Long> excluded) {
    long[] leader = new long[1];
    Await.until("a leader followed by every running node", () -> {
      Set<Long> seen = new HashSet<>();
      for (long p : livePids()) {
        NodeStats s = Await.result(node(p).stats());
        seen.add(s.leader().orElse(0));
        seen.add(s.electedLeader());
      }
      if (seen.size() != 1) {
        return false;
      }
      long l = seen.iterator().next();
      leader[0] = l;
      return l != 0 && live.containsKey(l) && !excluded.contains(l);
    });
    return leader[0];
  }

  /** The decided entries of node {@code pid} from position 0 (without a stop sign); fails if any were compacted. */
  List<String> decidedLog(long pid) {
    List<String> out = new ArrayList<>();
    for (LogEntry<String, List<String>> e : Await.result(node(pid).readDecidedSuffix(0))) {
      if (e instanceof LogEntry.Decided<String, List<String>> d) {
        out.add(d.entry());
      } else if (!(e instanceof LogEntry.StopSignEntry)) {
        throw new AssertionError("unexpected " + e + " in the decided log of node " + pid);
      }
    }
    return out;
  }

  /** Waits until every running node decided at least {@code min} entries and all decided logs are equal. */
  List<String> awaitSameDecidedLog(long min) {
    List<List<String>> last = new ArrayList<>();
    Await.until("every running node to decide the same " + min + "+ entries", () -> {
      last.clear();
      for (long p : livePids()) {
        last.add(decidedLog(p));
      }
      return last.get(0).size() >= min && last.stream().allMatch(l -> l.equals(last.get(0)));
    });
    return last.get(0);
  }

  /**
   * Checks agreement: every running node's decided log is a prefix of the longest one, and no entry
   * appears twice.
   */
  List<String> checkAgreement() {
    List<String> longest = List.of();
    Map<Long, List<String>> logs = new LinkedHashMap<>();
    for (long p : livePids()) {
      List<String> l = decidedLog(p);
      logs.put(p, l);
      if (l.size() > longest.size()) {
        longest = l;
      }
    }
    for (Map.Entry<Long, List<String>> e : logs.entrySet()) {
      assertThat(longest.subList(0, e.getValue().size()))
          .as("decided log of node %d is a prefix of the longest", e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(new HashSet<>(longest)).as("no entry decided twice").hasSize(longest.size());
    return longest;
  }

  /**
   * Appends {@code value} at {@code pid} and waits for its decision. Returns the index, or -1 if the
   * node reported that the entry's fate is unknown or it was lost (the caller may retry with a new value).
   */
  static long tryAppendDecided(OmniPaxosNode<String, List<String>> node, String value) {
    try {
      return node.appendDecided(value).get(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof EntryNotDecidedException
          || e.getCause() instanceof omnipaxos.core.ProposalRejectedException) {
        return -1;
      }
      throw new AssertionError("append of " + value + " at node " + node.pid() + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("append of " + value + " never completed", e);
    }
  }

  @Override
  public void close() {
    for (OmniPaxosNode<String, List<String>> n : live.values()) {
      n.close();
    }
    live.clear();
    network.close();
  }
}
