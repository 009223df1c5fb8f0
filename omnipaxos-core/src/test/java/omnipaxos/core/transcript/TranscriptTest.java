package omnipaxos.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every transcript in {@code src/test/resources/testdata} (one dynamic test per file): each
 * command's output must equal the expected lines under it. With {@code -Dtranscripts.rewrite=true}
 * the files are written back with the actual output instead, so that a change of behaviour shows
 * in the diff: {@code mvn -pl omnipaxos-core test -Dtest=TranscriptTest
 * -Dtranscripts.rewrite=true}.
 */
class TranscriptTest {

  private static final Path DIR = Paths.get("src/test/resources/testdata");
  private static final boolean REWRITE = Boolean.getBoolean("transcripts.rewrite");

  @TestFactory
  Stream<DynamicTest> transcripts() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.list(DIR)) {
      files = all.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).as("transcripts in " + DIR.toAbsolutePath()).isNotEmpty();
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
  }

  private static void run(Path file) throws IOException {
    String name = file.getFileName().toString();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Transcript t = Transcript.parse(name, text.lines().toList());
    TranscriptCluster cluster = new TranscriptCluster();
    List<List<String>> outputs = new ArrayList<>();
    for (Transcript.Stanza s : t.stanzas()) {
      List<String> actual;
      try {
        actual = cluster.run(s.command());
      } catch (RuntimeException e) {
        throw new AssertionError(name + ":" + s.line() + ": " + s.command() + " threw", e);
      }
      outputs.add(actual);
      if (!REWRITE) {
        assertThat(String.join("\n", actual))
            .as("%s:%d: %s", name, s.line(), s.command())
            .isEqualTo(String.join("\n", s.expected()));
      }
    }
    String formatted = t.format(outputs);
    if (REWRITE) {
      if (!formatted.equals(text)) {
        Files.writeString(file, formatted, StandardCharsets.UTF_8);
      }
    } else {
      assertThat(formatted).as("%s is in its canonical form (rewrite it)", name).isEqualTo(text);
    }
  }
}
