package omnipaxos.kv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.core.storage.StorageException;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.storage.rocksdb.RocksDbConfigurationStore;

/**
 * Writes the data directory of one server of a new cluster restored from a backup: its
 * {@link ClusterIdentity} and a configuration store holding one record, configuration 1 of the new
 * members starting at the backup's position (at least 1), with their addresses as metadata and the
 * backup's state as its start state. A server started on that directory resumes there: the state is
 * its first decided event, and the base of its snapshots.
 */
final class KvRestore {

  private KvRestore() {}

  /**
   * The id of the cluster restored as {@code name} with {@code members} from a backup of cluster
   * {@code original} at {@code position}: {@code <name>-<16 hex digits>}, the digits the start of
   * the SHA-256 of the name, the original cluster's id, the position and the members' addresses.
   * Every server restored from the same backup with the same flags computes the same id, and it
   * differs from the original cluster's (whose id has no original and position in its digest) and
   * from that of a cluster restored from another backup or with other members or another name.
   */
  static String clusterId(
      String name, String original, long position, Map<Long, InetSocketAddress> members) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update("restored from ".concat(original).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(MemberAddresses.encode(members));
      return name + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Refuses a data directory that exists and is not empty (or is a file). */
  static void checkEmpty(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw StartupException.usage("the data directory " + dir + " (--data-dir) is a file",
          "give --data-dir a new or empty directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(3).toList();
      if (!names.isEmpty()) {
        throw StartupException.usage(
            "the data directory "
                + dir
                + " (--data-dir) is not empty (it holds "
                + String.join(", ", names)
                + (names.size() == 3 ? ", ..." : "")
                + ")",
            "give --data-dir a new or empty directory: restore never overwrites a server's data");
      }
    } catch (IOException e) {
      throw new StartupException("cannot list the data directory " + dir + ": " + e.getMessage(),
          "check the path and its permissions");
    }
  }

  /** What a restore wrote: the backup's header and the new cluster's id. */
  record Restored(BackupFile backup, String clusterId) {}

  /**
   * Writes {@code dir} (new or empty) for server {@code pid} of the new cluster of {@code members},
   * restored from the backup in {@code file}: checks the arguments and the file first, and on
   * failure leaves nothing in {@code dir}. The new cluster keeps the name of the backed-up one.
   *
   * @throws StartupException saying what is wrong
   */
  static Restored restore(Path file, Path dir, long pid, Map<Long, InetSocketAddress> members) {
    if (!members.containsKey(pid)) {
      throw StartupException.usage(
          "--pid " + pid + " is not in --nodes " + MemberAddresses.format(members),
          "give every server of the new cluster the same --nodes, which list its own --pid");
    }
    checkEmpty(dir);
    BackupFile.Contents backup = BackupFile.read(file);
    BackupFile h = backup.header();
    checkState(backup, file);
    boolean existed = Files.exists(dir);
    KvStartup.checkDataDir(dir);
    String original = h.clusterId();
    int dash = original.lastIndexOf('-');
    String clusterId =
        clusterId(
            dash > 0 ? original.substring(0, dash) : original, original, h.position(), members);
    try {
      ClusterConfig first = ClusterConfig.of(1, List.copyOf(new TreeSet<>(members.keySet())));
      ConfigurationRecord record = new ConfigurationRecord(first, Math.max(1, h.position()),
          Optional.of(MemberAddresses.encode(members)));
      RocksDbConfigurationStore<KvEntry, KvSnapshot> store = RocksDbConfigurationStore.open(
          dir.resolve("configurations"), KvCodecs.entries(), KvCodecs.snapshots());
      try {
        store.append(record, Optional.of(backup.state()));
      } finally {
        store.close();
      }
      new ClusterIdentity(clusterId, pid).write(dir);
      return new Restored(h, clusterId);
    } catch (RuntimeException e) {
      clear(dir, existed, e);
      if (e instanceof StorageException) {
        throw new StartupException(
            "cannot write the configuration store in " + dir + ": " + e.getMessage(),
            "give --data-dir a writable directory on a healthy disk",
            e);
      }
      throw e;
    }
  }

  /** The state must decode as a key-value state with as many keys as the header says. */
  private static void checkState(BackupFile.Contents backup, Path file) {
    String fix = "use a file written by omnipaxos-kv backup, complete and unmodified";
    KvSnapshot state;
    try {
      state = KvCodecs.snapshots().decode(backup.state());
    } catch (CodecException e) {
      throw new StartupException(
          "the state in " + file + " is not a key-value state (" + e.getMessage() + ")", fix);
    }
    if (state.size() != backup.header().keys()) {
      throw new StartupException(
          "the state in "
              + file
              + " holds "
              + state.size()
              + " keys, its header says "
              + backup.header().keys(),
          fix);
    }
  }

  /**
   * Deletes what a failed restore wrote into {@code dir}, and {@code dir} itself if it did not
   * exist.
   */
  private static void clear(Path dir, boolean keepDir, RuntimeException failure) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir) || !keepDir) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new StartupException(
          "the restore failed ("
              + failure.getMessage()
              + ") and cannot clean up "
              + dir
              + ": "
              + e.getMessage(),
          "delete " + dir + " by hand before you restore into it again",
          e);
    }
  }
}
