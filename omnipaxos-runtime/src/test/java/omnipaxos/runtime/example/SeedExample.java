package omnipaxos.runtime.example;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.LogEntry;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.MemoryStorage;
import omnipaxos.runtime.BleHandle;
import omnipaxos.runtime.ChannelClosedException;
import omnipaxos.runtime.ChannelReceiver;
import omnipaxos.runtime.ChannelSender;
import omnipaxos.runtime.DecidedEvent;
import omnipaxos.runtime.DecidedSubscription;
import omnipaxos.runtime.Envelope;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.runtime.ReconfigurationRequest;
import omnipaxos.runtime.SequencePaxosHandle;

/**
 * The seed document's runtime example in Java: creating an {@code OmniPaxosNode} with {@code KeyValue}
 * entries and {@code KVSnapshot} snapshots, wiring its handles to a network with one thread per
 * direction and component (the seed's four tasks), and the log interactions: leader, append, reads,
 * snapshot and the reconfiguration that replaces node 3 by node 4. The seed leaves the network as
 * {@code todo!()}; here it is a set of in-memory inboxes so that the three nodes of the cluster run in
 * one process. Beyond the seed, it uses the appends that complete when decided and a subscription that
 * applies decided entries to a key-value map.
 */
public final class SeedExample {

  private final PrintStream out;
  private final Network network = new Network();
  private final Map<Long, OmniPaxosHandle<KeyValue, KVSnapshot>> handles = new TreeMap<>();
  private final List<Thread> tasks = new ArrayList<>();

