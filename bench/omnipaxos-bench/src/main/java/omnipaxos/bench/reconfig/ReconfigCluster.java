package omnipaxos.bench.reconfig;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryConfigurationStore;
import omnipaxos.runtime.ChannelClosedException;
import omnipaxos.runtime.ChannelReceiver;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.runtime.OmniPaxosNode;

/**
 * OmniPaxos nodes that go on across configurations, in memory, wired by an in-JVM network that hands
 * each message object to the node it is addressed to (one pump thread per node and channel, as the
 * memory setting of the main benchmark does). Servers can be started in configuration 1 or waiting
 * to be added.
 */
final class ReconfigCluster implements AutoCloseable {

  private final NodeConfig.Builder base;
  private final Map<Long, OmniPaxosHandle<byte[], List<byte[]>>> live = new ConcurrentHashMap<>();
  private final List<Thread> pumps = new CopyOnWriteArrayList<>();

  ReconfigCluster(NodeConfig.Builder base) {
    this.base = base;
  }

  /** Starts server {@code pid} as a member of configuration 1, {@code members}. */
  OmniPaxosNode<byte[], List<byte[]>> start(long pid, List<Long> members) {
    NodeConfig c = base.pid(pid).peers(members.stream().filter(p -> p != pid).toList()).build();
    return wire(OmniPaxosNode.create(c, new MemoryConfigurationStore<>(), BlobState.SNAPSHOTS, BlobState.CODEC));
  }

  /** Starts server {@code pid} empty, waiting to be added to a configuration. */
  OmniPaxosNode<byte[], List<byte[]>> join(long pid) {
    NodeConfig c = base.pid(pid).peers(List.of()).build();
    return wire(OmniPaxosNode.join(c, new MemoryConfigurationStore<>(), BlobState.SNAPSHOTS, BlobState.CODEC));
  }

  OmniPaxosNode<byte[], List<byte[]>> node(long pid) {
    return live.get(pid).omniPaxos();
  }

  /** The leader that server {@code pid} follows, or empty. */
  OptionalLong leaderSeenBy(long pid) throws Exception {
    return node(pid).currentLeader().get(5, TimeUnit.SECONDS);
  }

  /** Stops server {@code pid}. */
  void stop(long pid) {
    OmniPaxosHandle<byte[], List<byte[]>> h = live.remove(pid);
    if (h != null) {
      h.omniPaxos().close();
    }
  }

  private OmniPaxosNode<byte[], List<byte[]>> wire(OmniPaxosHandle<byte[], List<byte[]>> h) {
    long pid = h.omniPaxos().pid();
    live.put(pid, h);
    pump(pid, "paxos", h.seqPaxosHandle().outgoing(), (to, m) -> to.seqPaxosHandle().incoming().offer(m),
        PaxosMessage::to);
    pump(pid, "ble", h.bleHandle().outgoing(), (to, m) -> to.bleHandle().incoming().offer(m), BleMessage::to);
    pump(pid, "migration", h.migrationHandle().outgoing(), (to, m) -> to.migrationHandle().incoming().offer(m),
        MigrationMessage::to);
    return h.omniPaxos();
  }

  private <M> void pump(long pid, String channel, ChannelReceiver<M> out,
      BiConsumer<OmniPaxosHandle<byte[], List<byte[]>>, M> deliver, ToLongFunction<M> to) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          M m = out.take();
          OmniPaxosHandle<byte[], List<byte[]>> target = live.get(to.applyAsLong(m));
          if (target != null) {
            deliver.accept(target, m);
          }
        }
      } catch (ChannelClosedException | InterruptedException e) {
        // The node closed.
      }
    }, "pump-" + pid + "-" + channel);
    t.setDaemon(true);
    pumps.add(t);
    t.start();
  }

  @Override
  public void close() {
    live.values().forEach(h -> h.omniPaxos().close());
    live.clear();
    pumps.forEach(Thread::interrupt);
  }
}
