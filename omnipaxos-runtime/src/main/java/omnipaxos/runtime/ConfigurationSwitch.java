package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.ElectionStart;
import omnipaxos.core.LogEntry;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.migration.StateImage;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.runtime.ConfigurationChain.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ConfigurationChain} starts its configurations and moves from one to the next: the
 * loop of each configuration this node is a member of, the {@link Seal} that follows it, the
 * appends carried across a switch, the state built at a stop sign or fetched from other servers,
 * and the record of the next configuration. It works on the chain's state, under the chain's lock.
 */
final class ConfigurationSwitch<T, S> {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationChain.class);

  private final ConfigurationChain<T, S> chain;
  private final long pid;
  private final NodeConfig base;
  private final ConfigurationStore<T, S> store;
  private final Snapshotter<T, S> snapshotter;
  private final Codec<S> codec;
  private final boolean continues;
  private final MessageChannel<PaxosMessage<Envelope<T>, S>> paxosOut;
  private final MessageChannel<BleMessage> bleOut;
  private final MigrationLoop migration;

  ConfigurationSwitch(ConfigurationChain<T, S> chain, NodeConfig base,
      ConfigurationStore<T, S> store, Snapshotter<T, S> snapshotter, Codec<S> codec,
      boolean continues, MigrationLoop migration) {
    this.chain = chain;
    this.pid = base.pid();
    this.base = base;
    this.store = store;
    this.snapshotter = snapshotter;
    this.codec = codec;
    this.continues = continues;
    this.paxosOut = chain.paxosOut;
    this.bleOut = chain.bleOut;
    this.migration = migration;
  }

  /** What follows one configuration's loop. */
  private final class Seal implements LoopWiring.Successor<T> {
    private Instance<T, S> instance;

    @Override
    public void sealed(StopSign stopSign, long position, List<LoopWiring.Carried<T>> waiting) {
      Instance<T, S> inst = instance;
      inst.end = position + 1;
      synchronized (chain) {
        if (chain.lastRecordedId() >= stopSign.nextConfig().configurationId()) {
          // This node got to the next configuration first by fetching its state (it lagged behind
          // in this one): there is nothing to switch to, and the waiting appends go to it now.
          LOG.info(
              "node {}: configuration {} sealed after it entered {} with a fetched state",
              pid,
              inst.id(),
              chain.lastRecordedId());
          ConfigurationSwitch.this.carry(waiting);
          return;
        }
        chain.carried.addAll(waiting);
        chain.switchingTo = Math.max(chain.switchingTo, stopSign.nextConfig().configurationId());
      }
      migration.execute(() -> advance(inst, stopSign, position));
    }

    @Override
    public void carry(List<LoopWiring.Carried<T>> appends) {
      ConfigurationSwitch.this.carry(appends);
    }
  }

  /** Hands {@code appends} to the running configuration, or keeps them for the next one. */
  private void carry(List<LoopWiring.Carried<T>> appends) {
    synchronized (chain) {
      Instance<T, S> c = chain.current;
      if (c != null && c.end < 0) {
        c.loop.carryIn(appends);
      } else if (chain.switchingTo != 0 || chain.fetchRequested > chain.lastRecordedId()
          || startingLatest()) {
        chain.carried.addAll(appends);
      } else {
        failCarried(appends, chain.absence());
      }
    }
  }

  /**
   * Whether this node is a member of its latest recorded configuration whose loop is not running
   * yet (recorded, about to start): appends wait for it like during the switch itself.
   */
  private boolean startingLatest() {
    if (chain.records.isEmpty() || chain.closed) {
      return false;
    }
    ConfigurationRecord latest = chain.records.get(chain.records.size() - 1);
    Instance<T, S> c = chain.current;
    return latest.config().contains(pid) && (c == null || c.id() != latest.configurationId());
  }

  private static <T> void failCarried(List<LoopWiring.Carried<T>> appends, String why) {
    for (LoopWiring.Carried<T> c : appends) {
      c.future()
          .completeExceptionally(
              new ProposalRejectedException(
                  ProposalRejectedException.Reason.RECONFIGURED,
                  why + "; the entry was not decided"));
    }
  }

  /**
   * On the migration thread: carries the state at {@code sealed}'s stop sign (decided at {@code
   * position}) over into the next configuration.
   *
   * <p>The next configuration starts as soon as the state is built in memory, before the state is
   * encoded and stored, so that writes pause for as short as possible. That is safe: until the
   * record is durable, a restart runs the sealed configuration again, which decides the same stop
   * sign and comes back here; the next configuration's log, already on disk, is then opened as it
   * was.
   */
  private void advance(Instance<T, S> sealed, StopSign stopSign, long position) {
    ClusterConfig next = stopSign.nextConfig();
    try {
      synchronized (chain) {
        if (chain.lastRecordedId() >= next.configurationId()) {
          return;
        }
      }
      migration.preparing(
          next.configurationId(),
          "server " + pid + " is preparing the state at the end of configuration " + sealed.id());
      long t0 = System.nanoTime();
      ConfigurationRecord record = new ConfigurationRecord(next, position + 1, stopSign.metadata());
      S state = null;
      if (snapshotter.enabled()) {
        long local = position - sealed.start();
        state = sealed.loop.call(core -> stateAt(core, local, sealed.base)).join();
      }
      Ballot decidedUnder = sealed.loop.call(core -> core.promise()).join();
      long built = System.nanoTime();
      enter(
          record,
          state,
          sealed,
          ElectionStart.forContinuingMember(sealed.record.config(), next, decidedUnder, pid));
      long running = System.nanoTime();
      byte[] bytes = codec != null && state != null ? codec.encode(state) : null;
      store.append(record, Optional.ofNullable(bytes));
      if (bytes != null) {
        migration.offer(
            StateImage.of(
                sealed.record.config(),
                stopSign,
                record.startPosition(),
                bytes,
                base.migrationChunkSize()));
      }
      LOG.info(
          "node {}: configuration {} ended at position {}; next {}: state built in {} ms, running"
              + " after {} ms, recorded with {} bytes of state after {} ms",
          pid,
          sealed.id(),
          position,
          record,
          ms(built - t0),
          ms(running - t0),
          bytes == null ? 0 : bytes.length,
          ms(System.nanoTime() - t0));
    } catch (RuntimeException e) {
      chain.fail(
          "switching from configuration " + sealed.id() + " to " + next.configurationId(), e);
    }
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * The state after the sealed log's entries {@code [0, local)}, built with the snapshotter
   * (compacting the sealed log up to there); null if the entries were trimmed without a snapshot.
   */
  private S stateAt(OmniPaxos<Envelope<T>, S> core, long local, S startState) {
    if (local > core.compactedIdx()) {
      core.snapshot(OptionalLong.of(local), true);
    }
    if (core.compactedIdx() == 0) {
      return startState != null ? startState : snapshotter.create(List.of());
    }
    Optional<LogEntry<Envelope<T>, S>> e = core.read(0);
    if (e.isPresent() && e.get() instanceof LogEntry.Snapshotted<Envelope<T>, S> s) {
      return s.snapshot();
    }
    LOG.error(
        "node {}: the log was trimmed without a snapshot; the state at the stop sign cannot be"
            + " built",
        pid);
    return null;
  }

  /**
   * On the migration thread: the state of configuration {@code image}'s start was fetched and
   * verified.
   */
  void migrated(StateImage image) {
    var m = image.manifest();
    try {
      synchronized (chain) {
        if (chain.lastRecordedId() >= m.configId()) {
          return;
        }
      }
      byte[] bytes = image.bytes();
      S state = codec.decode(bytes);
      ConfigurationRecord record =
          new ConfigurationRecord(m.config(), m.startPosition(), m.stopSign().metadata());
      store.append(record, Optional.of(bytes));
      migration.offer(image);
      LOG.info("node {}: starting {} from the migrated state", pid, record);
      enter(record, state, null, ElectionStart.JOINER);
    } catch (RuntimeException e) {
      chain.fail("starting configuration " + m.configId() + " from the migrated state", e);
    }
  }

  /**
   * Records {@code record} and runs it if this node is a member. Loops of older configurations
   * stop, except {@code keep} (the one just sealed, which goes on answering members that missed its
   * decision).
   */
  private void enter(
      ConfigurationRecord record, S state, Instance<T, S> keep, ElectionStart start) {
    List<Instance<T, S>> stale = new ArrayList<>();
    synchronized (chain) {
      chain.records.add(record);
      chain.switchingTo = 0;
      for (Instance<T, S> i : chain.instances) {
        if (i != keep) {
          stale.add(i);
        }
      }
      List<Instance<T, S>> kept = new ArrayList<>(chain.instances);
      kept.removeAll(stale);
      chain.instances = List.copyOf(kept);
      if (chain.current != null && stale.contains(chain.current)) {
        chain.current = null;
      }
    }
    for (Instance<T, S> i : stale) {
      LOG.info("node {}: stopping configuration {}", pid, i.id());
      i.retired = true;
      i.loop.close();
    }
    migration.cancelFetchUpTo(record.configurationId());
    if (record.config().contains(pid)) {
      startInstance(record, state, start);
    } else {
      List<LoopWiring.Carried<T>> orphans;
      synchronized (chain) {
        chain.current = null;
        orphans = List.copyOf(chain.carried);
        chain.carried.clear();
        chain.signalChanged();
      }
      LOG.warn("node {}: removed from the cluster: {} does not include it", pid, record);
      failCarried(
          orphans,
          "node "
              + pid
              + " was removed from the cluster in configuration "
              + record.configurationId());
      chain.notifyListeners();
    }
  }

  /** Starts the loop of {@code record} (this node is a member) with {@code state} at its start. */
  void startInstance(ConfigurationRecord record, S state, ElectionStart start) {
    ClusterConfig config = record.config();
    NodeConfig.Builder b = base.toBuilder().electionStart(start)
        .configurationId(config.configurationId())
        .peers(config.nodes().stream().filter(p -> p != pid).toList());
    config
        .flexibleQuorum()
        .ifPresentOrElse(
            q -> b.flexibleQuorum(q.readQuorumSize(), q.writeQuorumSize()), b::majorityQuorums);
    NodeConfig nc = b.build();
    Seal seal = continues ? new Seal() : null;
    LoopWiring<T, S> wiring = new LoopWiring<>(paxosOut, bleOut, record.startPosition(), seal);
    Snapshotter<T, S> sn = state != null ? new BaseSnapshotter<>(snapshotter, state) : snapshotter;
    NodeLoop<T, S> loop = new NodeLoop<>(nc, store.log(config.configurationId()), sn, wiring);
    Instance<T, S> inst = new Instance<>(record, loop, state);
    if (seal != null) {
      seal.instance = inst;
    }
    chain.notifyListeners();
    synchronized (chain) {
      List<Instance<T, S>> all = new ArrayList<>(chain.instances);
      all.add(inst);
      chain.instances = List.copyOf(all);
      chain.current = inst;
      if (!chain.carried.isEmpty()) {
        loop.carryIn(List.copyOf(chain.carried));
        chain.carried.clear();
      }
      chain.signalChanged();
    }
    loop.terminated()
        .whenComplete(
            (v, e) -> {
              if (!inst.retired && !chain.closed) {
                // The loop stopped on its own: a fatal error (e.g. of its storage) stops the node.
                chain.fail(
                    "configuration " + inst.id(),
                    new IllegalStateException("its event loop stopped after a fatal error"));
              }
            });
    loop.start();
    chain.notifyListeners();
  }
}
