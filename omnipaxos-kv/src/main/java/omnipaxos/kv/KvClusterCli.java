package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnipaxos-kv cluster status|add|remove|replace}: shows or changes a running cluster's
 * membership through any of its servers ({@code --address}, a client address), with the {@code
 * OMNIPAXOS CLUSTER} command. A change is answered once it is decided; new servers then fetch the
 * state in the background ({@code cluster status} on them shows how far they are).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Show or change the members of a running cluster.",
    subcommands = {
      KvClusterCli.Status.class,
      KvClusterCli.Add.class,
      KvClusterCli.Remove.class,
      KvClusterCli.Replace.class
    })
final class KvClusterCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** What every subcommand needs: the server to ask. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--address", defaultValue = "127.0.0.1:6379",
        description = "The client address of any server of the cluster (default ${DEFAULT-VALUE}).")
    String address;

    abstract List<String> command();

    @Override
    public Integer call() {
      InetSocketAddress a = KvCli.address("--address", address, 6379);
      String reply;
      try {
        List<String> args = new ArrayList<>(List.of("CLUSTER"));
        args.addAll(command());
        reply = KvCluster.query(a, args.toArray(String[]::new));
      } catch (IllegalStateException e) {
        throw new StartupException(
            "server " + address + " answered: " + e.getMessage(), fixFor(e.getMessage()));
      }
      System.out.println(reply.replace("\r\n", "\n").strip());
      return 0;
    }

    private static String fixFor(String error) {
      if (error.contains("already under way")) {
        return "wait until the change under way is decided (omnipaxos-kv cluster status), then"
                   + " retry";
      }
      if (error.contains("TIMEOUT")) {
        return "check with omnipaxos-kv cluster status whether it took effect before you retry";
      }
      if (error.contains("REMOVED")
          || error.contains("not a member")
          || error.contains("LOADING")) {
        return "give --address a member of the cluster";
      }
      return "see omnipaxos-kv cluster --help";
    }
  }

  /** Parses {@code pid=host:port}. */
  static Map.Entry<Long, InetSocketAddress> member(String spec) {
    Map<Long, InetSocketAddress> m = KvCli.nodes(spec);
    if (m.size() != 1) {
      throw StartupException.usage(
          "expected one pid=host:port, got '" + spec + "'", "e.g. 4=127.0.0.1:7004");
    }
    return m.entrySet().iterator().next();
  }

  static long pid(String s) {
    try {
      long p = Long.parseLong(s);
      if (p > 0) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw StartupException.usage("'" + s + "' is not a pid", "give a positive number, e.g. 3");
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Show the cluster's id, members, configuration history and any catch-up in progress.")
  static final class Status extends Base {
    @Override
    List<String> command() {
      return List.of("INFO");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a server (start it first with server --join, or right after).")
  static final class Add extends Base {
    @Parameters(
        index = "0",
        paramLabel = "PID=HOST:PORT",
        description = "The new server's pid and server-to-server address.")
    String member;

    @Override
    List<String> command() {
      Map.Entry<Long, InetSocketAddress> m = member(member);
      return List.of("ADD", Long.toString(m.getKey()), KvStartup.hostPort(m.getValue()));
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a server from the cluster.")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "PID", description = "The pid of the server to remove.")
    String pid;

    @Override
    List<String> command() {
      return List.of("REMOVE", Long.toString(pid(pid)));
    }
  }

  @Command(name = "replace", mixinStandardHelpOptions = true,
      description = "Replace a server (e.g. a crashed one) with a new one, in one change.")
  static final class Replace extends Base {
    @Parameters(index = "0", paramLabel = "OLD", description = "The pid of the server to replace.")
    String old;

    @Parameters(
        index = "1",
        paramLabel = "NEW=HOST:PORT",
        description = "The new server's pid and address.")
    String member;

    @Override
    List<String> command() {
      Map.Entry<Long, InetSocketAddress> m = member(member);
      return List.of(
          "REPLACE",
          Long.toString(pid(old)),
          Long.toString(m.getKey()),
          KvStartup.hostPort(m.getValue()));
    }
  }
}
