package omnipaxos.kv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/**
 * The file a backup is written to: a header, then the key-value state in its canonical encoding.
 *
 * <pre>
 *   magic      8 bytes  "OPKVBAK1"
 *   length     4 bytes  length of the header that follows
 *   header              format (i32), cluster id (bytes), configuration id (i32), position (i64),
 *                       keys (i64), state size (i64), SHA-256 of the state (32 bytes),
 *                       taken at, milliseconds since the epoch (i64)
 *   state               {@code state size} bytes
 *   checksum  32 bytes  SHA-256 of every byte before it (magic, length, header and state)
 * </pre>
 *
 * <p>Reading checks both digests: the state's (what the server computed when it took the backup)
 * and the whole file's (which also covers the header), so a damaged, truncated or extended file is
 * refused.
 *
 * @param clusterId the cluster the backup was taken of
 * @param configurationId its configuration then
 * @param position the log position the state is at (every decided command before it applied)
 * @param keys the number of keys
 * @param size the state's length in bytes
 * @param sha256 the state's SHA-256 digest
 * @param takenAtMillis when it was taken, by the clock of the server that took it (information
 *     only)
 */
record BackupFile(
    String clusterId,
    int configurationId,
    long position,
    long keys,
    long size,
    byte[] sha256,
    long takenAtMillis) {

  private static final byte[] MAGIC = "OPKVBAK1".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  /** The length of the checksum that ends the file. */
  static final int CHECKSUM_BYTES = 32;

  /** The state's digest in hex. */
  String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }

  /** The header's bytes (without the magic and length). */
  byte[] header() {
    WireWriter w = new WireWriter(128);
    w.writeInt(FORMAT)
        .writeBytes(clusterId.getBytes(StandardCharsets.UTF_8))
        .writeInt(configurationId)
        .writeLong(position)
        .writeLong(keys)
        .writeLong(size)
        .writeBytes(sha256)
        .writeLong(takenAtMillis);
    return w.toByteArray();
  }

  /** Writes the magic and the header to {@code out}; the state and the checksum follow. */
  void writeHeader(OutputStream out) throws IOException {
    byte[] h = header();
    out.write(MAGIC);
    out.write(
        new byte[] {
          (byte) (h.length >>> 24),
          (byte) (h.length >>> 16),
          (byte) (h.length >>> 8),
          (byte) h.length
        });
    out.write(h);
  }

  /** A backup file read back and checked: its header and its state, whose digest matched. */
  record Contents(BackupFile header, byte[] state) {}

  /**
   * Reads and checks {@code file}.
   *
   * @throws StartupException saying what is wrong with the file
   */
  static Contents read(Path file) {
    String fix = "use a file written by omnipaxos-kv backup, complete and unmodified";
    MessageDigest whole = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), whole)) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new StartupException(file + " is not an omnipaxos-kv backup", fix);
      }
      int n = readLength(in);
      if (n < 0 || n > 1 << 16) {
        throw new StartupException("the header of " + file + " is damaged", fix);
      }
      BackupFile h = parse(in.readNBytes(n), file);
      if (h.size() > Integer.MAX_VALUE - 8) {
        throw new StartupException(
            "the backup "
                + file
                + " holds "
                + h.size()
                + " bytes, more than this version restores"
                + " (2 GiB)",
            "restore it with a newer version");
      }
      byte[] state = in.readNBytes((int) h.size());
      byte[] expected = whole.digest();
      byte[] checksum = in.readNBytes(CHECKSUM_BYTES);
      if (state.length != h.size() || checksum.length != CHECKSUM_BYTES) {
        throw new StartupException(
            file
                + " is truncated: "
                + state.length
                + " bytes of state, the header says "
                + h.size()
                + (state.length == h.size() ? ", and its checksum is missing" : ""),
            fix);
      }
      if (in.read() != -1) {
        throw new StartupException(file + " is longer than its header says", fix);
      }
      if (!Arrays.equals(expected, checksum)) {
        throw new StartupException(
            "the checksum of "
                + file
                + " does not match its contents (SHA-256 "
                + HexFormat.of().formatHex(expected)
                + ", the file says "
                + HexFormat.of().formatHex(checksum)
                + ")",
            fix);
      }
      byte[] digest = newSha256().digest(state);
      if (!Arrays.equals(digest, h.sha256())) {
        throw new StartupException("the state in " + file + " does not match its checksum (SHA-256 "
            + HexFormat.of().formatHex(digest) + ", the header says " + h.sha256Hex() + ")", fix);
      }
      return new Contents(h, state);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StartupException(
          "the backup " + file + " (--from) does not exist",
          "give --from the file written by" + " omnipaxos-kv backup --to");
    } catch (IOException e) {
      throw new StartupException(
          "cannot read " + file + ": " + e.getMessage(), "check the path and permissions");
    }
  }

  /** A 4-byte big-endian length, or -1 if the stream ends first. */
  private static int readLength(InputStream in) throws IOException {
    byte[] len = in.readNBytes(4);
    return len.length < 4
        ? -1
        : ((len[0] & 0xff) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8)
            | (len[3] & 0xff);
  }

  /** A new SHA-256 digest. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static BackupFile parse(byte[] header, Path file) {
    try {
      WireReader r = new WireReader(header);
      int format = r.readInt();
      if (format != FORMAT) {
        throw new StartupException(
            file + " has backup format " + format + "; this version reads format " + FORMAT,
            "restore it with the version of omnipaxos-kv that wrote it");
      }
      BackupFile h =
          new BackupFile(
              new String(r.readBytes(), StandardCharsets.UTF_8),
              r.readInt(),
              r.readLong(),
              r.readLong(),
              r.readLong(),
              r.readBytes(),
              r.readLong());
      r.expectEnd();
      if (h.sha256().length != 32 || h.size() < 0 || h.position() < 0) {
        throw new CodecException("invalid values");
      }
      return h;
    } catch (CodecException e) {
      throw new StartupException("the header of " + file + " is damaged (" + e.getMessage() + ")",
          "use a file written by omnipaxos-kv backup, complete and unmodified");
    }
  }
}
