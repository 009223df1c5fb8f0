package omnipaxos.kv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import omnipaxos.transport.netty.PeerAdmission;

/**
 * The incarnation each peer named when it first connected, kept in {@code peers.properties} of the
 * data directory (in memory without one). A peer that comes back with another incarnation has a new
 * data directory: it forgot what it promised and accepted, so letting it vote could undo decided
 * writes; it is refused, and the operator is told to replace it under a new pid. A pid that left
 * the cluster is forgotten, so that it may be added again later with a new data directory.
 */
final class KnownPeers implements PeerAdmission {

  private static final String FILE = "peers.properties";

  private final Optional<Path> dir;
  private final Map<Long, Long> incarnations = new TreeMap<>();

  KnownPeers(Optional<Path> dir) {
    this.dir = dir;
    dir.map(d -> d.resolve(FILE))
        .filter(Files::exists)
        .ifPresent(
            f -> {
              Properties p = new Properties();
              try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
                for (String k : p.stringPropertyNames()) {
                  incarnations.put(Long.parseLong(k), Long.parseLong(p.getProperty(k)));
                }
              } catch (IOException | NumberFormatException e) {
                throw new StartupException(
                    f + " is damaged (" + e.getMessage() + ")",
                    "delete it: the server then learns its peers' incarnations anew (and no longer"
                        + " notices a peer that lost its data directory meanwhile)");
              }
            });
  }

  @Override
  public synchronized Optional<String> admit(long pid, long incarnation) {
    if (incarnation == 0) {
      return Optional.empty();
    }
    Long known = incarnations.get(pid);
    if (known == null) {
      incarnations.put(pid, incarnation);
      save();
      return Optional.empty();
    }
    if (known == incarnation) {
      return Optional.empty();
    }
    return Optional.of(
        "server "
            + pid
            + " came back with a new data directory (incarnation "
            + incarnation
            + ", it was "
            + known
            + "): it lost what it promised and may not vote; start it with its old data directory,"
            + " or replace it under a new pid (omnipaxos-kv cluster replace "
            + pid
            + " <new pid>=host:port)");
  }

  /** Forgets every pid but {@code members}. */
  synchronized void retain(Collection<Long> members) {
    if (incarnations.keySet().retainAll(members)) {
      save();
    }
  }

  private void save() {
    if (dir.isEmpty()) {
      return;
    }
    Properties p = new Properties();
    incarnations.forEach((k, v) -> p.setProperty(Long.toString(k), Long.toString(v)));
    try {
      DurableProperties.write(
          dir.get(),
          FILE,
          p,
          "incarnations of the peers' data directories, as they first named them");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + dir.get().resolve(FILE), e);
    }
  }
}
