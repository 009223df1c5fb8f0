package omnipaxos.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;

/**
 * An in-process network for real-clock tests, wired as the seed's example wires a node: one thread per
 * outgoing channel takes what the node wants sent and pushes it into the receiver's incoming channel
 * (blocking while it is full). Messages are routed by receiver pid and configuration id; links can be
 * cut per direction, and messages to closed or unknown nodes are dropped, as a real network would.
 */
final class TestNetwork<T, S> implements AutoCloseable {

  private final Map<Long, Map<Integer, OmniPaxosHandle<T, S>>> nodes = new ConcurrentHashMap<>();
  private final Set<Long> cutLinks = ConcurrentHashMap.newKeySet();
  private final List<Thread> pumps = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedForwards = new AtomicLong();
  private volatile Consumer<PaxosMessage<Envelope<T>, S>> observer = m -> {};

  /** Connects the node of {@code handle} and starts its two pump threads. */
  void add(OmniPaxosHandle<T, S> handle) {
    OmniPaxosNode<T, S> node = handle.omniPaxos();
    int configId = node.config().configurationId();
    nodes.computeIfAbsent(node.pid(), p -> new ConcurrentHashMap<>()).put(configId, handle);
    String name = "pump-" + node.pid() + "-c" + configId;
    startPump(name + "-paxos", handle.seqPaxosHandle().outgoing(), this::deliverPaxos);
    startPump(name + "-ble", handle.bleHandle().outgoing(), this::deliverBle);
  }

  /** Disconnects the node {@code pid} of configuration {@code configId}. */
  void remove(long pid, int configId) {
    Map<Integer, OmniPaxosHandle<T, S>> byConfig = nodes.get(pid);
    if (byConfig != null) {
      byConfig.remove(configId);
    }
  }

  private <M> void startPump(String name, ChannelReceiver<M> outgoing, Consumer<M> deliver) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          deliver.accept(outgoing.take());
        }
      } catch (ChannelClosedException | InterruptedException e) {
        // The node closed, or the network is shutting down.
      }
    }, name);
    t.setDaemon(true);
    pumps.add(t);
    t.start();
  }

  /** Shows {@code observer} every Sequence Paxos message sent from now on (delivered or not). */
  void observe(Consumer<PaxosMessage<Envelope<T>, S>> observer) {
    this.observer = observer;
  }

  private void deliverPaxos(PaxosMessage<Envelope<T>, S> m) {
    observer.accept(m);
    OmniPaxosHandle<T, S> target = target(m.from(), m.to(), m.configId());
    if (target != null) {
      put(target.seqPaxosHandle().incoming(), m);
    } else if (m instanceof PaxosMessage.ProposalForward) {
      droppedForwards.incrementAndGet();
    }
  }

  private void deliverBle(BleMessage m) {
    OmniPaxosHandle<T, S> target = target(m.from(), m.to(), m.configId());
    if (target != null) {
      put(target.bleHandle().incoming(), m);
    }
  }

  private OmniPaxosHandle<T, S> target(long from, long to, int configId) {
    Map<Integer, OmniPaxosHandle<T, S>> byConfig = nodes.get(to);
    OmniPaxosHandle<T, S> target = byConfig == null ? null : byConfig.get(configId);
    if (target == null || cutLinks.contains(link(from, to))) {
      dropped.incrementAndGet();
      return null;
    }
    return target;
  }

  private <M> void put(ChannelSender<M> incoming, M m) {
    try {
      incoming.put(m);
    } catch (ChannelClosedException e) {
      dropped.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelClosedException("network shutting down");
    }
  }

  /** Drops every message between {@code a} and {@code b}, both ways. */
  void cut(long a, long b) {
    cutLinks.add(link(a, b));
    cutLinks.add(link(b, a));
  }

  /** Cuts {@code pid} off from every pid in {@code others}. */
  void isolate(long pid, List<Long> others) {
    for (long o : others) {
      if (o != pid) {
        cut(pid, o);
      }
    }
  }

  /** Restores every link. */
  void healAll() {
    cutLinks.clear();
  }

  long dropped() {
    return dropped.get();
  }

  /** Proposals forwarded to a leader that the network dropped. */
  long droppedForwards() {
    return droppedForwards.get();
  }

  private static long link(long from, long to) {
    return (from << 32) ^ to;
  }

  @Override
  public void close() {
    for (Thread t : pumps) {
      t.interrupt();
    }
    for (Thread t : pumps) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
