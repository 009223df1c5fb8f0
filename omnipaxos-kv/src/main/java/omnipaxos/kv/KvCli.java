package omnipaxos.kv;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import omnipaxos.runtime.NodeConfig;
import omnipaxos.transport.netty.TlsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;

/**
 * The command line: {@code server}, {@code demo}, {@code status}, {@code cluster}, {@code backup}
 * and {@code restore}. Every error is one line on stderr, {@code omnipaxos-kv: error: <what is
 * wrong>; <how to fix it>} (followed by its stack trace with {@code --verbose}); the exit code is
 * {@value StartupException#USAGE} for a mistake in the options and {@value
 * StartupException#FAILURE} for a failure while starting or running. Logs go to stdout.
 */
@Command(
    name = "omnipaxos-kv",
    mixinStandardHelpOptions = true,
    version = "omnipaxos-kv 0.1.0",
    description = "A replicated key-value store on OmniPaxos that speaks the Redis protocol.",
    subcommands = {
      KvCli.Server.class,
      KvDemo.class,
      KvCli.Status.class,
      KvClusterCli.class,
      KvBackupCli.class,
      KvRestoreCli.class,
      CommandLine.HelpCommand.class
    })
public final class KvCli implements Runnable {

  private static final String ERROR = "omnipaxos-kv: error: ";
  private static final String NODES_FIX =
      "list every member as pid=host:port, separated by commas, e.g."
          + " --nodes 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "After an error's one-line message, print its stack trace.")
  boolean verbose;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      boolean server = args.length > 0 && args[0].equals("server");
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn");
    }
    if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its error reporting: one line per error, exit codes 2 (usage) and 1
   * (failure).
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new KvCli());
    cl.setParameterExceptionHandler(
        (e, args) ->
            report(
                e.getCommandLine(),
                e.getMessage(),
                "see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'",
                StartupException.USAGE,
                e,
                java.util.Arrays.asList(args).contains("--verbose")));
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          boolean verbose = parsed.originalArgs().contains("--verbose");
          if (e instanceof StartupException s) {
            return report(cmd, s.getMessage(), s.fix(), s.exitCode(), e, verbose);
          }
          String what =
              e.getMessage() == null
                  ? e.getClass().getName()
                  : e.getClass().getSimpleName() + ": " + e.getMessage();
          return report(
              cmd,
              what,
              "rerun with --verbose for the stack trace, and report it if the cause is unclear",
              StartupException.FAILURE,
              e,
              verbose);
        });
    return cl;
  }

  private static int report(
      CommandLine cmd, String what, String fix, int exitCode, Throwable e, boolean verbose) {
    PrintWriter err = cmd.getErr();
    String problem = what.endsWith(".") ? what.substring(0, what.length() - 1) : what;
    err.println(ERROR + (problem + "; " + fix).replace('\r', ' ').replace('\n', ' '));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Parses {@code host:port} (port 0 to 65535), or returns null if it is not that. */
  private static InetSocketAddress hostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      return port < 0 || port > 65_535
          ? null
          : new InetSocketAddress(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses the {@code host:port} of option {@code flag}. */
  static InetSocketAddress address(String flag, String value, int examplePort) {
    InetSocketAddress a = hostPort(value);
    if (a == null) {
      throw StartupException.usage(
          flag + " '" + value + "' is not host:port (with a port from 0 to 65535)",
          "give " + flag + " as host:port, e.g. " + flag + " 127.0.0.1:" + examplePort);
    }
    return a;
  }

  /** Parses {@code 1=127.0.0.1:7001,2=127.0.0.1:7002}. */
  static Map<Long, InetSocketAddress> nodes(String spec) {
    Map<Long, InetSocketAddress> out = new LinkedHashMap<>();
    for (String part : spec.split(",", -1)) {
      String[] kv = part.trim().split("=", 2);
      long pid;
      try {
        pid = kv.length == 2 ? Long.parseLong(kv[0].trim()) : 0;
      } catch (NumberFormatException e) {
        pid = 0;
      }
      InetSocketAddress a = pid > 0 ? hostPort(kv[1].trim()) : null;
      if (a == null) {
        throw StartupException.usage(
            "--nodes entry '" + part + "' is not pid=host:port (with a positive pid)", NODES_FIX);
      }
      if (out.put(pid, a) != null) {
        throw StartupException.usage("--nodes lists pid " + pid + " twice", NODES_FIX);
      }
    }
    return out;
  }

  private static long positive(String flag, long value, long least, String example) {
    if (value < least) {
      throw StartupException.usage(
          flag + " must be at least " + least + ", got " + value,
          "give e.g. " + flag + " " + example);
    }
    return value;
  }

  /** Runs one server until the process is stopped. */
  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      description = "Run one server of a cluster.")
  static final class Server implements Callable<Integer> {
    @Option(names = "--pid", required = true, description = "This server's pid (positive).")
    long pid;

    @Option(
        names = "--nodes",
        description =
            "Every member's server-to-server address, this server's included:"
                + " 1=host:port,2=host:port,... Needed with --bootstrap; later the data directory"
                + " knows the members (if given, it must agree).")
    String nodes;

    @Option(
        names = "--bootstrap",
        description =
            "Start a new cluster whose first members are --nodes (the same flags on every first"
                + " member). Ignored when the data directory already belongs to that cluster.")
    boolean bootstrap;

    @Option(
        names = "--join",
        description =
            "Join the running cluster a member of which serves clients at this host:port; this"
                + " server then waits until it is added (omnipaxos-kv cluster add).")
    String join;

    @Option(
        names = "--listen",
        description =
            "This server's own server-to-server address, host:port, if --nodes does not give it"
                + " (with --join).")
    String listen;

    @Option(
        names = "--cluster-name",
        defaultValue = KvServerConfig.DEFAULT_CLUSTER_NAME,
        description =
            "With --bootstrap: the name the cluster id is made from (default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(
        names = "--client",
        required = true,
        description = "Where Redis clients connect, host:port.")
    String client;

    @Option(
        names = "--http",
        description = "Where /health, /metrics and the dashboard (/) are served, host:port.")
    String http;

    @Option(names = "--dashboard-peers", description = "Not needed: every server announces its HTTP"
        + " address through the log, and the dashboard gathers the others' views there. Given as"
        + " 2=host:port,3=host:port, these take the place of the announced addresses.")
    String dashboardPeers;

    @Option(names = "--advertise-http", description = "The HTTP address to announce to the other"
        + " servers (their dashboards gather this one's view there), host:port. Default: the --http"
        + " address, with the host of this server's --nodes entry (or --listen) if --http is"
        + " 0.0.0.0 or [::].")
    String advertiseHttp;

    @Option(names = "--advertise-client", description = "The client address to announce (shown on"
        + " the dashboards), host:port. Default: the --client address, with the host of this"
        + " server's --nodes entry (or --listen) if --client is 0.0.0.0 or [::].")
    String advertiseClient;

    @Option(
        names = "--data-dir",
        description = "RocksDB directory; without it the log is kept in memory.")
    Path dataDir;

    @Option(
        names = "--election-timeout-ms",
        defaultValue = "500",
        description = "Election timeout (default ${DEFAULT-VALUE}).")
    long electionTimeoutMs;

    @Option(names = "--snapshot-every", defaultValue = "50000",
        description = "Compact the log every this many entries (default ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(
        names = "--request-timeout-ms",
        defaultValue = "1500",
        description =
            "Every command is answered within this bound, retries included; one that nothing"
                + " decided by then gets an error (default ${DEFAULT-VALUE}, below the 2 s socket"
                + " time-out of Jedis' defaults).")
    long requestTimeoutMs;

    @Option(
        names = "--tls-cert",
        description = "PEM certificate chain for mutual TLS between servers.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for mutual TLS.")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "PEM certificates trusted for mutual TLS.")
    Path tlsCa;

    @Option(names = "--fault-injection", description = "Allow OMNIPAXOS CUT/HEAL (tests only).")
    boolean faultInjection;

    @Option(
        names = "--read-mode",
        defaultValue = "log",
        description =
            "How GET is answered: log (through the log, no clock assumption) or lease (locally on"
                + " the leader under a leader lease; assumes clock rates within 10%% of each"
                + " other). Default ${DEFAULT-VALUE}.")
    String readMode;

    @Option(names = "--requirepass",
        description = "Clients must AUTH with this password before any other command"
            + " (as Redis's requirepass).")
    String requirePass;

    @Override
    public Integer call() throws InterruptedException {
      KvServerConfig config = config();
      Map<Long, InetSocketAddress> dashboard = dashboardPeers();
      KvServer server = KvServer.start(config);
      server.dashboardPeers(dashboard);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }));
      System.out.println("server " + pid + " ready: clients on " + server.clientAddress());
      stopped.await();
      return 0;
    }

    private Map<Long, InetSocketAddress> dashboardPeers() {
      try {
        return dashboardPeers == null ? Map.of() : MemberAddresses.parse(dashboardPeers);
      } catch (IllegalArgumentException e) {
        throw StartupException.usage("--dashboard-peers: " + e.getMessage(),
            "give the other servers' HTTP addresses as 2=host:port,3=host:port");
      }
    }

    /** The server's settings, or a {@link StartupException} naming the option that is wrong. */
    KvServerConfig config() {
      positive("--pid", pid, 1, "1");
      Map<Long, InetSocketAddress> members = nodes == null ? Map.of() : nodes(nodes);
      if (bootstrap && join != null) {
        throw StartupException.usage("--bootstrap and --join exclude each other",
            "give --bootstrap to start a new cluster, or --join to join a running one");
      }
      if (bootstrap && members.isEmpty()) {
        throw StartupException.usage("--bootstrap needs --nodes", NODES_FIX);
      }
      if (!members.isEmpty() && !members.containsKey(pid)) {
        throw StartupException.usage(
            "--pid " + pid + " is not among the pids of --nodes " + new TreeSet<>(members.keySet()),
            "add this server's own entry "
                + pid
                + "=host:port to --nodes (the same list on every server), or correct --pid");
      }
      if (bootstrap && members.size() < 2) {
        throw StartupException.usage("--nodes lists only this server", NODES_FIX);
      }
      Optional<InetSocketAddress> ownAddress =
          Optional.ofNullable(listen).map(l -> address("--listen", l, 7001));
      KvServerConfig.Start start;
      if (join != null) {
        InetSocketAddress member = address("--join", join, 6379);
        InetSocketAddress self = ownAddress.orElse(members.get(pid));
        if (self == null) {
          throw StartupException.usage("--join needs this server's own server-to-server address",
              "give it with --listen host:port");
        }
        start = KvServerConfig.Start.join(member, self);
      } else {
        start = new KvServerConfig.Start(bootstrap, Optional.empty(), ownAddress, clusterName);
      }
      InetSocketAddress clientAddress = address("--client", client, 6379);
      Optional<InetSocketAddress> httpAddress =
          Optional.ofNullable(http).map(h -> address("--http", h, 8080));
      positive(
          "--election-timeout-ms", electionTimeoutMs, NodeConfig.DEFAULT_TICK_PERIOD_MS, "500");
      positive("--snapshot-every", snapshotEvery, 1, "50000");
      positive("--request-timeout-ms", requestTimeoutMs, 1, "1500");
      return KvServerConfig.builder()
          .pid(pid)
          .nodes(members)
          .clientAddress(clientAddress)
          .httpAddress(httpAddress)
          .dataDir(Optional.ofNullable(dataDir))
          .tls(tls())
          .electionTimeoutMs(electionTimeoutMs)
          .snapshotEvery(snapshotEvery)
          .faultInjection(faultInjection)
          .readMode(readMode(readMode))
          .requestTimeoutMs(requestTimeoutMs)
          .start(start)
          .requirePass(Optional.ofNullable(requirePass).filter(p -> !p.isEmpty()))
          .advertise(advertise())
          .build();
    }

    private KvServerConfig.Advertise advertise() {
      if (advertiseHttp != null && http == null) {
        throw StartupException.usage("--advertise-http without --http",
            "give --http too (the address to serve HTTP on), or drop --advertise-http");
      }
      return new KvServerConfig.Advertise(advertised("--advertise-http", advertiseHttp, 8080),
          advertised("--advertise-client", advertiseClient, 6379));
    }

    private static Optional<InetSocketAddress> advertised(String flag, String value, int port) {
      if (value == null) {
        return Optional.empty();
      }
      InetSocketAddress a = address(flag, value, port);
      if (a.getPort() == 0 || (a.getAddress() != null && a.getAddress().isAnyLocalAddress())) {
        throw StartupException.usage(flag + " " + value + " is not an address others can reach",
            "give " + flag + " the host:port the other servers and operators connect to, e.g. "
            + flag + " 10.0.0.5:" + port);
      }
      return Optional.of(a);
    }

    private Optional<TlsConfig> tls() {
      if (tlsCert == null && tlsKey == null && tlsCa == null) {
        return Optional.empty();
      }
      if (tlsCert == null || tlsKey == null || tlsCa == null) {
        throw StartupException.usage(
            "--tls-cert, --tls-key and --tls-ca go together, but only "
                + (tlsCert != null ? "--tls-cert " : "")
                + (tlsKey != null ? "--tls-key " : "")
                + (tlsCa != null ? "--tls-ca " : "")
                + "was given",
            "give all three for mutual TLS between servers, or none for plain TCP");
      }
      readable("--tls-cert", tlsCert);
      readable("--tls-key", tlsKey);
      readable("--tls-ca", tlsCa);
      return Optional.of(TlsConfig.of(tlsCert, tlsKey, tlsCa));
    }

    private static void readable(String flag, Path file) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new StartupException(
            flag
                + " file "
                + file
                + (Files.exists(file) ? " is not a readable file" : " does not exist"),
            "give " + flag + " the path of a readable PEM file");
      }
    }

    private static ReadMode readMode(String value) {
      try {
        return ReadMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw StartupException.usage(
            "--read-mode '" + value + "' is not a read mode",
            "give --read-mode log or --read-mode lease");
      }
    }
  }

  /** Prints a server's view of the cluster. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a server's view of the cluster.")
  static final class Status implements Callable<Integer> {
    @Option(
        names = "--address",
        defaultValue = "127.0.0.1:6379",
        description = "A server's client address (default ${DEFAULT-VALUE}).")
    String address;

    @Override
    public Integer call() {
      InetSocketAddress a = address("--address", address, 6379);
      try (Jedis j = new Jedis(a.getHostString(), a.getPort(), 5_000)) {
        System.out.print(j.info().replace("\r\n", "\n"));
        return 0;
      } catch (RuntimeException e) {
        throw new StartupException("cannot reach a server at " + address + ": " + e.getMessage(),
            "check that a server runs there and that --address is its client address", e);
      }
    }
  }
}
