package omnipaxos.kv;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A properties file of the data directory replaced durably: temporary file, sync, rename, sync of
 * the directory.
 */
final class DurableProperties {

  private DurableProperties() {
  }

  /**
   * Replaces {@code dir}/{@code name} with {@code properties}; after a crash it holds the old or
   * the new ones.
   */
  static void write(Path dir, String name, Properties properties, String comment)
      throws IOException {
    Path f = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      properties.store(w, comment);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
