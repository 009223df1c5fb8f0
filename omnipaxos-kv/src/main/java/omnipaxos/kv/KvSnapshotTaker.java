package omnipaxos.kv;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.runtime.OmniPaxosNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts this server's log every {@code every} applied entries. The snapshot is the state
 * machine's applied state, encoded on this class's thread straight from the state (no copy of the
 * keys) and handed to the node ({@link OmniPaxosNode#installSnapshot}), whose storage writes it to
 * a file of its own on this thread too. So the node's thread neither replays the log nor encodes or
 * writes the state: at half a million keys that took it seconds, during which it answered no
 * heartbeat and lost its leadership. One snapshot at a time; a threshold passed while one runs is
 * taken up by the next applied entry after it ends.
 */
final class KvSnapshotTaker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvSnapshotTaker.class);

  private final long pid;
  private final long every;
  private final KvStateMachine stateMachine;
  private final OmniPaxosNode<KvEntry, KvSnapshot> node;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService worker;
  private volatile long lastPosition;
  private volatile long lastSaveMs = System.currentTimeMillis();

  KvSnapshotTaker(long pid, long every, KvStateMachine stateMachine,
      OmniPaxosNode<KvEntry, KvSnapshot> node) {
    this.pid = pid;
    this.every = every;
    this.stateMachine = stateMachine;
    this.node = node;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kv-" + pid + "-snapshot");
      t.setDaemon(true);
      return t;
    });
  }

  /** Called once the state machine applied everything below {@code position}. */
  void applied(long position) {
    if (position - lastPosition < every || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.execute(this::takeOnThreshold);
    } catch (RejectedExecutionException e) {
      running.set(false);
    }
  }

  /** Takes a snapshot now (SAVE, BGSAVE), after any that is being taken; completes once stored. */
  CompletableFuture<Void> save() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      worker.execute(() -> take().whenComplete((v, e) -> {
        if (e != null) {
          done.completeExceptionally(e);
        } else {
          done.complete(null);
        }
      }));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /**
   * When the last snapshot was stored (wall-clock milliseconds; when the server started if none).
   */
  long lastSaveMs() {
    return lastSaveMs;
  }

  private void takeOnThreshold() {
    take().whenComplete((v, e) -> running.set(false));
  }

  private CompletableFuture<Void> take() {
    long start = System.nanoTime();
    KvStateMachine.Image image = stateMachine.image();
    KvSnapshot snapshot = KvSnapshot.ofCanonical(image.bytes());
    long encoded = System.nanoTime();
    lastPosition = image.position();
    return node.installSnapshot(image.position(), snapshot).whenComplete((v, e) -> {
      if (e != null) {
        LOG.debug("server {}: snapshot at {} not installed: {}", pid, image.position(),
            e.toString());
        return;
      }
      lastSaveMs = System.currentTimeMillis();
      LOG.info("server {}: snapshot at {} ({} keys, {} bytes): encoded in {} ms, stored in {} ms",
          pid, image.position(), image.keys(), image.bytes().length, ms(encoded - start),
          ms(System.nanoTime() - encoded));
    });
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
