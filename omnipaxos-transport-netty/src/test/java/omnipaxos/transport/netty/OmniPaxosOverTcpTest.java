package omnipaxos.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Message;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.storage.MemoryStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three core {@link OmniPaxos} nodes, each driven by its own single-threaded tick loop, talk only through
 * three {@link NettyTransport}s on loopback: they elect a leader and decide entries; when the leader
 * dies the others elect a new one, decide more and compact their logs into a snapshot; the old leader
 * restarts on its storage, is told of the reconnections, and catches up through a snapshot sent over
 * TCP, so that all three hold the same decided log.
 */
@Timeout(90)
class OmniPaxosOverTcpTest {

  private static final List<Long> PIDS = List.of(1L, 2L, 3L);
  private static final long TICK_MILLIS = 5;

  /** Snapshots are the list of compacted entries, so a node's whole decided log can be compared. */
  private static final Snapshotter<Long, List<Long>> LIST = new Snapshotter<>() {
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

  private final Map<Long, MemoryStorage<Long, List<Long>>> storages = new LinkedHashMap<>();
  private final Map<Long, TcpNode> nodes = new LinkedHashMap<>();
  private TransportCluster<Long, List<Long>, Inbox> transports;

  /** What a transport delivers, waiting for the node's loop to take it. */
  static final class Inbox implements TransportListener<Long, List<Long>> {
    final ConcurrentLinkedQueue<Message<Long, List<Long>>> messages = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> reconnected = new ConcurrentLinkedQueue<>();
    final List<Long> allReconnects = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message<Long, List<Long>> message) {
      messages.add(message);
    }

    @Override
    public void onReconnected(long pid) {
      reconnected.add(pid);
      allReconnects.add(pid);
    }
  }

  /** One node: the core, its transport, and a loop thread that alone touches the core. */
  final class TcpNode implements AutoCloseable {
    final long pid;
    final NettyTransport<Long, List<Long>> transport;
    final Inbox inbox;
    private final OmniPaxos<Long, List<Long>> core;
    private final ScheduledExecutorService loop;

    TcpNode(long pid) {
      this.pid = pid;
      ServerConfig server = ServerConfig.builder().pid(pid).electionTickTimeout(10).resendMessageTickTimeout(20)
          .build();
      this.core = new OmniPaxosConfig(ClusterConfig.of(1, PIDS), server)
          .build(storages.computeIfAbsent(pid, p -> new MemoryStorage<>()), LIST);
      this.transport = transports.start(pid);
      this.inbox = transports.listener(pid);
      this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-" + pid);
        t.setDaemon(true);
        return t;
      });
      loop.scheduleAtFixedRate(this::turn, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One loop turn: reconnections, then received messages, then a tick, then everything to send. */
    private void turn() {
      Long p;
      while ((p = inbox.reconnected.poll()) != null) {
        core.reconnected(p);
      }
      Message<Long, List<Long>> m;
      while ((m = inbox.messages.poll()) != null) {
        core.handle(m);
      }
      core.tick();
      for (Message<Long, List<Long>> out : core.outgoingMessages()) {
        transport.send(out);
      }
    }

    /** Runs {@code f} on the node's loop thread and returns its result. */
    <R> R call(Function<OmniPaxos<Long, List<Long>>, R> f) {
      try {
        return loop.submit(() -> f.apply(core)).get(Net.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("node " + pid + " failed", e);
      }
    }

    /** The decided log as plain values: the snapshot's entries, then the decided entries. */
    List<Long> decidedValues() {
      return call(c -> {
        List<Long> out = new ArrayList<>();
        for (LogEntry<Long, List<Long>> e : c.readDecidedSuffix(0)) {
          if (e instanceof LogEntry.Snapshotted<Long, List<Long>> s) {
            out.addAll(s.snapshot());
          } else if (e instanceof LogEntry.Decided<Long, List<Long>> d) {
            out.add(d.entry());
          } else {
            throw new AssertionError("unexpected log entry " + e);
          }
        }
        return out;
      });
    }

    @Override
    public void close() {
      loop.shutdownNow();
      try {
        assertThat(loop.awaitTermination(Net.AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      transports.stop(pid);
    }
  }

  @AfterEach
  void stopAll() {
    nodes.values().forEach(TcpNode::close);
    if (transports != null) {
      transports.close();
    }
  }

  private long agreedLeader(List<Long> among) {
    long[] leader = new long[1];
    Net.await("a leader agreed by " + among, () -> {
      List<OptionalLong> views = among.stream().map(p -> nodes.get(p).call(OmniPaxos::currentLeader)).toList();
      OptionalLong first = views.get(0);
      boolean agreed = first.isPresent() && among.contains(first.getAsLong())
          && views.stream().allMatch(first::equals)
          && nodes.get(first.getAsLong()).call(OmniPaxos::isLeader);
      leader[0] = agreed ? first.getAsLong() : 0;
      return agreed;
    });
    return leader[0];
  }

  private void appendOnLeader(long leader, long from, long to) {
    nodes.get(leader).call(c -> {
      for (long v = from; v < to; v++) {
        c.append(v);
      }
      return null;
    });
  }

  private void awaitDecided(List<Long> among, long idx) {
    for (long p : among) {
      Net.await("node " + p + " decides up to " + idx, () -> nodes.get(p).call(OmniPaxos::decidedIdx) >= idx);
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long v = from; v < to; v++) {
      out.add(v);
    }
    return out;
  }

  @Test
  void threeNodesElectDecideFailOverAndCatchUpOverTcp() {
    transports = new TransportCluster<>(PIDS, Codecs.longs(), Codecs.list(Codecs.longs()), pid -> new Inbox(),
        (pid, b) -> b);
    for (long pid : PIDS) {
      nodes.put(pid, new TcpNode(pid));
    }
    long leader = agreedLeader(PIDS);
    appendOnLeader(leader, 0, 100);
    awaitDecided(PIDS, 100);
    for (long p : PIDS) {
      assertThat(nodes.get(p).decidedValues()).as("node %d", p).isEqualTo(range(0, 100));
    }

    nodes.remove(leader).close();
    List<Long> rest = PIDS.stream().filter(p -> p != leader).toList();
    long second = agreedLeader(rest);
    assertThat(second).isNotEqualTo(leader);
    appendOnLeader(second, 100, 150);
    awaitDecided(rest, 150);
    nodes.get(second).call(c -> {
      c.snapshot(OptionalLong.empty(), false);
      return null;
    });
    for (long p : rest) {
      Net.await("node " + p + " compacts", () -> nodes.get(p).call(OmniPaxos::compactedIdx) == 150);
    }

    nodes.put(leader, new TcpNode(leader));
    awaitDecided(PIDS, 150);
    long compacted = nodes.get(leader).call(OmniPaxos::compactedIdx);
    assertThat(compacted).as("caught up through a snapshot").isEqualTo(150);
    for (long p : PIDS) {
      assertThat(nodes.get(p).decidedValues()).as("node %d", p).isEqualTo(range(0, 150));
    }
    for (long p : rest) {
      Net.await("node " + p + " is told of the restart", () -> nodes.get(p).inbox.allReconnects.contains(leader));
    }

    long third = agreedLeader(PIDS);
    appendOnLeader(third, 150, 160);
    awaitDecided(PIDS, 160);
    for (long p : PIDS) {
      assertThat(nodes.get(p).decidedValues()).as("node %d", p).isEqualTo(range(0, 160));
      TransportStats s = nodes.get(p).transport.stats();
      assertThat(s.decodeErrors()).isZero();
      assertThat(s.rejectedConnections()).isZero();
    }
  }
}
