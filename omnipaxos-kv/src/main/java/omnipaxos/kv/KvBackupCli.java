package omnipaxos.kv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * {@code omnipaxos-kv backup --to FILE}: takes a consistent backup of a running cluster through any
 * of its servers ({@code --address}) with {@code OMNIPAXOS BACKUP} (the state at one decided log
 * position, see {@link KvBackups}), fetches it in chunks and writes it as a {@link BackupFile}: to
 * a temporary file next to {@code FILE}, synced, then renamed, so that {@code FILE} is either
 * complete or absent. Progress goes to stderr, a summary to stdout. {@code omnipaxos-kv restore}
 * ({@link KvRestoreCli}) reads it.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "Write a consistent backup of a running cluster's state to a file.")
final class KvBackupCli implements Callable<Integer> {

  private static final ProtocolCommand OMNIPAXOS = () -> SafeEncoder.encode("OMNIPAXOS");
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--address", defaultValue = "127.0.0.1:6379",
      description = "The client address of any server of the cluster (default ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The backup file to write (a new file).")
  Path to;

  @Option(names = "--chunk-bytes", defaultValue = "" + KvBackups.CHUNK_BYTES,
      description = "The largest piece fetched per request (default ${DEFAULT-VALUE}).")
  int chunkBytes;

  @Override
  public Integer call() {
    InetSocketAddress server = KvCli.address("--address", address, 6379);
    if (chunkBytes < 1 || chunkBytes > KvBackups.CHUNK_BYTES) {
      throw StartupException.usage(
          "--chunk-bytes must be from 1 to " + KvBackups.CHUNK_BYTES + ", got " + chunkBytes,
          "drop --chunk-bytes, or give e.g. --chunk-bytes 1048576");
    }
    Path file = to.toAbsolutePath();
    if (Files.exists(file)) {
      throw StartupException.usage("the backup file " + to + " (--to) exists already",
          "give --to a new file: backup never overwrites one");
    }
    if (!Files.isDirectory(file.getParent())) {
      throw StartupException.usage(
          "the directory of " + to + " (--to) does not exist", "create it first");
    }
    Map<String, String> info;
    try {
      info = KvCluster.info(KvCluster.query(server, "BACKUP"));
    } catch (IllegalStateException e) {
      throw new StartupException("server " + address + " answered: " + e.getMessage(),
          "retry once the cluster has a quorum, or give --address another member");
    }
    String id = info.get("backup_id");
    BackupFile header = header(info);
    try (Jedis j = new Jedis(server.getHostString(), server.getPort(), 60_000)) {
      try {
        Path tmp = fetch(j, id, header, file);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
          dir.force(true);
        }
      } catch (IOException e) {
        throw new StartupException("cannot write the backup to " + to + ": " + e.getMessage(),
            "give --to a file on a writable disk with room for " + header.size() + " bytes", e);
      } catch (JedisDataException e) {
        throw new StartupException(
            "server " + address + " answered: " + e.getMessage(), "take the backup again");
      } catch (RuntimeException e) {
        if (e instanceof StartupException) {
          throw e;
        }
        throw new StartupException(
            "lost the server at " + address + " while fetching the backup: " + e.getMessage(),
            "take the backup again, through any member");
      } finally {
        end(j, id);
      }
    }
    System.out.println(
        "backup of cluster "
            + header.clusterId()
            + " at position "
            + header.position()
            + " (configuration "
            + header.configurationId()
            + "): "
            + header.keys()
            + " keys, "
            + header.size()
            + " bytes of state, SHA-256 "
            + header.sha256Hex()
            + ", taken at "
            + Instant.ofEpochMilli(header.takenAtMillis())
            + ", written to "
            + to);
    return 0;
  }

  /** The header of the backup the server described. */
  private BackupFile header(Map<String, String> info) {
    try {
      byte[] sha = HexFormat.of().parseHex(info.get("sha256"));
      return new BackupFile(
          info.get("cluster_id"),
          Integer.parseInt(info.get("configuration")),
          Long.parseLong(info.get("position")),
          Long.parseLong(info.get("keys")),
          Long.parseLong(info.get("size")),
          sha,
          Long.parseLong(info.get("taken_at_ms")));
    } catch (RuntimeException e) {
      throw new StartupException(
          "server " + address + " did not describe its backup (" + info + ")",
          "give --address a server of the same version of omnipaxos-kv");
    }
  }

  /** Writes the backup to a temporary file next to {@code file}, synced; returns it. */
  private Path fetch(Jedis j, String id, BackupFile header, Path file) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".part");
    boolean done = false;
    try {
      MessageDigest whole = BackupFile.newSha256();
      MessageDigest state = BackupFile.newSha256();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          DigestOutputStream out =
              new DigestOutputStream(
                  new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), whole)) {
        header.writeHeader(out);
        copyState(j, id, header, out, state);
        if (!Arrays.equals(state.digest(), header.sha256())) {
          throw new StartupException(
              "the state fetched from "
                  + address
                  + " does not match the checksum the server"
                  + " computed",
              "take the backup again");
        }
        out.on(false);
        out.write(whole.digest());
        out.flush();
        ch.force(true);
      }
      done = true;
      return tmp;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private void copyState(
      Jedis j, String id, BackupFile header, DigestOutputStream out, MessageDigest state)
      throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    long reported = started;
    long offset = 0;
    while (offset < header.size()) {
      Object reply =
          j.sendCommand(
              OMNIPAXOS, "BACKUP-CHUNK", id, Long.toString(offset), Integer.toString(chunkBytes));
      if (!(reply instanceof byte[] chunk) || chunk.length == 0) {
        throw new StartupException(
            "server " + address + " sent no data for backup " + id + " at offset " + offset,
            "take the backup again");
      }
      state.update(chunk);
      out.write(chunk);
      offset += chunk.length;
      long now = System.nanoTime();
      if (now - reported >= PROGRESS_EVERY_NANOS
          || (offset >= header.size() && now - started >= PROGRESS_EVERY_NANOS)) {
        reported = now;
        err.printf(
            "backup: %d of %d bytes fetched (%d%%)%n",
            offset, header.size(), offset * 100 / header.size());
        err.flush();
      }
    }
  }

  /** Frees the backup on the server (it would expire anyway). */
  private static void end(Jedis j, String id) {
    try {
      j.sendCommand(OMNIPAXOS, "BACKUP-END", id);
    } catch (RuntimeException e) {
      // The server expires backups nobody fetches; nothing more to do here.
    }
  }
}
