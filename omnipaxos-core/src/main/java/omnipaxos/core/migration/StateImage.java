package omnipaxos.core.migration;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.StopSign;

/**
 * The application state at a decided stop sign, as bytes cut into chunks, with its {@link
 * Manifest}. Immutable; the chunks are never handed out for writing.
 */
public final class StateImage {

  /** The default chunk length: 1 MiB. */
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

  private final Manifest manifest;
  private final List<byte[]> chunks;

  private StateImage(Manifest manifest, List<byte[]> chunks) {
    this.manifest = manifest;
    this.chunks = chunks;
  }

  /**
   * The image of {@code state} (the application's encoding of its state at {@code stopSign}, which
   * must be the same bytes on every server) in chunks of {@code chunkSize}.
   */
  public static StateImage of(
      ClusterConfig previous, StopSign stopSign, long startPosition, byte[] state, int chunkSize) {
    Objects.requireNonNull(state, "state");
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
    }
    int n = Manifest.chunkCount(state.length, chunkSize);
    List<byte[]> chunks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int from = i * chunkSize;
      chunks.add(Arrays.copyOfRange(state, from, Math.min(state.length, from + chunkSize)));
    }
    return fromChunks(previous, stopSign, startPosition, chunks, chunkSize);
  }

  /**
   * The image made of {@code chunks} (each but the last of length {@code chunkSize}); computes the
   * checksums.
   */
  static StateImage fromChunks(
      ClusterConfig previous,
      StopSign stopSign,
      long startPosition,
      List<byte[]> chunks,
      int chunkSize) {
    MessageDigest sha = sha256();
    int[] crcs = new int[chunks.size()];
    long size = 0;
    for (int i = 0; i < chunks.size(); i++) {
      byte[] c = chunks.get(i);
      sha.update(c);
      crcs[i] = crc(c);
      size += c.length;
    }
    Manifest m =
        new Manifest(previous, stopSign, startPosition, size, chunkSize, sha.digest(), crcs);
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).length != m.chunkLength(i)) {
        throw new IllegalArgumentException(
            "chunk " + i + " has " + chunks.get(i).length + " bytes, expected " + m.chunkLength(i));
      }
    }
    return new StateImage(m, List.copyOf(chunks));
  }

  /** An image that a sink assembled and verified against {@code manifest}. */
  static StateImage verified(Manifest manifest, List<byte[]> chunks) {
    return new StateImage(manifest, List.copyOf(chunks));
  }

  public Manifest manifest() {
    return manifest;
  }

  /** A copy of chunk {@code i}. */
  public byte[] chunk(int i) {
    return chunks.get(i).clone();
  }

  /** Chunk {@code i} itself, for sending without a copy; callers must not modify it. */
  byte[] chunkView(int i) {
    return chunks.get(i);
  }

  /** The whole image as one array. */
  public byte[] bytes() {
    if (manifest.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "an image of " + manifest.size() + " bytes does not fit in one array");
    }
    byte[] all = new byte[(int) manifest.size()];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, all, at, c.length);
      at += c.length;
    }
    return all;
  }

  static int crc(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return (int) c.getValue();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "StateImage(" + manifest + ")";
  }
}
