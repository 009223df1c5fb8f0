package omnipaxos.storage.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.ProtocolTypes;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;

/**
 * A durable {@link ConfigurationStore} in one directory: {@code configurations} lists the records,
 * {@code start-<id>.state} holds the encoded state at the start of configuration {@code id}, and
 * {@code log-<id>/} is that configuration's {@link RocksDbStorage}.
 *
 * <p>{@link #append} writes the start state to a new file and syncs it, then writes the whole
 * record list to a temporary file, syncs it and renames it over {@code configurations} (and syncs
 * the directory): a crash leaves either the old list or the new one, and a listed record's state
 * file is always complete. A state file that no record lists (a crash between the two steps) is
 * deleted on open. Close it to release the logs' RocksDB instances.
 */
public final class RocksDbConfigurationStore<T, S>
    implements ConfigurationStore<T, S>, AutoCloseable {

  private static final String RECORDS = "configurations";
  private static final int FORMAT = 1;

  private final Path dir;
  private final Codec<T> entries;
  private final Codec<S> snapshots;
  private final List<ConfigurationRecord> records = new ArrayList<>();
  private final Map<Integer, Boolean> hasStartState = new TreeMap<>();
  private final Map<Integer, RocksDbStorage<T, S>> logs = new TreeMap<>();
  private boolean closed;

  private RocksDbConfigurationStore(Path dir, Codec<T> entries, Codec<S> snapshots) {
    this.dir = dir;
    this.entries = entries;
    this.snapshots = snapshots;
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(RECORDS);
      if (Files.exists(file)) {
        read(Files.readAllBytes(file));
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          String name = p.getFileName().toString();
          if (name.endsWith(".tmp") || (name.startsWith("start-") && !listedState(name))) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException(
          "opening the configuration store in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Opens (or creates) the store in {@code dir}, with the codecs of the logs' entries and
   * snapshots.
   */
  public static <T, S> RocksDbConfigurationStore<T, S> open(
      Path dir, Codec<T> entries, Codec<S> snapshots) {
    return new RocksDbConfigurationStore<>(dir, entries, snapshots);
  }

  /** Whether {@code dir} holds a configuration store with at least one record. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(RECORDS));
  }

  private boolean listedState(String name) {
    try {
      int id =
          Integer.parseInt(name.substring("start-".length(), name.length() - ".state".length()));
      return hasStartState.getOrDefault(id, false);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private void read(byte[] bytes) {
    try {
      WireReader r = new WireReader(bytes);
      int format = r.readInt();
      if (format != FORMAT) {
        throw new StorageException(
            "the configuration store in "
                + dir
                + " has format "
                + format
                + ", this version"
                + " reads format "
                + FORMAT);
      }
      int n = r.readCount(8);
      for (int i = 0; i < n; i++) {
        ClusterConfig config = ProtocolTypes.readClusterConfig(r);
        long start = r.readLong();
        Optional<byte[]> metadata = r.readBoolean() ? Optional.of(r.readBytes()) : Optional.empty();
        boolean state = r.readBoolean();
        ConfigurationRecord rec = new ConfigurationRecord(config, start, metadata);
        records.add(rec);
        hasStartState.put(rec.configurationId(), state);
      }
      r.expectEnd();
    } catch (CodecException | IllegalArgumentException e) {
      throw new StorageException(
          "the configuration list in " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  private byte[] encode(List<ConfigurationRecord> all) {
    WireWriter w = new WireWriter(64 * all.size() + 8);
    w.writeInt(FORMAT);
    w.writeInt(all.size());
    for (ConfigurationRecord r : all) {
      ProtocolTypes.writeClusterConfig(w, r.config());
      w.writeLong(r.startPosition());
      Optional<byte[]> m = r.metadata();
      w.writeBoolean(m.isPresent());
      m.ifPresent(w::writeBytes);
      w.writeBoolean(hasStartState.getOrDefault(r.configurationId(), false));
    }
    return w.toByteArray();
  }

  @Override
  public synchronized List<ConfigurationRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized void append(ConfigurationRecord record, Optional<byte[]> startState) {
    checkOpen();
    if (!records.isEmpty()
        && records.get(records.size() - 1).configurationId() >= record.configurationId()) {
      throw new IllegalArgumentException(
          record + " does not follow " + records.get(records.size() - 1));
    }
    try {
      if (startState.isPresent()) {
        writeDurably(statePath(record.configurationId()), startState.get());
      }
      hasStartState.put(record.configurationId(), startState.isPresent());
      List<ConfigurationRecord> all = new ArrayList<>(records);
      all.add(record);
      writeDurably(dir.resolve(RECORDS), encode(all));
      records.add(record);
    } catch (IOException e) {
      hasStartState.remove(record.configurationId());
      throw new StorageException(
          "recording " + record + " in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<byte[]> startState(int configurationId) {
    if (!hasStartState.getOrDefault(configurationId, false)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(statePath(configurationId)));
    } catch (IOException e) {
      throw new StorageException(
          "reading the start state of configuration "
              + configurationId
              + " in "
              + dir
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public synchronized Storage<T, S> log(int configurationId) {
    checkOpen();
    return logs.computeIfAbsent(configurationId,
        id -> RocksDbStorage.open(dir.resolve("log-" + id), entries, snapshots));
  }

  @Override
  public synchronized void discard(int configurationId) {
    RocksDbStorage<T, S> open = logs.remove(configurationId);
    if (open != null) {
      open.close();
    }
    try {
      deleteRecursively(dir.resolve("log-" + configurationId));
      Files.deleteIfExists(statePath(configurationId));
    } catch (IOException e) {
      throw new StorageException(
          "discarding configuration "
              + configurationId
              + " in "
              + dir
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /** Bytes the directory holds now (logs and states), for operators. */
  public long sizeOnDisk() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private Path statePath(int configurationId) {
    return dir.resolve("start-" + configurationId + ".state");
  }

  /**
   * Writes {@code bytes} to a temporary file, syncs it, renames it to {@code target} and syncs the
   * directory.
   */
  private void writeDurably(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + dir + " cannot rename atomically", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the configuration store in " + dir + " is closed");
    }
  }

  /** Closes every open log. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RocksDbStorage<T, S> s : logs.values()) {
      s.close();
    }
    logs.clear();
  }
}
