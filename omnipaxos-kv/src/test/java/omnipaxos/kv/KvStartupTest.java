package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Start-up mistakes: each is reported as one line, {@code omnipaxos-kv: error: <what>; <fix>}, with
 * exit code 2 for a mistake in the options and 1 for a failure while starting, no stack trace unless
 * {@code --verbose}; a failed start releases everything it opened. Most cases run the command line in
 * this JVM with its stderr captured; the exact stderr of a real process is checked in a child JVM.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KvStartupTest {

  private static final String PREFIX = "omnipaxos-kv: error: ";

  @TempDir
  Path dir;

  /** The outcome of one run of the command line. */
  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = KvCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Asserts exactly one error line with the exit code, containing each of {@code parts}. */
  private static void assertError(Run r, int exit, String... parts) {
    assertThat(r.exit()).as(r.err()).isEqualTo(exit);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith(PREFIX).contains("; ").contains(parts).doesNotContain("\tat ");
  }

  private String nodes(long pid, int port) {
    return pid + "=127.0.0.1:" + port + ",2=127.0.0.1:" + Ports.free() + ",3=127.0.0.1:" + Ports.free();
  }

  private List<String> server(long pid, int serverPort, int clientPort, String... extra) {
    List<String> a = new ArrayList<>(List.of("server", "--bootstrap", "--pid", Long.toString(pid), "--nodes", nodes(pid, serverPort),
        "--client", "127.0.0.1:" + clientPort));
    a.addAll(Arrays.asList(extra));
    return a;
  }

  private Run cliServer(long pid, String... extra) {
    return cli(server(pid, Ports.free(), Ports.free(), extra).toArray(String[]::new));
  }

  @Test
  void everyHelpPageRendersWithoutPicocliWarnings() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true));
    try {
      for (String sub : KvCli.commandLine().getSubcommands().keySet()) {
        Run r = cli(sub, "--help");
        assertThat(r.exit()).as(sub).isZero();
        assertThat(r.out()).as(sub).contains("Usage: omnipaxos-kv " + sub);
      }
      assertThat(cli("server", "--help").out()).contains("within 10% of each other");
    } finally {
      System.setErr(saved);
    }
    assertThat(warnings.toString()).doesNotContain("picocli WARN");
  }

  @Test
  void mistakesInTheOptionsAreUsageErrors() {
    int usage = StartupException.USAGE;
    assertError(cli("server", "--pid", "4", "--nodes", "1=127.0.0.1:7001,2=127.0.0.1:7002", "--client", "127.0.0.1:0"),
        usage, "--pid 4 is not among the pids of --nodes [1, 2]", "add this server's own entry 4=host:port");
    assertError(cli("server", "--pid", "1", "--nodes", "1=127.0.0.1:7001,two", "--client", "127.0.0.1:0"), usage,
        "--nodes entry 'two' is not pid=host:port", "e.g. --nodes 1=127.0.0.1:7001");
    assertError(cli("server", "--pid", "1", "--nodes", "1=127.0.0.1:70x1,2=127.0.0.1:7002", "--client", "127.0.0.1:0"),
        usage, "--nodes entry '1=127.0.0.1:70x1' is not pid=host:port");
    assertError(cli("server", "--pid", "1", "--nodes", "1=127.0.0.1:7001,2=127.0.0.1:7002", "--client", "localhost"), usage, "--client 'localhost' is not host:port",
        "give --client as host:port");
    assertError(cliServer(1, "--http", "127.0.0.1:99999"), usage, "--http '127.0.0.1:99999' is not host:port");
    assertError(cliServer(1, "--dashboard-peers", "2=nowhere"), usage,
        "--dashboard-peers: expected host:port, got 'nowhere'", "give the other servers' HTTP addresses");
    assertError(cliServer(1, "--http", "0.0.0.0:0", "--advertise-http", "0.0.0.0:8080"), usage,
        "--advertise-http 0.0.0.0:8080 is not an address others can reach");
    assertError(cliServer(1, "--advertise-http", "db1:8080"), usage,
        "--advertise-http without --http", "give --http too");
    assertError(cliServer(1, "--election-timeout-ms", "0"), usage, "--election-timeout-ms must be at least 10, got 0",
        "give e.g. --election-timeout-ms 500");
    assertError(cliServer(1, "--snapshot-every", "-5"), usage, "--snapshot-every must be at least 1, got -5");
    assertError(cliServer(1, "--request-timeout-ms", "0"), usage, "--request-timeout-ms must be at least 1, got 0");
    assertError(cliServer(1, "--read-mode", "fast"), usage, "--read-mode 'fast' is not a read mode",
        "give --read-mode log or --read-mode lease");
    assertError(cliServer(1, "--tls-cert", "cert.pem", "--tls-ca", "ca.pem"), usage,
        "--tls-cert, --tls-key and --tls-ca go together, but only --tls-cert --tls-ca was given");
    assertError(cli("server", "--pid", "1"), usage, "Missing required option", "see 'omnipaxos-kv server --help'");
    assertError(cli("server", "--pid", "one"), usage, "'one' is not a long");
    assertError(cli("status", "--address", "nowhere"), usage, "--address 'nowhere' is not host:port");
  }

  @Test
  void missingTlsFilesAndBadDataDirectoriesAreStartupFailures() throws Exception {
    int failure = StartupException.FAILURE;
    Path pem = Files.writeString(dir.resolve("chain.pem"), "not a certificate");
    assertError(cliServer(1, "--tls-cert", pem.toString(), "--tls-key", dir.resolve("key.pem").toString(), "--tls-ca",
        pem.toString()), failure, "--tls-key file " + dir.resolve("key.pem") + " does not exist",
        "give --tls-key the path of a readable PEM file");
    assertError(cliServer(51, "--tls-cert", pem.toString(), "--tls-key", pem.toString(), "--tls-ca", pem.toString()),
        failure, "cannot load the TLS files", "give --tls-cert a PEM certificate chain");
    assertNoThreadsOf(51);

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertError(cliServer(1, "--data-dir", file.toString()), failure,
        "the data directory " + file + " (--data-dir) is a file, not a directory", "give --data-dir a directory");
    assertError(cliServer(1, "--data-dir", file.resolve("sub").toString()), failure,
        "cannot create the data directory " + file.resolve("sub"));
  }

  @Test
  void portsInUseAreNamedAndAFailedStartReleasesEverythingItOpened() throws Exception {
    int failure = StartupException.FAILURE;
    Path data = dir.resolve("data");
    int serverPort = Ports.free();
    int clientPort = Ports.free();
    int httpPort = Ports.free();
    List<String> args = server(61, serverPort, clientPort, "--data-dir", data.toString(), "--http",
        "127.0.0.1:" + httpPort);
    String nodes = args.get(args.indexOf("--nodes") + 1);

    try (ServerSocket busy = listen(serverPort)) {
      assertError(cli(args.toArray(String[]::new)), failure, "the server-to-server address 127.0.0.1:" + serverPort
          + " (--nodes entry 61=127.0.0.1:" + serverPort + ") is in use", "stop the process that listens there");
    }
    assertNoThreadsOf(61);
    try (ServerSocket busy = listen(clientPort)) {
      assertError(cli(args.toArray(String[]::new)), failure, "the client address 127.0.0.1:" + clientPort
          + " (--client) is in use", "or give --client another port");
    }
    assertNoThreadsOf(61);
    try (ServerSocket busy = listen(httpPort)) {
      assertError(cli(args.toArray(String[]::new)), failure, "the HTTP address 127.0.0.1:" + httpPort
          + " (--http) is in use", "or give --http another port");
    }
    assertNoThreadsOf(61);

    // The HTTP port is bound last: the failed start must have released the RocksDB lock and every port.
    KvServerConfig config = KvServerConfig.builder()
        .pid(61)
        .nodes(KvCli.nodes(nodes))
        .clientAddress(new InetSocketAddress("127.0.0.1", clientPort))
        .httpAddress(new InetSocketAddress("127.0.0.1", httpPort))
        .dataDir(data)
        .electionTimeoutMs(300)
        .snapshotEvery(100)
        .faultInjection(false)
        .build();
    try (KvServer started = KvServer.start(config)) {
      assertThat(started.clientAddress().getPort()).isEqualTo(clientPort);
      // The same flags again, as an operator starting the server twice would.
      assertError(cli(args.toArray(String[]::new)), failure, "the data directory " + data
          + " is in use by another running server", "stop that server first, or give this server its own --data-dir");
      // Another pid on it is refused before the lock is even tried.
      assertError(cliServer(62, "--data-dir", data.toString()), StartupException.USAGE, "the data directory " + data
          + " belongs to server 61 of cluster ", "start it with --pid 61, or give server 62 its own --data-dir");
    }
    assertNoThreadsOf(62);
  }

  @Test
  void aDataDirectoryLockedByAServerInAnotherProcessIsNamed() throws Exception {
    Path data = dir.resolve("data");
    int serverPort = Ports.free();
    String nodes = "1=127.0.0.1:" + serverPort + ",2=127.0.0.1:" + Ports.free();
    try (ServerProcess running = new ServerProcess(1, nodes, Ports.free(), data, dir.resolve("server.log"))) {
      running.start();
      assertError(cli("server", "--bootstrap", "--pid", "1", "--nodes", nodes, "--client", "127.0.0.1:" + Ports.free(),
          "--data-dir", data.toString()), StartupException.FAILURE,
          "the data directory " + data + " is in use by another running server (it holds RocksDB's LOCK file)");
    }
  }

  @Test
  void statusNamesAServerItCannotReach() {
    int port = Ports.free();
    assertError(cli("status", "--address", "127.0.0.1:" + port), StartupException.FAILURE,
        "cannot reach a server at 127.0.0.1:" + port, "check that a server runs there");
  }

  @Test
  void aRealProcessPrintsOneLineToStderrAndTheTraceOnlyWithVerbose() throws Exception {
    int clientPort = Ports.free();
    try (ServerSocket busy = listen(clientPort)) {
      List<String> args = server(1, Ports.free(), clientPort, "--data-dir", dir.resolve("data").toString());
      Run quiet = childJvm(args);
      assertThat(quiet.exit()).as(quiet.err()).isEqualTo(StartupException.FAILURE);
      assertThat(quiet.err()).isEqualTo(PREFIX + "the client address 127.0.0.1:" + clientPort
          + " (--client) is in use; stop the process that listens there, or give --client another port"
          + System.lineSeparator());
      assertThat(quiet.out()).doesNotContain("\tat ", "Exception");

      args.add("--verbose");
      Run verbose = childJvm(args);
      assertThat(verbose.exit()).isEqualTo(StartupException.FAILURE);
      List<String> lines = verbose.err().lines().toList();
      assertThat(lines.get(0)).startsWith(PREFIX + "the client address 127.0.0.1:" + clientPort + " (--client) is in use");
      assertThat(lines.get(1)).startsWith(StartupException.class.getName());
      assertThat(lines).anyMatch(l -> l.startsWith("\tat "));
    }
  }

  private Run childJvm(List<String> args) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        KvCli.class.getName()));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the command line did not exit: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress("127.0.0.1", port));
    return s;
  }

  /** Waits until no thread of server {@code pid} (its node, transport, timer, HTTP) is alive. */
  private static void assertNoThreadsOf(long pid) throws InterruptedException {
    List<String> prefixes = List.of("kv-" + pid + "-", "omnipaxos-node-" + pid + "-", "omnipaxos-net-" + pid + "-");
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
      List<String> left = new ArrayList<>();
      for (Thread t : all.keySet()) {
        if (t.isAlive() && prefixes.stream().anyMatch(t.getName()::startsWith)) {
          left.add(t.getName());
        }
      }
      if (left.isEmpty()) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("threads of server " + pid + " still alive after a failed start: " + left);
      }
      Thread.sleep(50);
    }
  }
}
