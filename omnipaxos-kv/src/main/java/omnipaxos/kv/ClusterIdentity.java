package omnipaxos.kv;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which cluster a data directory belongs to, and which server of it: written once, when the server
 * is bootstrapped, joins or is restored, and checked at every start. The cluster id is derived from
 * the bootstrap settings (a name and the first configuration's members and addresses), so that
 * every server bootstrapped with the same flags computes the same id without talking to the others,
 * and servers bootstrapped separately (another member list) never accept each other's connections.
 *
 * @param clusterId the cluster's id, {@code <name>-<16 hex digits>}
 * @param pid this server's pid
 * @param incarnation a random number drawn when the data directory was created: peers remember it,
 *     so a server that comes back with a new data directory (it lost what it promised) is refused
 */
record ClusterIdentity(String clusterId, long pid, long incarnation) {

  /** A new identity, with a fresh incarnation. */
  ClusterIdentity(String clusterId, long pid) {
    this(clusterId, pid, freshIncarnation());
  }

  private static long freshIncarnation() {
    long n = 0;
    java.security.SecureRandom random = new java.security.SecureRandom();
    while (n == 0) {
      n = random.nextLong();
    }
    return n;
  }

  static final String FILE = "identity.properties";
  private static final int FORMAT = 1;

  /** The id of a cluster bootstrapped as {@code name} with {@code members}. */
  static String derive(String name, Map<Long, InetSocketAddress> members) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(MemberAddresses.encode(members));
      return name + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The identity stored in {@code dataDir}, if any. */
  static Optional<ClusterIdentity> read(Path dataDir) {
    Path f = dataDir.resolve(FILE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new StartupException(
          "cannot read " + f + ": " + e.getMessage(), "check the disk and the file's permissions");
    }
    try {
      int format = Integer.parseInt(p.getProperty("format", "0"));
      if (format != FORMAT) {
        throw new StartupException(
            f + " has format " + format + "; this version reads format " + FORMAT,
            "run the version of omnipaxos-kv that wrote it");
      }
      return Optional.of(
          new ClusterIdentity(
              p.getProperty("cluster-id"),
              Long.parseLong(p.getProperty("pid")),
              Long.parseLong(p.getProperty("incarnation"))));
    } catch (NumberFormatException | NullPointerException e) {
      throw new StartupException(
          f + " is damaged",
          "restore the data directory from a backup, or remove this server"
              + " from the cluster and add it again with an empty data directory");
    }
  }

  /** Writes the identity to {@code dataDir} durably (temporary file, sync, rename). */
  void write(Path dataDir) {
    Path f = dataDir.resolve(FILE);
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT));
    p.setProperty("cluster-id", clusterId);
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("incarnation", Long.toString(incarnation));
    try {
      DurableProperties.write(dataDir, FILE, p, "omnipaxos-kv server identity: do not edit");
    } catch (IOException e) {
      throw new StartupException(
          "cannot write " + f + ": " + e.getMessage(), "give --data-dir a writable directory");
    }
  }
}
