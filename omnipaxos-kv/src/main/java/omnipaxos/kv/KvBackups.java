package omnipaxos.kv;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import omnipaxos.kv.KvExecutor.AdminReply;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code OMNIPAXOS BACKUP} commands: a consistent copy of the key-value state at a decided log
 * position, held in memory for {@code omnipaxos-kv backup} to fetch in chunks.
 *
 * <ul>
 *   <li>{@code BACKUP} appends a read to the log and waits until it is applied here, so that the
 *       state taken next holds every write acknowledged (by any server) before the command arrived;
 *       then, off the apply thread, it takes the state together with its applied position, encodes
 *       it canonically ({@link KvCodecs#canonicalSnapshots()}), computes its SHA-256 and holds it
 *       under a new id. The reply is INFO style: {@code backup_id}, {@code cluster_id}, {@code
 *       position}, {@code keys}, {@code size}, {@code sha256}, {@code configuration}, {@code
 *       chunk_size}, {@code taken_at_ms}, {@code expires_after_idle_ms}.
 *   <li>{@code BACKUP-CHUNK <id> <offset> [<length>]}: up to {@code length} (at most, and by
 *       default, {@code chunk_size}) bytes of the encoded state from {@code offset}, as a bulk
 *       string.
 *   <li>{@code BACKUP-END <id>}: frees the backup.
 * </ul>
 *
 * <p>At most a few backups are held (or being taken) at once; one not fetched for a while is freed.
 * Errors are one line that says what to do.
 */
final class KvBackups implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvBackups.class);

  static final String USAGE = "usage: OMNIPAXOS BACKUP | BACKUP-CHUNK <id> <offset> [<length>]"
      + " | BACKUP-END <id>";
  /** The largest chunk {@code BACKUP-CHUNK} returns (and its default). */
  static final int CHUNK_BYTES = 4 << 20;
  /** How many backups a server holds (or takes) at once. */
  private static final int MAX_HELD = 2;
  /** A backup not fetched for this long is freed. */
  private static final Duration IDLE = Duration.ofMinutes(5);

  /** What the read through the log reads: nothing, it only has to be decided and applied. */
  private static final KvEntry.Invoke BARRIER = KvEntry.Invoke.of(0, "DBSIZE");

  private final long pid;
  private final String clusterId;
  private final Function<KvEntry.Invoke, CompletableFuture<Reply>> log;
  private final KvStateMachine stateMachine;
  private final IntSupplier configurationId;
  private final ScheduledExecutorService timer;
  /** Encodes states: at most one thread, only while there is work. */
  private final ThreadPoolExecutor encoder;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Held> held = new TreeMap<>();
  private int taking;
  private boolean closed;

  /** A backup in memory. */
  private static final class Held {
    final String id;
    final byte[] state;
    final byte[] sha256;
    final long position;
    final int keys;
    final int configurationId;
    final long takenAtMillis;
    volatile long lastUsedNanos = System.nanoTime();

    Held(
        String id,
        byte[] state,
        byte[] sha256,
        long position,
        int keys,
        int configurationId,
        long takenAtMillis) {
      this.id = id;
      this.state = state;
      this.sha256 = sha256;
      this.position = position;
      this.keys = keys;
      this.configurationId = configurationId;
      this.takenAtMillis = takenAtMillis;
    }
  }

  /**
   * @param pid this server's pid
   * @param clusterId the id of this server's cluster, named in every backup
   * @param log executes a command through the log (the server's own {@link KvExecutor#execute})
   * @param stateMachine the state machine the backups copy
   * @param configurationId the configuration the server runs now
   * @param timer where the expiry of idle backups is scheduled
   */
  KvBackups(long pid, String clusterId, Function<KvEntry.Invoke, CompletableFuture<Reply>> log,
      KvStateMachine stateMachine, IntSupplier configurationId, ScheduledExecutorService timer) {
    this.pid = pid;
    this.clusterId = clusterId;
    this.log = log;
    this.stateMachine = stateMachine;
    this.configurationId = configurationId;
    this.timer = timer;
    this.encoder =
        new ThreadPoolExecutor(
            0,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "kv-" + pid + "-backup");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code BACKUP}, {@code BACKUP-CHUNK} or {@code BACKUP-END} ({@code op}, lower case) with
   * {@code args}; the future fails with a message for the client.
   */
  CompletableFuture<AdminReply> run(String op, List<String> args) {
    try {
      return switch (op) {
        case "backup" -> {
          expect(args, 0);
          yield take();
        }
        case "backup-chunk" -> {
          if (args.size() != 2 && args.size() != 3) {
            throw new IllegalArgumentException(USAGE);
          }
          yield CompletableFuture.completedFuture(chunk(args.get(0), args.get(1),
              args.size() == 3 ? args.get(2) : Integer.toString(CHUNK_BYTES)));
        }
        case "backup-end" -> {
          expect(args, 1);
          yield CompletableFuture.completedFuture(end(args.get(0)));
        }
        default -> throw new IllegalArgumentException(USAGE);
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void expect(List<String> args, int n) {
    if (args.size() != n) {
      throw new IllegalArgumentException(USAGE);
    }
  }

  private CompletableFuture<AdminReply> take() {
    synchronized (this) {
      if (closed) {
        throw closing();
      }
      if (held.size() + taking >= MAX_HELD) {
        throw new IllegalStateException(
            MAX_HELD
                + " backups are held or being taken on server "
                + pid
                + " already "
                + held.keySet()
                + "; wait until they are fetched, end one with OMNIPAXOS BACKUP-END <id>, or wait"
                + " until it expires "
                + words(IDLE)
                + " after its last fetch");
      }
      taking++;
    }
    CompletableFuture<Reply> barrier;
    try {
      barrier = log.apply(BARRIER);
    } catch (RuntimeException e) {
      barrier = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<AdminReply> reply = new CompletableFuture<>();
    barrier.whenComplete(
        (r, e) -> {
          try {
            encoder.execute(
                () -> {
                  try {
                    reply.complete(afterBarrier(r, e));
                  } catch (RuntimeException x) {
                    reply.completeExceptionally(x);
                  } catch (OutOfMemoryError x) {
                    reply.completeExceptionally(
                        new IllegalStateException(
                            "server "
                                + pid
                                + " has not enough memory to take a backup of its state; give it a"
                                + " larger heap (-Xmx), or take the backup through another"
                                + " server"));
                  } finally {
                    taken();
                  }
                });
          } catch (RejectedExecutionException x) {
            taken();
            reply.completeExceptionally(closing());
          }
        });
    return reply;
  }

  private synchronized void taken() {
    taking--;
  }

  private IllegalStateException closing() {
    return new IllegalStateException(
        "server " + pid + " is closing; take the backup through another server");
  }

  /** Once the read through the log is done: takes the state and holds it, or says why not. */
  private AdminReply afterBarrier(Reply result, Throwable failure) {
    if (failure != null || result instanceof Reply.Error) {
      String why = failure != null ? message(failure) : ((Reply.Error) result).text();
      throw new IllegalStateException(
          "no backup taken: the read through the log failed: "
              + (why.startsWith("ERR ") ? why.substring(4) : why)
              + "; retry, or take it through another server");
    }
    return hold(stateMachine.applied());
  }

  private AdminReply hold(KvStateMachine.Applied applied) {
    int configuration = configurationId.getAsInt();
    byte[] state = KvCodecs.canonicalSnapshots().encode(applied.state());
    byte[] id = new byte[8];
    random.nextBytes(id);
    Held h =
        new Held(
            HexFormat.of().formatHex(id),
            state,
            BackupFile.newSha256().digest(state),
            applied.position(),
            (int) applied.state().size(),
            configuration,
            System.currentTimeMillis());
    synchronized (this) {
      if (closed) {
        throw closing();
      }
      held.put(h.id, h);
    }
    expireLater(h.id, IDLE.toNanos());
    LOG.info(
        "server {}: backup {} taken at position {}: {} keys, {} bytes",
        pid,
        h.id,
        h.position,
        h.keys,
        state.length);
    String reply = "# Backup\r\n"
        + "backup_id:" + h.id + "\r\n"
        + "cluster_id:" + clusterId + "\r\n"
        + "position:" + h.position + "\r\n"
        + "keys:" + h.keys + "\r\n"
        + "size:" + state.length + "\r\n"
        + "sha256:" + HexFormat.of().formatHex(h.sha256) + "\r\n"
        + "configuration:" + h.configurationId + "\r\n"
        + "chunk_size:" + CHUNK_BYTES + "\r\n"
        + "taken_at_ms:" + h.takenAtMillis + "\r\n"
        + "expires_after_idle_ms:" + IDLE.toMillis() + "\r\n";
    return new AdminReply.Data(reply.getBytes(StandardCharsets.UTF_8));
  }

  private AdminReply chunk(String id, String from, String maxLength) {
    Held h = find(id);
    long offset = number("offset", from);
    long length = number("length", maxLength);
    if (length < 1 || length > CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "length " + length + " is outside 1 to " + CHUNK_BYTES + "; " + USAGE);
    }
    if (offset < 0 || offset > h.state.length) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + " is outside backup "
              + id
              + " of "
              + h.state.length
              + " bytes; give an offset from 0 to "
              + h.state.length);
    }
    h.lastUsedNanos = System.nanoTime();
    int start = (int) offset;
    return new AdminReply.Data(
        Arrays.copyOfRange(h.state, start, (int) Math.min(h.state.length, (long) start + length)));
  }

  private static long number(String what, String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a number; " + USAGE);
    }
  }

  private AdminReply end(String id) {
    Held h;
    synchronized (this) {
      h = held.remove(id);
    }
    if (h == null) {
      throw unknown(id);
    }
    return new AdminReply.Status("OK backup " + id + " freed");
  }

  private synchronized Held find(String id) {
    Held h = held.get(id);
    if (h == null) {
      throw unknown(id);
    }
    return h;
  }

  private IllegalArgumentException unknown(String id) {
    return new IllegalArgumentException(
        "unknown backup id '"
            + id
            + "' on server "
            + pid
            + ": it was ended, expired "
            + words(IDLE)
            + " after its last fetch, or was taken on another server or before a restart; take a"
            + " new one with omnipaxos-kv backup (OMNIPAXOS BACKUP)");
  }

  /**
   * Frees backup {@code id} once it has not been fetched for {@link #IDLE}, checking after {@code
   * delayNanos}.
   */
  private void expireLater(String id, long delayNanos) {
    try {
      timer.schedule(() -> expire(id), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The server is closing: its backups go with it.
    }
  }

  private void expire(String id) {
    long left;
    synchronized (this) {
      Held h = held.get(id);
      if (h == null) {
        return;
      }
      left = IDLE.toNanos() - (System.nanoTime() - h.lastUsedNanos);
      if (left <= 0) {
        held.remove(id);
        LOG.info("server {}: backup {} freed, not fetched for {}", pid, id, words(IDLE));
        return;
      }
    }
    expireLater(id, left);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      held.clear();
    }
    encoder.shutdownNow();
  }

  private static String words(Duration d) {
    return d.toSeconds() >= 60 && d.toSecondsPart() == 0
        ? d.toMinutes() + " minutes"
        : d.toMillis() + " ms";
  }

  private static String message(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }
}
