package omnipaxos.core.migration;

import java.util.Arrays;
import java.util.Objects;

/**
 * The messages of state migration. {@link #configId()} names the configuration whose starting state
 * is moved (the one the decided stop sign of its predecessor started).
 */
public sealed interface MigrationMessage {

  long from();

  long to();

  /** The configuration whose starting state the message is about. */
  int configId();

  /**
   * Asks the receiver for the manifest of its image of configuration {@code configId}'s starting
   * state.
   */
  record ManifestRequest(long from, long to, int configId) implements MigrationMessage {}

  /** The sender holds the image that {@code manifest} describes and serves its chunks. */
  record ManifestReply(long from, long to, Manifest manifest) implements MigrationMessage {
    public ManifestReply {
      Objects.requireNonNull(manifest, "manifest");
    }

    @Override
    public int configId() {
      return manifest.configId();
    }
  }

  /**
   * The sender cannot serve configuration {@code configId}'s starting state (yet); ask again later.
   */
  record Unavailable(long from, long to, int configId, String reason) implements MigrationMessage {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Asks for chunk {@code chunk} of the image of configuration {@code configId}'s starting state.
   */
  record ChunkRequest(long from, long to, int configId, int chunk) implements MigrationMessage {}

  /** Chunk {@code chunk} of the image; the receiver checks it against the manifest's checksum. */
  record ChunkReply(long from, long to, int configId, int chunk, byte[] data)
      implements MigrationMessage {
    public ChunkReply {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ChunkReply c && from == c.from && to == c.to && configId == c.configId
          && chunk == c.chunk && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(from, to, configId, chunk, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "ChunkReply[from="
          + from
          + ", to="
          + to
          + ", configId="
          + configId
          + ", chunk="
          + chunk
          + ", "
          + data.length
          + " bytes]";
    }
  }
}
