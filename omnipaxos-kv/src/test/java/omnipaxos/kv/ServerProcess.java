package omnipaxos.kv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A key-value server in a child JVM, started with the real command line; killed with SIGKILL. */
final class ServerProcess implements AutoCloseable {

  private final long pid;
  private final List<String> args;
  private final Path log;
  private Process process;

  ServerProcess(long pid, String nodes, int clientPort, Path dataDir, Path log, String... extraArgs) {
    this(pid, log, concat(List.of("--bootstrap", "--nodes", nodes), clientPort, dataDir, extraArgs));
  }

  private ServerProcess(long pid, Path log, List<String> serverArgs) {
    this.pid = pid;
    this.log = log;
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> a = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        KvCli.class.getName(), "server", "--pid", Long.toString(pid)));
    a.addAll(serverArgs);
    this.args = List.copyOf(a);
  }

  /**
   * A new server that joins a running cluster through {@code joinAddress} (a member's client address),
   * listening for its peers on {@code listen}.
   */
  static ServerProcess joining(long pid, String joinAddress, String listen, int clientPort, Path dataDir,
      Path log) {
    return new ServerProcess(pid, log, concat(List.of("--join", joinAddress, "--listen", listen), clientPort,
        dataDir));
  }

  private static List<String> concat(List<String> start, int clientPort, Path dataDir, String... extraArgs) {
    List<String> a = new ArrayList<>(start);
    a.addAll(List.of("--client", "127.0.0.1:" + clientPort, "--data-dir", dataDir.toString(),
        "--election-timeout-ms", "300", "--snapshot-every", "500", "--fault-injection"));
    a.addAll(List.of(extraArgs));
    return a;
  }

  /**
   * Starts servers 1..n on free loopback ports, data and logs under {@code dir}, and waits until each
   * serves clients; fills {@code clientPorts} with each server's client port.
   */
  static java.util.Map<Long, ServerProcess> startCluster(int n, Path dir, java.util.Map<Long, Integer> clientPorts,
      String... extraArgs) throws IOException, InterruptedException {
    StringBuilder nodes = new StringBuilder();
    for (long pid = 1; pid <= n; pid++) {
      nodes.append(pid == 1 ? "" : ",").append(pid).append("=127.0.0.1:").append(Ports.free());
      clientPorts.put(pid, Ports.free());
    }
    java.util.Map<Long, ServerProcess> servers = new java.util.LinkedHashMap<>();
    for (long pid = 1; pid <= n; pid++) {
      ServerProcess s = new ServerProcess(pid, nodes.toString(), clientPorts.get(pid), dir.resolve("data" + pid),
          dir.resolve("server" + pid + ".log"), extraArgs);
      servers.put(pid, s);
      s.start();
    }
    return servers;
  }

  /** Starts the process and waits until it serves clients. */
  void start() throws IOException, InterruptedException {
    long offset = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
    process = new ProcessBuilder(new ArrayList<>(args)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server " + pid + " exited with " + process.exitValue() + "; see " + log);
      }
      String out = java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1);
      if (out.length() > offset && out.substring((int) offset).contains("server " + pid + " ready")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("server " + pid + " not ready within 30 s; see " + log);
  }

  /** Runs the process to its end (it must exit within 60 s); returns its exit code. Its output is in the log. */
  int runToExit() throws IOException, InterruptedException {
    process = new ProcessBuilder(new ArrayList<>(args)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server " + pid + " did not exit within 60 s; see " + log);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process stops where it is, its sockets stay open. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " of server " + pid + " failed");
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
