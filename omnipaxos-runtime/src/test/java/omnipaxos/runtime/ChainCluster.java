package omnipaxos.runtime;

import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.core.storage.MemoryConfigurationStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/**
 * Real nodes that go on across configurations ({@link OmniPaxosNode#create(NodeConfig, ConfigurationStore,
 * omnipaxos.core.Snapshotter, Codec)}), each on a {@link MemoryConfigurationStore} kept per pid so that a
 * closed node can be restarted on it, wired by an in-process network that routes by receiver pid (each node
 * routes by configuration itself) and can cut links. Each node's decided events are recorded from position
 * 0, and applied to a list state: {@link #state} is what an application built from them.
 */
final class ChainCluster implements AutoCloseable {

  /** Lists of strings, deterministically: the snapshot codec of the list state. */
  static final Codec<List<String>> LIST_CODEC = new Codec<>() {
    @Override
    public byte[] encode(List<String> value) {
      WireWriter w = new WireWriter(16 * value.size() + 4);
      w.writeInt(value.size());
      for (String s : value) {
        w.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return w.toByteArray();
    }

    @Override
    public List<String> decode(byte[] bytes) {
      WireReader r = new WireReader(bytes);
      int n = r.readCount(4);
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new String(r.readBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      r.expectEnd();
      return List.copyOf(out);
    }
  };

  final Map<Long, MemoryConfigurationStore<String, List<String>>> stores = new ConcurrentHashMap<>();
  private final Map<Long, OmniPaxosHandle<String, List<String>>> live = new ConcurrentHashMap<>();
  final Map<Long, List<DecidedEvent<String, List<String>>>> events = new ConcurrentHashMap<>();
  private final Set<Long> cutLinks = ConcurrentHashMap.newKeySet();
  private final List<Thread> pumps = new CopyOnWriteArrayList<>();
  private final int chunkSize;

  ChainCluster(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  NodeConfig config(long pid, List<Long> members) {
    return LocalCluster.testConfig().pid(pid).peers(members.stream().filter(p -> p != pid).toList())
        .migrationChunkSize(chunkSize).build();
  }

  /** Starts (or restarts on its store) node {@code pid} bootstrapped with configuration 1 of {@code members}. */
  OmniPaxosNode<String, List<String>> start(long pid, List<Long> members) {
    return wire(OmniPaxosNode.create(config(pid, members), store(pid), LocalCluster.LIST_SNAPSHOTS, LIST_CODEC));
  }

  /** Starts (or restarts) node {@code pid} waiting to be added. */
  OmniPaxosNode<String, List<String>> join(long pid) {
    return wire(OmniPaxosNode.join(config(pid, List.of()), store(pid), LocalCluster.LIST_SNAPSHOTS, LIST_CODEC));
  }

  /** Starts (or restarts) node {@code pid} bootstrapped with configuration 1 of {@code members} on {@code store}. */
  OmniPaxosNode<String, List<String>> startOn(long pid, List<Long> members,
      ConfigurationStore<String, List<String>> store) {
    return wire(OmniPaxosNode.create(config(pid, members), store, LocalCluster.LIST_SNAPSHOTS, LIST_CODEC));
  }

  /** The store node {@code pid} starts on by default (its "disk"). */
  MemoryConfigurationStore<String, List<String>> store(long pid) {
    return stores.computeIfAbsent(pid, p -> new MemoryConfigurationStore<>());
  }

  private OmniPaxosNode<String, List<String>> wire(OmniPaxosHandle<String, List<String>> h) {
    long pid = h.omniPaxos().pid();
    live.put(pid, h);
    List<DecidedEvent<String, List<String>>> log = Collections.synchronizedList(new ArrayList<>());
    events.put(pid, log);
    h.omniPaxos().subscribe(0, log::add);
    pump(pid, h.seqPaxosHandle().outgoing(), (to, m) -> to.seqPaxosHandle().incoming().offer(m),
        omnipaxos.core.paxos.PaxosMessage::to);
    pump(pid, h.bleHandle().outgoing(), (to, m) -> to.bleHandle().incoming().offer(m),
        omnipaxos.core.ble.BleMessage::to);
    pump(pid, h.migrationHandle().outgoing(), (to, m) -> to.migrationHandle().incoming().offer(m),
        omnipaxos.core.migration.MigrationMessage::to);
    return h.omniPaxos();
  }

  private <M> void pump(long pid, ChannelReceiver<M> out, java.util.function.BiConsumer<OmniPaxosHandle<String,
      List<String>>, M> deliver, java.util.function.ToLongFunction<M> toOf) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          M m = out.take();
          long to = toOf.applyAsLong(m);
          OmniPaxosHandle<String, List<String>> target = live.get(to);
          if (target != null && !cutLinks.contains(link(pid, to))) {
            deliver.accept(target, m);
          }
        }
      } catch (ChannelClosedException | InterruptedException e) {
        // closed
      }
    }, "chain-pump-" + pid);
    t.setDaemon(true);
    pumps.add(t);
    t.start();
  }

  OmniPaxosNode<String, List<String>> node(long pid) {
    return live.get(pid).omniPaxos();
  }

  /** Closes node {@code pid} as a crash would; its store is kept. */
  void crash(long pid) {
    OmniPaxosHandle<String, List<String>> h = live.remove(pid);
    h.omniPaxos().close();
  }

  void cut(long a, long b) {
    cutLinks.add(link(a, b));
    cutLinks.add(link(b, a));
  }

  void heal() {
    cutLinks.clear();
  }

  private static long link(long from, long to) {
    return (from << 32) ^ to;
  }

  /** The state an application built from node {@code pid}'s decided events. */
  List<String> state(long pid) {
    List<String> s = new ArrayList<>();
    synchronized (events.get(pid)) {
      for (DecidedEvent<String, List<String>> e : events.get(pid)) {
        if (e instanceof DecidedEvent.Snapshot<String, List<String>> snap) {
          s = new ArrayList<>(snap.snapshot());
        } else if (e instanceof DecidedEvent.Entry<String, List<String>> entry) {
          s.add(entry.entry());
        }
      }
    }
    return s;
  }

  /** The leader that every node in {@code pids} follows in their current configuration. */
  long awaitLeader(List<Long> pids) {
    long[] leader = new long[1];
    Await.until("a leader among " + pids, () -> {
      long l = -1;
      for (long p : pids) {
        NodeStats s;
        try {
          s = node(p).stats().join();
        } catch (RuntimeException e) {
          return false;
        }
        long here = s.leader().orElse(0);
        if (here == 0 || (l != -1 && here != l)) {
          return false;
        }
        l = here;
      }
      leader[0] = l;
      return pids.contains(l);
    });
    return leader[0];
  }

  void forEachLive(Consumer<OmniPaxosNode<String, List<String>>> f) {
    live.values().forEach(h -> f.accept(h.omniPaxos()));
  }

  @Override
  public void close() {
    live.values().forEach(h -> h.omniPaxos().close());
    live.clear();
    pumps.forEach(Thread::interrupt);
  }
}
