package omnipaxos.core.migration;

import java.util.Arrays;
import java.util.Objects;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.StopSign;

/**
 * What an image of a configuration's starting state holds and how to check it. Every server that
 * holds the state at the same decided stop sign builds the same image, so every server's manifest
 * is equal.
 *
 * @param previous the configuration the stop sign sealed
 * @param stopSign the decided stop sign; {@code stopSign.nextConfig()} is the configuration this
 *     state starts
 * @param startPosition the position (counted across configurations) at which the next
 *     configuration's log begins: the stop sign's own position plus one
 * @param size the image's length in bytes
 * @param chunkSize the length of every chunk but the last
 * @param sha256 the SHA-256 digest of the whole image
 * @param chunkCrcs the CRC32C of each chunk, in order
 */
public record Manifest(
    ClusterConfig previous,
    StopSign stopSign,
    long startPosition,
    long size,
    int chunkSize,
    byte[] sha256,
    int[] chunkCrcs) {

  public Manifest {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(stopSign, "stopSign");
    if (startPosition < 1 || size < 0 || chunkSize <= 0) {
      throw new IllegalArgumentException(
          "invalid manifest: start "
              + startPosition
              + ", size "
              + size
              + ", chunk size "
              + chunkSize);
    }
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + sha256.length);
    }
    long chunks = chunkCount(size, chunkSize);
    if (chunkCrcs.length != chunks) {
      throw new IllegalArgumentException(
          "an image of "
              + size
              + " bytes in chunks of "
              + chunkSize
              + " has "
              + chunks
              + " chunks, the manifest lists "
              + chunkCrcs.length);
    }
    sha256 = sha256.clone();
    chunkCrcs = chunkCrcs.clone();
  }

  /**
   * The number of chunks of an image of {@code size} bytes (an empty image has one, empty, chunk).
   */
  public static int chunkCount(long size, int chunkSize) {
    long n = Math.max(1, (size + chunkSize - 1) / chunkSize);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "an image of " + size + " bytes needs too many chunks of " + chunkSize);
    }
    return (int) n;
  }

  /** The configuration this state starts. */
  public ClusterConfig config() {
    return stopSign.nextConfig();
  }

  /** The id of the configuration this state starts. */
  public int configId() {
    return stopSign.nextConfig().configurationId();
  }

  public int chunks() {
    return chunkCrcs.length;
  }

  /** The length of chunk {@code i}. */
  public int chunkLength(int i) {
    if (i < 0 || i >= chunks()) {
      throw new IndexOutOfBoundsException("chunk " + i + " of " + chunks());
    }
    return i < chunks() - 1 ? chunkSize : (int) (size - (long) chunkSize * (chunks() - 1));
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  @Override
  public int[] chunkCrcs() {
    return chunkCrcs.clone();
  }

  /** The CRC32C of chunk {@code i}. */
  public int chunkCrc(int i) {
    return chunkCrcs[i];
  }

  /** The digest as 64 hexadecimal digits. */
  public String sha256Hex() {
    StringBuilder b = new StringBuilder(64);
    for (byte x : sha256) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && previous.equals(m.previous) && stopSign.equals(m.stopSign)
        && startPosition == m.startPosition && size == m.size && chunkSize == m.chunkSize
        && Arrays.equals(sha256, m.sha256) && Arrays.equals(chunkCrcs, m.chunkCrcs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        previous, stopSign, startPosition, size, chunkSize, Arrays.hashCode(sha256));
  }

  @Override
  public String toString() {
    return "Manifest(configuration "
        + configId()
        + " from "
        + previous.configurationId()
        + ", start "
        + startPosition
        + ", "
        + size
        + " bytes in "
        + chunks()
        + " chunks, sha256 "
        + sha256Hex()
        + ")";
  }
}
