package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import omnipaxos.transport.netty.TlsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;

/** The command line: {@code server}, {@code demo} and {@code status}. */
@Command(name = "omnipaxos-kv", mixinStandardHelpOptions = true, version = "omnipaxos-kv 0.1.0",
    description = "A replicated key-value store on OmniPaxos that speaks the Redis protocol.",
    subcommands = {KvCli.Server.class, KvDemo.class, KvCli.Status.class, CommandLine.HelpCommand.class})
public final class KvCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      boolean server = args.length > 0 && args[0].equals("server");
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn");
    }
    System.exit(new CommandLine(new KvCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new CommandLine.TypeConversionException("expected host:port, got '" + hostPort + "'");
    }
    try {
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("bad port in '" + hostPort + "'");
    }
  }

  /** Parses {@code 1=127.0.0.1:7001,2=127.0.0.1:7002}. */
  static Map<Long, InetSocketAddress> nodes(String spec) {
    Map<Long, InetSocketAddress> out = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new CommandLine.TypeConversionException("expected pid=host:port, got '" + part + "'");
      }
      try {
        out.put(Long.parseLong(kv[0].trim()), address(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("bad pid in '" + part + "'");
      }
    }
    return out;
  }

  /** Runs one server until the process is stopped. */
  @Command(name = "server", mixinStandardHelpOptions = true, description = "Run one server of a cluster.")
  static final class Server implements Callable<Integer> {
    @Option(names = "--pid", required = true, description = "This server's pid (positive).")
    long pid;

    @Option(names = "--nodes", required = true,
        description = "Every member's server-to-server address, this server's included: 1=host:port,2=host:port,...")
    String nodes;

    @Option(names = "--client", required = true, description = "Where Redis clients connect, host:port.")
    String client;

    @Option(names = "--http", description = "Where /health and /metrics are served, host:port.")
    String http;

    @Option(names = "--data-dir", description = "RocksDB directory; without it the log is kept in memory.")
    Path dataDir;

    @Option(names = "--election-timeout-ms", defaultValue = "500", description = "Election timeout (default ${DEFAULT-VALUE}).")
    long electionTimeoutMs;

    @Option(names = "--snapshot-every", defaultValue = "50000",
        description = "Compact the log every this many entries (default ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--tls-cert", description = "PEM certificate chain for mutual TLS between servers.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for mutual TLS.")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "PEM certificates trusted for mutual TLS.")
    Path tlsCa;

    @Option(names = "--fault-injection", description = "Allow OMNIPAXOS CUT/HEAL (tests only).")
    boolean faultInjection;

    @Option(names = "--read-mode", defaultValue = "log", converter = ReadModeConverter.class,
        description = "How GET is answered: log (through the log, no clock assumption) or lease (locally on"
            + " the leader under a leader lease; assumes clock rates within 10% of each other). Default ${DEFAULT-VALUE}.")
    ReadMode readMode;

    @Override
    public Integer call() throws Exception {
      Optional<TlsConfig> tls = Optional.empty();
      if (tlsCert != null || tlsKey != null || tlsCa != null) {
        if (tlsCert == null || tlsKey == null || tlsCa == null) {
          throw new CommandLine.ParameterException(new CommandLine(this), "--tls-cert, --tls-key and --tls-ca go together");
        }
        tls = Optional.of(TlsConfig.of(tlsCert, tlsKey, tlsCa));
      }
      KvServerConfig config = new KvServerConfig(pid, nodes(nodes), address(client),
          Optional.ofNullable(http).map(KvCli::address), Optional.ofNullable(dataDir), tls, electionTimeoutMs,
          snapshotEvery, faultInjection, readMode);
      KvServer server = KvServer.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }));
      System.out.println("server " + pid + " ready: clients on " + server.clientAddress());
      stopped.await();
      return 0;
    }
  }

  /** Parses {@code log} or {@code lease}, in any case. */
  static final class ReadModeConverter implements CommandLine.ITypeConverter<ReadMode> {
    @Override
    public ReadMode convert(String value) {
      try {
        return ReadMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected log or lease, got '" + value + "'");
      }
    }
  }

  /** Prints a server's view of the cluster. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a server's view of the cluster.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--address", defaultValue = "127.0.0.1:6379", description = "A server's client address (default ${DEFAULT-VALUE}).")
    String address;

    @Override
    public Integer call() {
      InetSocketAddress a = address(address);
      try (Jedis j = new Jedis(a.getHostString(), a.getPort(), 5_000)) {
        System.out.print(j.info().replace("\r\n", "\n"));
        return 0;
      } catch (RuntimeException e) {
        System.err.println("cannot reach " + address + ": " + e.getMessage());
        return 1;
      }
    }
  }
}
