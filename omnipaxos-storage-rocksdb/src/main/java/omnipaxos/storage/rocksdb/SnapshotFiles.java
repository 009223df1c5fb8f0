package omnipaxos.storage.rocksdb;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;
import omnipaxos.core.storage.StorageException;

/**
 * Large snapshots of a {@link RocksDbStorage}, each in a file of its own beside the database, so
 * that the write which sets one records a few bytes instead of passing the whole state through the
 * write-ahead log on the node's thread. A file is written and synced when the snapshot is staged
 * (on the application's thread); the database then holds a pointer to it (name, length, CRC-32C).
 * A replaced file is deleted only once the pointer that replaced it is synced, so a crash at any
 * point leaves the stored pointer's file in place. Thread-safe.
 */
final class SnapshotFiles {

  /** Snapshots smaller than this are stored in the database with their write. */
  static final int MIN_STAGED_BYTES = 1 << 20;
  private static final String SUFFIX = ".snapshot";

  /** Where a stored snapshot's bytes are. */
  record Pointer(String name, long length, long crc) {}

  private final Path dir;
  /**
   * The one staged snapshot, weakly (a snapshot that is never set does not stay in memory), and its
   * file; staging another replaces it.
   */
  private WeakReference<Object> staged = new WeakReference<>(null);
  private Pointer stagedFile;
  /** Files that a written but not yet synced pointer replaced. */
  private final List<String> obsolete = new ArrayList<>();
  private String current;

  SnapshotFiles(Path dir, String current) {
    this.dir = dir;
    this.current = current;
    try {
      Files.createDirectories(dir);
      removeAllBut(current);
    } catch (IOException e) {
      throw new StorageException("preparing " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** Writes and syncs {@code bytes}, the encoded {@code snapshot}, for a later {@link #take}. */
  void stage(Object snapshot, byte[] bytes) {
    String name = UUID.randomUUID() + SUFFIX;
    Path file = dir.resolve(name);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new StorageException("writing the snapshot " + file + " failed: " + e.getMessage(), e);
    }
    syncDirectory();
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    Pointer p = new Pointer(name, bytes.length, crc.getValue());
    synchronized (this) {
      if (stagedFile != null) {
        delete(stagedFile.name());
      }
      staged = new WeakReference<>(snapshot);
      stagedFile = p;
    }
  }

  /** The staged file of {@code snapshot}, no longer staged, or null if it is not the staged one. */
  synchronized Pointer take(Object snapshot) {
    if (stagedFile == null || staged.get() != snapshot) {
      return null;
    }
    Pointer p = stagedFile;
    stagedFile = null;
    staged = new WeakReference<>(null);
    return p;
  }

  /** A write that makes {@code name} (null: no file) the stored snapshot was applied. */
  synchronized void replaced(String name) {
    if (current != null && !current.equals(name)) {
      obsolete.add(current);
    }
    current = name;
  }

  /** The pointers written so far are synced: the files they replaced can go. */
  synchronized void synced() {
    for (String name : obsolete) {
      delete(name);
    }
    obsolete.clear();
  }

  /** The bytes of {@code p}'s file, checked against its length and CRC. */
  byte[] read(Pointer p) {
    Path file = dir.resolve(p.name());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StorageException("reading the snapshot " + file + " failed: " + e.getMessage(), e);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    if (bytes.length != p.length() || crc.getValue() != p.crc()) {
      throw new StorageException("the snapshot " + file + " is damaged: " + bytes.length
          + " bytes with CRC " + Long.toHexString(crc.getValue()) + ", expected " + p.length()
          + " with " + Long.toHexString(p.crc()));
    }
    return bytes;
  }

  private void removeAllBut(String keep) throws IOException {
    Set<Path> doomed = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        if (!f.getFileName().toString().equals(keep)) {
          doomed.add(f);
        }
      }
    }
    for (Path f : doomed) {
      Files.deleteIfExists(f);
    }
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      // A leftover file is removed when the storage is next opened.
    }
  }

  private void syncDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new StorageException("syncing " + dir + " failed: " + e.getMessage(), e);
    }
  }
}
