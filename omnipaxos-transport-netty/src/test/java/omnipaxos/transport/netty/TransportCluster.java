package omnipaxos.transport.netty;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import omnipaxos.core.codec.Codec;

/**
 * Transports for a set of pids on loopback ports, each with its own listener, that can be started,
 * stopped and restarted on the same port. Closing it closes every transport.
 */
final class TransportCluster<T, S, L extends TransportListener<T, S>> implements AutoCloseable {

  private final Map<Long, InetSocketAddress> addresses = new LinkedHashMap<>();
  private final Map<Long, NettyTransport<T, S>> transports = new HashMap<>();
  private final Map<Long, L> listeners = new HashMap<>();
  private final Codec<T> entries;
  private final Codec<S> snapshots;
  private final BiFunction<Long, NettyTransportConfig.Builder, NettyTransportConfig.Builder> tweak;
  private final LongFunction<L> newListener;

  TransportCluster(List<Long> pids, Codec<T> entries, Codec<S> snapshots, LongFunction<L> newListener,
      BiFunction<Long, NettyTransportConfig.Builder, NettyTransportConfig.Builder> tweak) {
    List<Integer> ports = Net.freePorts(pids.size());
    for (int i = 0; i < pids.size(); i++) {
      addresses.put(pids.get(i), Net.loopback(ports.get(i)));
    }
    this.entries = entries;
    this.snapshots = snapshots;
    this.newListener = newListener;
    this.tweak = tweak;
  }

  /** The configuration of {@code pid}: loopback addresses, fast reconnects, and the test's tweaks. */
  NettyTransportConfig config(long pid) {
    Map<Long, InetSocketAddress> peers = new LinkedHashMap<>(addresses);
    peers.remove(pid);
    NettyTransportConfig.Builder b = NettyTransportConfig.builder()
        .pid(pid)
        .clusterId("test")
        .listenAddress(addresses.get(pid))
        .peers(peers)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
    return tweak.apply(pid, b).build();
  }

  InetSocketAddress address(long pid) {
    return addresses.get(pid);
  }

  /** Starts {@code pid} with a fresh listener, retrying while its port is still held by a closing socket. */
  NettyTransport<T, S> start(long pid) {
    L listener = newListener.apply(pid);
    long deadline = System.nanoTime() + Net.AWAIT.toNanos();
    while (true) {
      NettyTransport<T, S> t = new NettyTransport<>(config(pid), entries, snapshots, listener);
      try {
        t.start();
        transports.put(pid, t);
        listeners.put(pid, listener);
        return t;
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) {
          throw e;
        }
        Net.pause(50);
      }
    }
  }

  void startAll() {
    for (long pid : addresses.keySet()) {
      start(pid);
    }
  }

  void stop(long pid) {
    NettyTransport<T, S> t = transports.remove(pid);
    if (t != null) {
      t.close();
    }
  }

  NettyTransport<T, S> transport(long pid) {
    return transports.get(pid);
  }

  L listener(long pid) {
    return listeners.get(pid);
  }

  /** Waits until every running transport is connected to every other running one. */
  void awaitConnected() {
    Net.await("all running transports connected", () -> transports.entrySet().stream().allMatch(e ->
        transports.keySet().stream().allMatch(p -> p.equals(e.getKey()) || e.getValue().isConnected(p))));
  }

  @Override
  public void close() {
    for (long pid : List.copyOf(transports.keySet())) {
      stop(pid);
    }
  }
}
