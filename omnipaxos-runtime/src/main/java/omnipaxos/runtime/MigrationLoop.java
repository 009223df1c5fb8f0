package omnipaxos.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.migration.MigrationOptions;
import omnipaxos.core.migration.MigrationSink;
import omnipaxos.core.migration.MigrationSource;
import omnipaxos.core.migration.StateImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives a node's state migration: the {@link MigrationSource} that serves the
 * states this node holds, and the {@link MigrationSink} that fetches the state of a configuration
 * this node joins. It also runs the node's slow configuration work ({@link #execute}: building,
 * encoding and storing a state, starting the next configuration), so that no event loop waits for
 * it. Ticks every tick period; wakes when a message or task arrives.
 */
final class MigrationLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationLoop.class);
  private static final int MAX_MESSAGES_PER_PASS = 1024;

  private final long pid;
  private final long tickNanos;
  private final MigrationOptions options;
  private final MessageChannel<MigrationMessage> in;
  private final MessageChannel<MigrationMessage> out;
  private final Consumer<StateImage> migrated;
  private final MigrationSource source;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeSignalled = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean closed;
  private volatile Optional<MigrationSink.Progress> progress = Optional.empty();
  private volatile long bytesServed;
  private MigrationSink sink;
  private boolean sourcesWidened;
  private long droppedOutgoing;

  /**
   * @param migrated told (on this thread) of every verified state a sink fetched
   */
  MigrationLoop(long pid, long tickNanos, int capacity, MigrationOptions options,
      MessageChannel<MigrationMessage> out, Consumer<StateImage> migrated) {
    this.pid = pid;
    this.tickNanos = tickNanos;
    this.options = options;
    this.out = out;
    this.migrated = migrated;
    this.source = new MigrationSource(pid);
    this.in = new MessageChannel<>("node " + pid + " migration incoming", capacity, this::wake);
    this.thread = new Thread(this, "omnipaxos-node-" + pid + "-migration");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  MessageChannel<MigrationMessage> incoming() {
    return in;
  }

  Thread thread() {
    return thread;
  }

  /** Runs {@code task} on this loop's thread, after what was submitted before. */
  void execute(Runnable task) {
    tasks.add(task);
    wake();
  }

  // ---- on the loop's thread (through execute) ----

  /** Serves {@code image} from now on. */
  void offer(StateImage image) {
    source.offer(image);
  }

  /** Says that the state of {@code configId} is being prepared here. */
  void preparing(int configId, String what) {
    source.preparing(configId, what);
  }

  /**
   * Starts fetching the state at the start of configuration {@code configId} from {@code sources},
   * unless a fetch of it or of a later configuration is under way; a fetch of an earlier one is
   * dropped.
   */
  void fetch(int configId, Collection<Long> sources) {
    if (sink != null && sink.configId() >= configId) {
      sources.forEach(sink::addSource);
      return;
    }
    LOG.info("node {}: fetching the state of configuration {} from {}", pid, configId, sources);
    sink = new MigrationSink(pid, configId, sources, options);
    sourcesWidened = false;
    progress = Optional.of(sink.progress());
    flush();
  }

  /**
   * Drops a fetch of configuration {@code configId} or earlier (the node got there another way).
   */
  void cancelFetchUpTo(int configId) {
    if (sink != null && sink.configId() <= configId) {
      sink = null;
      progress = Optional.empty();
    }
  }

  // ---- observation, any thread ----

  Optional<MigrationSink.Progress> progress() {
    return progress;
  }

  long bytesServed() {
    return bytesServed;
  }

  void close() {
    closed = true;
    wake();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    in.close();
  }

  // ---- the loop ----

  @Override
  public void run() {
    long nextTick = System.nanoTime() + tickNanos;
    try {
      while (!closed) {
        Runnable task;
        while ((task = tasks.poll()) != null && !closed) {
          task.run();
        }
        for (MigrationMessage m : in.drain(MAX_MESSAGES_PER_PASS)) {
          handle(m);
        }
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          nextTick = now + tickNanos;
          if (sink != null) {
            sink.tick();
          }
        }
        flush();
        finishIfDone();
        if (tasks.isEmpty() && in.size() == 0 && !closed) {
          wakeSignalled.set(false);
          sleeping = true;
          if (tasks.isEmpty() && in.size() == 0 && !closed) {
            LockSupport.parkNanos(this, Math.max(0, nextTick - System.nanoTime()));
          }
          sleeping = false;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("node {}: migration loop failed", pid, e);
    }
  }

  private void handle(MigrationMessage m) {
    if (m instanceof MigrationMessage.ManifestRequest
        || m instanceof MigrationMessage.ChunkRequest) {
      source.handle(m);
    } else if (sink != null) {
      sink.handle(m);
      if (!sourcesWidened && sink.manifest().isPresent()) {
        // Every server of the old configuration holds the state, and so may new members that got
        // it.
        sourcesWidened = true;
        sink.manifest().get().previous().nodes().forEach(sink::addSource);
        sink.manifest().get().config().nodes().forEach(sink::addSource);
      }
    }
  }

  private void flush() {
    send(source.takeOutgoing());
    bytesServed = source.bytesServed();
    if (sink != null) {
      send(sink.takeOutgoing());
      progress = Optional.of(sink.progress());
    }
  }

  private void send(List<MigrationMessage> messages) {
    for (MigrationMessage m : messages) {
      if (out.offer(m) != OfferResult.ACCEPTED) {
        if (droppedOutgoing++ == 0) {
          LOG.warn(
              "node {}: migration outgoing channel full or closed; dropping (the fetching side asks"
                  + " again)",
              pid);
        }
      }
    }
  }

  private void finishIfDone() {
    if (sink != null && sink.phase() == MigrationSink.Phase.DONE) {
      StateImage image = sink.image().orElseThrow();
      sink = null;
      progress = Optional.empty();
      LOG.info("node {}: fetched and verified the state of configuration {} ({} bytes)", pid,
          image.manifest().configId(), image.manifest().size());
      migrated.accept(image);
    }
  }

  private void wake() {
    if (sleeping && wakeSignalled.compareAndSet(false, true)) {
      LockSupport.unpark(thread);
    }
  }
}
