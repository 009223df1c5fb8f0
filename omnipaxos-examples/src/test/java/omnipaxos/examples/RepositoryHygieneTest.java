package omnipaxos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks the repository's text files for what a reader must never see: unresolved merge conflicts. */
class RepositoryHygieneTest {

  private static final Pattern MARKER = Pattern.compile("^(<<<<<<<|>>>>>>>)( |$)", Pattern.MULTILINE);
  private static final List<String> TEXT = List.of(".java", ".md", ".xml", ".tla", ".cfg", ".sh", ".txt",
      ".properties", ".html", ".js", ".css");

  @Test
  void noFileHoldsMergeConflictMarkers() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("pom.xml")).exists();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .filter(p -> !root.relativize(p).toString().contains("target"))
          .filter(p -> !root.relativize(p).startsWith(".git"))
          .filter(p -> TEXT.stream().anyMatch(ext -> p.getFileName().toString().endsWith(ext))
              || p.getFileName().toString().equals("run"))
          .forEach(p -> {
            try {
              if (MARKER.matcher(Files.readString(p, StandardCharsets.ISO_8859_1)).find()) {
                offenders.add(root.relativize(p).toString());
              }
            } catch (IOException e) {
              offenders.add(root.relativize(p) + " (unreadable: " + e.getMessage() + ")");
            }
          });
    }
    assertThat(offenders).as("files with merge-conflict markers").isEmpty();
  }
}
