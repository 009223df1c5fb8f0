package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core is a deterministic state machine: its main sources must not use threads, executors, clocks,
 * unseeded randomness, sockets or files. Scans every main source file for the APIs that would break it.
 */
class CorePurityTest {

  private static final Pattern FORBIDDEN = Pattern.compile(
      "\\bThread\\b|\\bExecutor|\\bjava\\.util\\.concurrent\\b|System\\.(currentTimeMillis|nanoTime)"
          + "|\\bInstant\\.now|\\bClock\\b|\\bnew Random\\(\\)|\\bMath\\.random|\\bThreadLocalRandom"
          + "|\\bjava\\.net\\b|\\bjava\\.io\\.File|\\bjava\\.nio\\.file\\b|\\bSocket|\\bsynchronized\\b");

  @Test
  void mainSourcesUseNoThreadsClocksRandomnessOrIo() throws IOException {
    Path main = Paths.get("src/main/java");
    assertThat(main).isDirectory();
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            offences.add(main.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(offences).isEmpty();
  }
}
