package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omnipaxos-kv restore --from FILE --data-dir DIR --pid N --nodes ...}: writes the data
 * directory of one server of a new cluster that starts from a backup ({@link KvRestore}). Run once
 * per new server, with the same {@code --from} and {@code --nodes}; then start each with {@code
 * omnipaxos-kv server --data-dir DIR --pid N --nodes ...}.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Write the data directory of one server of a new cluster that starts from a backup.")
final class KvRestoreCli implements Callable<Integer> {

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE",
      description = "The backup file (omnipaxos-kv backup).")
  Path from;

  @Option(
      names = "--data-dir",
      required = true,
      description = "The new server's data directory (new or empty).")
  Path dataDir;

  @Option(
      names = "--pid",
      required = true,
      description = "The new server's pid (positive, one of --nodes).")
  long pid;

  @Option(names = "--nodes", required = true, description = "Every member of the new cluster,"
      + " pid=host:port (server-to-server), the same on every server.")
  String nodes;

  @Override
  public Integer call() {
    if (pid < 1) {
      throw StartupException.usage("--pid must be at least 1, got " + pid, "give e.g. --pid 1");
    }
    Map<Long, InetSocketAddress> members = KvCli.nodes(nodes);
    KvRestore.Restored r = KvRestore.restore(from, dataDir, pid, members);
    BackupFile b = r.backup();
    System.out.println(
        "restored the backup of cluster "
            + b.clusterId()
            + " at position "
            + b.position()
            + " (configuration "
            + b.configurationId()
            + ", "
            + b.keys()
            + " keys, taken at "
            + Instant.ofEpochMilli(b.takenAtMillis())
            + ") into "
            + dataDir
            + " as server "
            + pid
            + " of the new cluster "
            + r.clusterId()
            + " ("
            + MemberAddresses.format(members)
            + "); start it with: omnipaxos-kv server"
            + " --data-dir "
            + dataDir
            + " --pid "
            + pid
            + " --nodes "
            + nodes
            + " --client host:port");
    return 0;
  }
}