  public SeedExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    System.exit(new SeedExample(System.out).run() ? 0 : 1);
  }

  /** Runs the example. @return whether everything it checks held */
  public boolean run() throws Exception {
    List<Long> cluster = List.of(1L, 2L, 3L);
    for (long pid : cluster) {
      List<Long> peers = cluster.stream().filter(p -> p != pid).toList();
      OmniPaxosHandle<KeyValue, KVSnapshot> op = createNode(pid, peers);
      handles.put(pid, op);
      spawnNetworkTasks(pid, op);
    }
    try {
      return logInteractions();
    } finally {
      handles.values().forEach(h -> h.omniPaxos().close());
      tasks.forEach(Thread::interrupt);
    }
  }

  // ---- Creating an OmniPaxos node ----

  /** Node {@code myPid} of the cluster; the seed shows node 2 with peers 1 and 3. */
  static OmniPaxosHandle<KeyValue, KVSnapshot> createNode(long myPid, List<Long> myPeers) {
    NodeConfig nodeConf = NodeConfig.builder().pid(myPid).peers(myPeers).build();

    MemoryStorage<KeyValue, KVSnapshot> storage = new MemoryStorage<>();
    OmniPaxosHandle<KeyValue, KVSnapshot> op = OmniPaxosNode.create(nodeConf, storage, KVSnapshot.SNAPSHOTTER);
    return op;
  }

  // ---- Communication ----

  /** The seed's four tasks: two pump what the node wants sent, two push what the network received. */
  private void spawnNetworkTasks(long myPid, OmniPaxosHandle<KeyValue, KVSnapshot> op) {
    SequencePaxosHandle<KeyValue, KVSnapshot> seqPaxosHandle = op.seqPaxosHandle();
    BleHandle bleHandle = op.bleHandle();
    ChannelSender<PaxosMessage<Envelope<KeyValue>, KVSnapshot>> spIn = seqPaxosHandle.incoming();
    ChannelReceiver<PaxosMessage<Envelope<KeyValue>, KVSnapshot>> spOut = seqPaxosHandle.outgoing();
    ChannelSender<BleMessage> bleIn = bleHandle.incoming();
    ChannelReceiver<BleMessage> bleOut = bleHandle.outgoing();

    spawn("sp-out-" + myPid, () -> {
      // wait for any outgoing messages produced by Sequence Paxos
      while (true) {
        PaxosMessage<Envelope<KeyValue>, KVSnapshot> message = spOut.take();
        long receiver = message.to();
        network.send(receiver, message);
      }
    });
    spawn("ble-out-" + myPid, () -> {
      // wait for any outgoing messages produced by Ballot Leader Election
      while (true) {
        BleMessage message = bleOut.take();
        long receiver = message.to();
        network.send(receiver, message);
      }
    });
    spawn("sp-in-" + myPid, () -> {
      // pass every Sequence Paxos message received from the network to the node
      while (true) {
        spIn.put(network.receiveSequencePaxos(myPid));
      }
    });
    spawn("ble-in-" + myPid, () -> {
      // pass every leader-election message received from the network to the node
      while (true) {
        bleIn.put(network.receiveBle(myPid));
      }
    });
  }

  /** A pump body; it ends when its channel closes or the example shuts down. */
  private interface Task {
    void run() throws InterruptedException;
  }

  private void spawn(String name, Task body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (ChannelClosedException | InterruptedException e) {
        // The node closed, or the example is over.
      }
    }, name);
    t.setDaemon(true);
    tasks.add(t);
    t.start();
  }

  // ---- Log interactions ----

  private boolean logInteractions() throws Exception {
    OmniPaxosNode<KeyValue, KVSnapshot> omniPaxos = handles.get(2L).omniPaxos();

    OptionalLong leaderPid = omniPaxos.currentLeader().get();
    out.println("node 2 right after start: leader " + (leaderPid.isPresent() ? leaderPid.getAsLong() : "not known yet"));

    Map<String, Long> kv = new ConcurrentHashMap<>();
    DecidedSubscription<KeyValue, KVSnapshot> applier = handles.get(1L).omniPaxos().subscribe(0, e -> apply(kv, e));

    KeyValue writeEntry = new KeyValue("a", 123);
    omniPaxos.append(writeEntry).get();
    out.println("node 2 took " + writeEntry + " (the seed's append: not necessarily decided yet)");
    long idx = 0;
    for (int i = 1; i <= 120; i++) {
      idx = omniPaxos.appendDecided(new KeyValue("b", i)).get(30, TimeUnit.SECONDS);
    }
    out.println("120 more writes decided; the last one at index " + idx);
    out.println("leader now: " + omniPaxos.currentLeader().get());

    List<LogEntry<KeyValue, KVSnapshot>> entries = omniPaxos.readEntries(10).get();
    List<LogEntry<KeyValue, KVSnapshot>> decidedEntries = omniPaxos.readDecidedSuffix(0).get();
    out.println("readEntries(10..): " + entries.size() + " entries; readDecidedSuffix(0): " + decidedEntries.size());
    boolean ok = decidedEntries.get(0).equals(new LogEntry.Decided<KeyValue, KVSnapshot>(writeEntry));

    boolean localOnly = true;
    omniPaxos.snapshot(100, localOnly).get();
    LogEntry<KeyValue, KVSnapshot> first = omniPaxos.read(0).get().orElseThrow();
    out.println("after snapshot(100, local): position 0 reads as " + first);
    ok &= first instanceof LogEntry.Snapshotted<KeyValue, KVSnapshot> s
        && s.trimmedIdx() == 100 && s.snapshot().snapshotted().equals(Map.of("a", 123L, "b", 99L));

    // Node 3 seems to have crashed... let's replace it with node 4.
    handles.get(3L).omniPaxos().close();
    awaitLiveLeader(omniPaxos, 3);
    List<Long> newConfiguration = List.of(1L, 2L, 4L);
    Optional<byte[]> metadata = Optional.empty();
    ReconfigurationRequest rc = ReconfigurationRequest.with(newConfiguration, metadata);
    omniPaxos.reconfigure(rc).get();
    StopSign ss = omniPaxos.reconfigured().get(30, TimeUnit.SECONDS);
    out.println("reconfiguration decided: " + ss);
    ok &= ss.nextConfig().nodes().equals(newConfiguration) && ss.nextConfig().configurationId() == 2;

    applier.completion().get(30, TimeUnit.SECONDS);
    out.println("state machine on node 1, applied from its decided-entry subscription: " + new TreeMap<>(kv));
    ok &= kv.equals(Map.of("a", 123L, "b", 120L));
    out.println(ok ? "every check held" : "A CHECK FAILED");
    return ok;
  }

  private static void apply(Map<String, Long> kv, DecidedEvent<KeyValue, KVSnapshot> e) {
    if (e instanceof DecidedEvent.Entry<KeyValue, KVSnapshot> entry) {
      kv.put(entry.entry().key(), entry.entry().value());
    } else if (e instanceof DecidedEvent.Snapshot<KeyValue, KVSnapshot> s) {
      kv.clear();
      kv.putAll(s.snapshot().snapshotted());
    }
  }

  /** Waits until {@code node} follows a leader other than {@code crashed}, so that requests reach a live one. */
  private static void awaitLiveLeader(OmniPaxosNode<KeyValue, KVSnapshot> node, long crashed) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      OptionalLong l = node.currentLeader().get();
      if (l.isPresent() && l.getAsLong() != crashed) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no live leader after 30 s");
      }
      Thread.sleep(20);
    }
  }

  /** The network the seed leaves as {@code todo!()}: one inbox per node and component. */
  private static final class Network {
    private final Map<Long, BlockingQueue<PaxosMessage<Envelope<KeyValue>, KVSnapshot>>> paxos =
        new ConcurrentHashMap<>();
    private final Map<Long, BlockingQueue<BleMessage>> ble = new ConcurrentHashMap<>();

    void send(long receiver, PaxosMessage<Envelope<KeyValue>, KVSnapshot> m) {
      paxosInbox(receiver).add(m);
    }

    void send(long receiver, BleMessage m) {
      bleInbox(receiver).add(m);
    }

    PaxosMessage<Envelope<KeyValue>, KVSnapshot> receiveSequencePaxos(long pid) throws InterruptedException {
      return paxosInbox(pid).take();
    }

    BleMessage receiveBle(long pid) throws InterruptedException {
      return bleInbox(pid).take();
    }

    private BlockingQueue<PaxosMessage<Envelope<KeyValue>, KVSnapshot>> paxosInbox(long pid) {
      return paxos.computeIfAbsent(pid, p -> new LinkedBlockingQueue<>());
    }

    private BlockingQueue<BleMessage> bleInbox(long pid) {
      return ble.computeIfAbsent(pid, p -> new LinkedBlockingQueue<>());
    }
  }
}
