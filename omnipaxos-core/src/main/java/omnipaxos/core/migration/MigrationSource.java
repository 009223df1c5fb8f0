package omnipaxos.core.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The serving side of state migration: answers manifest and chunk requests from the images it was
 * given. A server offers the image of a configuration's starting state once it holds that state: a
 * server of the sealed configuration after its stop sign was decided, or a server that migrated it
 * itself. Deterministic; drive it from one thread.
 */
public final class MigrationSource {

  private final long pid;
  private final TreeMap<Integer, StateImage> images = new TreeMap<>();
  private final TreeMap<Integer, String> pending = new TreeMap<>();
  private final List<MigrationMessage> outgoing = new ArrayList<>();
  private long chunksServed;
  private long bytesServed;

  public MigrationSource(long pid) {
    this.pid = pid;
  }

  /** Serves {@code image} from now on (replacing an earlier image of the same configuration). */
  public void offer(StateImage image) {
    Objects.requireNonNull(image, "image");
    images.put(image.manifest().configId(), image);
    pending.remove(image.manifest().configId());
  }

  /**
   * Announces that the image of {@code configId} is being prepared: requests are answered with
   * {@link MigrationMessage.Unavailable} saying so until it is {@link #offer offered}.
   */
  public void preparing(int configId, String what) {
    if (!images.containsKey(configId)) {
      pending.put(configId, what);
    }
  }

  /** Stops serving the image of {@code configId}. */
  public void retire(int configId) {
    images.remove(configId);
    pending.remove(configId);
  }

  /** Whether an image of {@code configId} is being served. */
  public boolean serves(int configId) {
    return images.containsKey(configId);
  }

  /** Handles a request; anything else is ignored. */
  public void handle(MigrationMessage message) {
    if (message.to() != pid) {
      return;
    }
    StateImage image = images.get(message.configId());
    if (message instanceof MigrationMessage.ManifestRequest r) {
      outgoing.add(
          image != null
              ? new MigrationMessage.ManifestReply(pid, r.from(), image.manifest())
              : unavailable(r.from(), r.configId()));
    } else if (message instanceof MigrationMessage.ChunkRequest r) {
      if (image == null) {
        outgoing.add(unavailable(r.from(), r.configId()));
      } else if (r.chunk() >= 0 && r.chunk() < image.manifest().chunks()) {
        byte[] data = image.chunkView(r.chunk());
        chunksServed++;
        bytesServed += data.length;
        outgoing.add(new MigrationMessage.ChunkReply(pid, r.from(), r.configId(), r.chunk(), data));
      }
    }
  }

  private MigrationMessage.Unavailable unavailable(long to, int configId) {
    String what = pending.get(configId);
    return new MigrationMessage.Unavailable(pid, to, configId, what != null ? what
        : "server " + pid + " holds no state of configuration " + configId);
  }

  /** The replies produced since the last call. */
  public List<MigrationMessage> takeOutgoing() {
    List<MigrationMessage> out = List.copyOf(outgoing);
    outgoing.clear();
    return out;
  }

  public long chunksServed() {
    return chunksServed;
  }

  public long bytesServed() {
    return bytesServed;
  }
}
