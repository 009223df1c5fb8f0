package omnipaxos.testkit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.StopSign;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.migration.MigrationOptions;
import omnipaxos.core.migration.MigrationSink;
import omnipaxos.core.migration.MigrationSource;
import omnipaxos.core.migration.StateImage;

/**
 * State migration in the simulation, as a runtime does it: a server that decided a stop sign serves
 * the state at it (here: the ids of the sealed configuration's chosen entries), and a server new to
 * the next configuration fetches that state over the simulated network, in chunks from every server
 * of the sealed configuration, before its instance of the next configuration starts (so it can vote
 * only once it holds the state). A crash loses a fetch in progress (it starts over at the restart);
 * a server serves again after its restart. A fetched state that differs from the chosen log is a
 * failure of the simulation.
 */
final class SimMigrations<T, S> {

  /** What the simulator does for the migrations. */
  interface Host<T, S> {
    void send(Message<T, S> message);

    /** {@code pid} holds the state at the start of {@code config}: start its instance. */
    void migrated(long pid, ClusterConfig config);

    List<Object> chosen(int configId);

    SimulationFailure failure(String violation);

    void trace(long pid, Object detail);

    SimStats stats();
  }

  private record Joining(ClusterConfig previous, StopSign stopSign) {}

  private final EntryCodec<T> codec;
  private final int chunkSize;
  private final MigrationOptions options;
  private final Host<T, S> host;
  private final Map<Long, MigrationSource> sources = new TreeMap<>();
  private final Map<Long, Joining> joining = new TreeMap<>();
  private final Map<Long, MigrationSink> sinks = new TreeMap<>();
  private final Map<Long, MigrationSink.Progress> finished = new TreeMap<>();

  SimMigrations(EntryCodec<T> codec, int chunkSize, MigrationOptions options, Host<T, S> host) {
    this.codec = codec;
    this.chunkSize = chunkSize;
    this.options = options;
    this.host = host;
  }

  /** The state at {@code stopSign}, the end of {@code previous}: its chosen entries' ids. */
  private StateImage image(ClusterConfig previous, StopSign stopSign) {
    List<Object> chosen = host.chosen(previous.configurationId());
    int ssAt = chosen.indexOf(stopSign);
    if (ssAt < 0) {
      throw host.failure("the stop sign " + stopSign + " is not in the chosen log of configuration "
          + previous.configurationId());
    }
    WireWriter w = new WireWriter(8 * ssAt + 4);
    w.writeInt(ssAt);
    for (int i = 0; i < ssAt; i++) {
      @SuppressWarnings("unchecked")
      T entry = (T) chosen.get(i);
      if (entry == null) {
        throw host.failure(
            "position "
                + i
                + " of configuration "
                + previous.configurationId()
                + " was never seen decided");
      }
      w.writeLong(codec.id(entry));
    }
    return StateImage.of(previous, stopSign, ssAt + 1, w.toByteArray(), chunkSize);
  }

  /**
   * {@code pid}, a server of {@code previous}, decided its stop sign: it serves the state from now
   * on.
   */
  void sealed(long pid, ClusterConfig previous, StopSign stopSign) {
    sources.computeIfAbsent(pid, MigrationSource::new).offer(image(previous, stopSign));
  }

  /**
   * {@code pid} is new to {@code stopSign.nextConfig()}: it fetches the state before it takes part.
   */
  void join(long pid, ClusterConfig previous, StopSign stopSign) {
    int id = stopSign.nextConfig().configurationId();
    if (joining.containsKey(pid)
        && joining.get(pid).stopSign().nextConfig().configurationId() >= id) {
      return;
    }
    joining.put(pid, new Joining(previous, stopSign));
    startSink(pid);
    host.stats().count(Stat.MIGRATIONS_STARTED);
  }

  private void startSink(long pid) {
    Joining j = joining.get(pid);
    sinks.put(
        pid,
        new MigrationSink(
            pid, j.stopSign().nextConfig().configurationId(), j.previous().nodes(), options));
    host.trace(
        pid,
        "fetching the state of configuration "
            + j.stopSign().nextConfig().configurationId()
            + " from "
            + j.previous().nodes());
    flush(pid);
  }

  /** Whether {@code pid} is still fetching the state of configuration {@code configId}. */
  boolean fetching(long pid, int configId) {
    Joining j = joining.get(pid);
    return j != null && j.stopSign().nextConfig().configurationId() == configId;
  }

  void tick(long pid) {
    MigrationSink s = sinks.get(pid);
    if (s != null) {
      s.tick();
      flush(pid);
    }
  }

  void deliver(long pid, MigrationMessage m) {
    if (m instanceof MigrationMessage.ManifestRequest
        || m instanceof MigrationMessage.ChunkRequest) {
      MigrationSource src = sources.computeIfAbsent(pid, MigrationSource::new);
      src.handle(m);
      for (MigrationMessage r : src.takeOutgoing()) {
        host.send(Message.of(r));
      }
      return;
    }
    MigrationSink s = sinks.get(pid);
    if (s == null) {
      return;
    }
    s.handle(m);
    flush(pid);
    if (s.phase() == MigrationSink.Phase.DONE) {
      finish(pid, s);
    }
  }

  private void finish(long pid, MigrationSink s) {
    Joining j = joining.remove(pid);
    sinks.remove(pid);
    StateImage got = s.image().orElseThrow();
    StateImage expected = image(j.previous(), j.stopSign());
    if (!java.util.Arrays.equals(got.bytes(), expected.bytes())) {
      throw host.failure(
          "node "
              + pid
              + " migrated a state of configuration "
              + got.manifest().configId()
              + " that differs from the chosen log of configuration "
              + j.previous().configurationId());
    }
    finished.put(pid, s.progress());
    host.stats().count(Stat.MIGRATIONS_DONE);
    host.stats().count(Stat.MIGRATED_BYTES, got.manifest().size());
    host.trace(
        pid,
        "fetched the state of configuration " + got.manifest().configId() + ": " + s.progress());
    // It holds the state now, so it serves it too.
    sources.computeIfAbsent(pid, MigrationSource::new).offer(got);
    host.migrated(pid, j.stopSign().nextConfig());
  }

  private void flush(long pid) {
    MigrationSink s = sinks.get(pid);
    if (s != null) {
      for (MigrationMessage m : s.takeOutgoing()) {
        host.send(Message.of(m));
      }
    }
  }

  /** {@code pid} crashed: a fetch in progress is lost. */
  void crashed(long pid) {
    sinks.remove(pid);
  }

  /** {@code pid} restarted: a fetch it had not finished starts over. */
  void restarted(long pid) {
    if (joining.containsKey(pid)) {
      startSink(pid);
    }
  }

  /**
   * How {@code pid}'s last completed fetch went (bytes by source among them), if it completed one.
   */
  java.util.Optional<MigrationSink.Progress> lastFetch(long pid) {
    return java.util.Optional.ofNullable(finished.get(pid));
  }

  /** The progress of {@code pid}'s fetch, if one runs. */
  java.util.Optional<MigrationSink.Progress> progress(long pid) {
    return java.util.Optional.ofNullable(sinks.get(pid)).map(MigrationSink::progress);
  }
}
