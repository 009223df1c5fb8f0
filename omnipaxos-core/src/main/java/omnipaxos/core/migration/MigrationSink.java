package omnipaxos.core.migration;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fetching side of state migration: gets the image of configuration {@code configId}'s starting
 * state from every source that holds it, in parallel, and verifies it.
 *
 * <p>It first asks every source for its manifest and adopts the first one it gets; a source whose
 * manifest differs is never used (every correct server builds the same image, so a different
 * manifest means that server is faulty). Then it keeps up to {@link MigrationOptions#window()}
 * chunk requests outstanding at every source that sent the adopted manifest, handing the next
 * missing chunk to whichever source has room, so faster sources serve more. A chunk whose length or
 * CRC32C differs from the manifest is discarded and asked for again; a request unanswered within
 * the timeout, or refused, goes to another source, and the source is asked for one chunk at a time
 * until it answers again. A source that cannot serve yet is asked again after 1 tick, then 2, 4,
 * ... up to {@link MigrationOptions#retryTicks()}. The SHA-256 digest of the whole image is
 * computed as the chunks arrive in order, and checked once all are in: only then is the migration
 * {@link Phase#DONE done}. A digest that does not match starts over without the source whose
 * manifest was adopted (and with the sources that disagreed with it).
 *
 * <p>Deterministic (sources are visited in pid order); drive it from one thread.
 */
public final class MigrationSink {

  /** Where a migration stands. */
  public enum Phase {
    /** Waiting for a source's manifest. */
    MANIFEST,
    /** Fetching chunks. */
    CHUNKS,
    /** Every chunk is in and the image is verified. */
    DONE
  }

  /** A migration's progress at one moment. */
  public record Progress(Phase phase, int chunksDone, int chunks, long bytesDone, long bytes,
      Map<Long, Long> bytesBySource, long corruptChunks, long timeouts, int restarts) {
    public Progress {
      bytesBySource = Map.copyOf(bytesBySource);
    }
  }

  private enum SourceState { ASKED, AGREED, EXCLUDED }

  private static final class Source {
    SourceState state = SourceState.ASKED;
    long quietUntil;
    long nextManifestRequest;

    /**
     * Ticks to wait after the next refusal: doubles from 1 up to the retry ticks, reset by an
     * answer.
     */
    long backoff = 1;

    int outstanding;
    boolean probation;
    /** Its manifest was adopted and proved wrong: never used again. */
    boolean discredited;
    long bytes;
  }

  private record Flight(long source, long sentAt) {}

  private final long pid;
  private final int configId;
  private final MigrationOptions options;
  private final TreeMap<Long, Source> sources = new TreeMap<>();
  private final List<MigrationMessage> outgoing = new ArrayList<>();
  private Phase phase = Phase.MANIFEST;
  private Manifest manifest;
  private long adoptedFrom;
  private byte[][] chunks;
  private final ArrayDeque<Integer> missing = new ArrayDeque<>();
  private final TreeMap<Integer, Flight> inFlight = new TreeMap<>();
  private MessageDigest digest;
  private int hashedUpTo;
  private int chunksDone;
  private long bytesDone;
  private long ticks;
  private long corruptChunks;
  private long timeouts;
  private long inconsistentManifests;
  private int restarts;

  /** A sink for configuration {@code configId}'s starting state, asking {@code sources} at once. */
  public MigrationSink(long pid, int configId, Collection<Long> sources, MigrationOptions options) {
    this.pid = pid;
    this.configId = configId;
    this.options = options;
    for (long s : sources) {
      addSource(s);
    }
  }

  /** Adds a server that may hold the state; it is asked for its manifest at once. */
  public void addSource(long source) {
    if (source == pid || source <= 0 || sources.containsKey(source)) {
      return;
    }
    sources.put(source, new Source());
    if (phase != Phase.DONE) {
      requestManifest(source, sources.get(source));
    }
  }

  public int configId() {
    return configId;
  }

  public Phase phase() {
    return phase;
  }

  /** The adopted manifest, once one arrived. */
  public Optional<Manifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  /** The verified image, once {@link Phase#DONE}. */
  public Optional<StateImage> image() {
    return phase == Phase.DONE
        ? Optional.of(StateImage.verified(manifest, Arrays.asList(chunks)))
        : Optional.empty();
  }

  /** Sources whose manifest differed from the adopted one. */
  public long inconsistentManifests() {
    return inconsistentManifests;
  }

  public Progress progress() {
    Map<Long, Long> by = new TreeMap<>();
    sources.forEach((p, s) -> by.put(p, s.bytes));
    return new Progress(phase, chunksDone, manifest == null ? 0 : manifest.chunks(), bytesDone,
        manifest == null ? 0 : manifest.size(), by, corruptChunks, timeouts, restarts);
  }

  /** Advances time by one tick: times out requests, asks again, hands out chunks. */
  public void tick() {
    ticks++;
    if (phase == Phase.DONE) {
      return;
    }
    for (Map.Entry<Long, Source> e : sources.entrySet()) {
      Source s = e.getValue();
      if (s.state == SourceState.ASKED && ticks >= s.nextManifestRequest && ticks >= s.quietUntil) {
        requestManifest(e.getKey(), s);
      }
    }
    if (phase == Phase.CHUNKS) {
      Iterator<Map.Entry<Integer, Flight>> it = inFlight.entrySet().iterator();
      List<Integer> expired = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<Integer, Flight> f = it.next();
        if (ticks - f.getValue().sentAt() >= options.requestTimeoutTicks()) {
          Source s = sources.get(f.getValue().source());
          s.outstanding--;
          s.probation = true;
          s.quietUntil = ticks + options.retryTicks();
          timeouts++;
          expired.add(f.getKey());
          it.remove();
        }
      }
      for (int i = expired.size() - 1; i >= 0; i--) {
        missing.addFirst(expired.get(i));
      }
      dispatch();
    }
  }

  /** Handles a reply from a source; requests and messages for other configurations are ignored. */
  public void handle(MigrationMessage message) {
    if (message.to() != pid || message.configId() != configId || phase == Phase.DONE) {
      return;
    }
    Source s = sources.get(message.from());
    if (s == null) {
      if (message instanceof MigrationMessage.ManifestReply) {
        sources.put(message.from(), s = new Source());
      } else {
        return;
      }
    }
    if (message instanceof MigrationMessage.ManifestReply r) {
      onManifest(message.from(), s, r.manifest());
    } else if (message instanceof MigrationMessage.Unavailable) {
      // Most often the source has not decided the stop sign yet, or is still encoding the state:
      // ask again
      // soon, then less and less often.
      s.quietUntil = ticks + s.backoff;
      s.backoff = Math.min(2 * s.backoff, options.retryTicks());
      if (s.state == SourceState.AGREED) {
        s.state = SourceState.ASKED;
        returnFlightsOf(message.from(), s);
      }
      if (s.state == SourceState.ASKED) {
        s.nextManifestRequest = s.quietUntil;
      }
      dispatch();
    } else if (message instanceof MigrationMessage.ChunkReply c) {
      onChunk(message.from(), s, c);
    }
  }

  private void onManifest(long from, Source s, Manifest m) {
    if (s.state == SourceState.EXCLUDED) {
      return;
    }
    if (manifest == null) {
      adopt(from, m);
    } else if (!manifest.equals(m)) {
      inconsistentManifests++;
      s.state = SourceState.EXCLUDED;
      returnFlightsOf(from, s);
      return;
    }
    s.state = SourceState.AGREED;
    s.quietUntil = 0;
    s.backoff = 1;
    dispatch();
  }

  private void adopt(long from, Manifest m) {
    manifest = m;
    adoptedFrom = from;
    phase = Phase.CHUNKS;
    chunks = new byte[m.chunks()][];
    missing.clear();
    for (int i = 0; i < m.chunks(); i++) {
      missing.add(i);
    }
    inFlight.clear();
    digest = StateImage.sha256();
    hashedUpTo = 0;
    chunksDone = 0;
    bytesDone = 0;
  }

  private void onChunk(long from, Source s, MigrationMessage.ChunkReply c) {
    if (phase != Phase.CHUNKS
        || s.state != SourceState.AGREED
        || c.chunk() < 0
        || c.chunk() >= manifest.chunks()) {
      return;
    }
    int i = c.chunk();
    Flight f = inFlight.get(i);
    boolean ours = f != null && f.source() == from;
    if (ours) {
      inFlight.remove(i);
      s.outstanding--;
    }
    if (chunks[i] != null) {
      dispatch();
      return;
    }
    byte[] data = c.data();
    if (data.length != manifest.chunkLength(i) || StateImage.crc(data) != manifest.chunkCrc(i)) {
      corruptChunks++;
      s.probation = true;
      if (ours || f == null) {
        missing.remove(i);
        missing.addFirst(i);
      }
      dispatch();
      return;
    }
    if (f != null && !ours) {
      // Another source was asked for it too (after a timeout): its reply will be a duplicate.
      inFlight.remove(i);
      sources.get(f.source()).outstanding--;
    }
    missing.remove(i);
    chunks[i] = data;
    chunksDone++;
    bytesDone += data.length;
    s.bytes += data.length;
    s.probation = false;
    while (hashedUpTo < chunks.length && chunks[hashedUpTo] != null) {
      digest.update(chunks[hashedUpTo++]);
    }
    if (chunksDone == chunks.length) {
      finish();
    } else {
      dispatch();
    }
  }

  private void finish() {
    if (Arrays.equals(digest.digest(), manifest.sha256())) {
      phase = Phase.DONE;
      inFlight.clear();
      missing.clear();
      return;
    }
    // The chunks match their CRCs but not the digest: the adopted manifest is wrong. Start over
    // without it.
    // Sources that disagreed with it may well be right: ask them again.
    restarts++;
    sources.get(adoptedFrom).discredited = true;
    manifest = null;
    chunks = null;
    phase = Phase.MANIFEST;
    missing.clear();
    inFlight.clear();
    for (Map.Entry<Long, Source> e : sources.entrySet()) {
      Source s = e.getValue();
      s.outstanding = 0;
      s.state = s.discredited ? SourceState.EXCLUDED : SourceState.ASKED;
      if (!s.discredited) {
        requestManifest(e.getKey(), s);
      }
    }
  }

  private void returnFlightsOf(long source, Source s) {
    List<Integer> back = new ArrayList<>();
    inFlight.entrySet().removeIf(f -> {
      if (f.getValue().source() == source) {
        back.add(f.getKey());
        return true;
      }
      return false;
    });
    s.outstanding = 0;
    for (int i = back.size() - 1; i >= 0; i--) {
      missing.addFirst(back.get(i));
    }
  }

  /**
   * Hands missing chunks to sources with room, one per source per round, in pid order: first to the
   * sources that answer, then one each to those on probation (so a chunk that timed out at a source
   * goes to another one first).
   */
  private void dispatch() {
    if (phase != Phase.CHUNKS) {
      return;
    }
    for (boolean probation : new boolean[] {false, true}) {
      boolean progress = true;
      while (!missing.isEmpty() && progress) {
        progress = false;
        for (Map.Entry<Long, Source> e : sources.entrySet()) {
          Source s = e.getValue();
          int room = probation ? 1 : options.window();
          if (missing.isEmpty() || s.probation != probation || s.state != SourceState.AGREED
              || ticks < s.quietUntil || s.outstanding >= room) {
            continue;
          }
          int chunk = missing.poll();
          inFlight.put(chunk, new Flight(e.getKey(), ticks));
          s.outstanding++;
          outgoing.add(new MigrationMessage.ChunkRequest(pid, e.getKey(), configId, chunk));
          progress = true;
        }
      }
    }
  }

  private void requestManifest(long source, Source s) {
    s.nextManifestRequest = ticks + options.retryTicks();
    outgoing.add(new MigrationMessage.ManifestRequest(pid, source, configId));
  }

  /** The requests produced since the last call. */
  public List<MigrationMessage> takeOutgoing() {
    List<MigrationMessage> out = List.copyOf(outgoing);
    outgoing.clear();
    return out;
  }

  @Override
  public String toString() {
    return "MigrationSink(node " + pid + ", configuration " + configId + ", " + phase
        + (manifest == null ? "" : ", " + chunksDone + "/" + manifest.chunks() + " chunks") + ")";
  }
}
