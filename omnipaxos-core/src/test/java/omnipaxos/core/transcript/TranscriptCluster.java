package omnipaxos.core.transcript;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Describe;
import omnipaxos.core.LogEntry;
import omnipaxos.core.Message;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.OmniPaxosConfig;
import omnipaxos.core.OmniPaxosException;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.ServerConfig;
import omnipaxos.core.TestCluster;
import omnipaxos.core.storage.MemoryStorage;

/**
 * The cluster a transcript drives: nodes 1..n of configuration 1 with {@code Long} entries and list
 * snapshots on {@link MemoryStorage}, and a network that holds every sent message in flight, in
 * order, until a command delivers or drops it. After every command each node it touched drains
 * ({@link OmniPaxos#outgoingMessages()}, so its writes are durable first) and every message it
 * sent is printed, one {@link Describe} line each; a delivered message is printed with the
 * messages its receiver sent in answer indented under it. Without the {@code ble} option
 * leader-election messages are discarded when sent, so that only {@code become-leader} elects.
 *
 * <p>Verbs ({@code <filter>} is any mix of links {@code 1->2}, {@code ->2}, {@code 1->} and
 * message types such as {@code Prepare}; an empty filter matches everything):
 *
 * <ul>
 *   <li>{@code add-nodes <n> [ble] [election=<ticks>] [resend=<ticks>] [flush=<ticks>]
 *       [batch=<n>] [lease=<ticks>]}: creates the nodes;
 *   <li>{@code become-leader <pid> r=<round>}: hands the node's ballot of that round to Sequence
 *       Paxos, as Ballot Leader Election does (the TLA+ action {@code BecomeLeader});
 *   <li>{@code tick [<pid>...] [n=<count>]}: ticks the nodes (all live ones by default);
 *   <li>{@code propose <pid> <value>...}, {@code reconfigure <pid> c=<id> nodes=<a,b,..>}, {@code
 *       trim <pid> [idx=<i>]}, {@code snapshot <pid> [idx=<i>] [local]}: user operations;
 *   <li>{@code deliver [<filter>] [n=<k>] [newest]}: delivers the matching messages in flight (the
 *       first {@code k}, or the newest {@code k}), not those sent meanwhile; {@code stabilize}: delivers until nothing is in
 *       flight; {@code drop}, {@code duplicate}, {@code hold} (same arguments): lose,
 *       copy or set aside the messages; {@code release}: puts the held messages back in flight,
 *       after all others; {@code in-flight}: lists the messages in flight;
 *   <li>{@code crash <pid>}, {@code restart <pid>} (on its storage), {@code reconnected <pid>
 *       <peer>}, {@code cut <a>-><b>}, {@code restore <a>-><b>} (a message on a cut link is dropped
 *       when delivered);
 *   <li>{@code status [<pid>...]}: role, phase, promise, leader and indices; {@code log [<pid>...]}:
 *       the log, decided entries before {@code |}; {@code ble [<pid>...]}: the election's view.
 * </ul>
 */
final class TranscriptCluster {

  private final Map<Long, MemoryStorage<Long, List<Long>>> storages = new TreeMap<>();
  private final Map<Long, OmniPaxos<Long, List<Long>>> nodes = new TreeMap<>();
  private final List<Message<Long, List<Long>>> inFlight = new ArrayList<>();
  private final List<Message<Long, List<Long>>> held = new ArrayList<>();
  private final Set<String> cutLinks = new TreeSet<>();
  private final List<String> out = new ArrayList<>();
  private ClusterConfig config;
  private UnaryOperator<ServerConfig.Builder> server = b -> b;
  private boolean ble;

  /** Runs one command line. @return its output lines, {@code ok} if none */
  List<String> run(String commandLine) {
    out.clear();
    Command c = Command.parse(commandLine);
    try {
      dispatch(c);
    } catch (OmniPaxosException e) {
      out.add("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    List<String> result = out.isEmpty() ? List.of("ok") : List.copyOf(out);
    out.clear();
    return result;
  }

  private void dispatch(Command c) {
    switch (c.verb()) {
      case "add-nodes" -> addNodes(c);
      case "become-leader" -> becomeLeader(c.pid(0), c.longOption("r"));
      case "tick" -> tick(c);
      case "propose" -> propose(c);
      case "reconfigure" -> reconfigure(c);
      case "trim" -> act(c.pid(0), n -> n.trim(c.optionalLong("idx")));
      case "snapshot" -> act(c.pid(0), n -> n.snapshot(c.optionalLong("idx"), c.flag("local")));
      case "deliver" -> deliver(c);
      case "stabilize" -> stabilize();
      case "drop" -> take(c).forEach(m -> out.add(Describe.message(m)));
      case "duplicate" -> duplicate(c);
      case "in-flight" -> inFlight.forEach(m -> out.add(Describe.message(m)));
      case "hold" -> hold(c);
      case "release" -> release();
      case "crash" -> nodes.remove(c.pid(0));
      case "restart" -> restart(c.pid(0));
      case "reconnected" -> act(c.pid(0), n -> n.reconnected(c.pid(1)));
      case "cut" -> cutLinks.add(c.arg(0));
      case "restore" -> cutLinks.remove(c.arg(0));
      case "status" -> pidsOrAll(c).forEach(p -> out.add(status(p)));
      case "log" -> pidsOrAll(c).forEach(p -> out.add(log(p)));
      case "ble" -> pidsOrAll(c).forEach(p -> out.add(bleView(p)));
      default -> throw new IllegalArgumentException("unknown verb " + c.verb());
    }
  }

  // ---- nodes ----

  private void addNodes(Command c) {
    List<Long> pids = new ArrayList<>();
    for (long p = 1; p <= Long.parseLong(c.arg(0)); p++) {
      pids.add(p);
    }
    config = ClusterConfig.of(1, pids);
    ble = c.flag("ble");
    server = b -> {
      c.optionalInt("election").ifPresent(b::electionTickTimeout);
      c.optionalInt("resend").ifPresent(b::resendMessageTickTimeout);
      c.optionalInt("flush").ifPresent(b::flushBatchTickTimeout);
      c.optionalInt("batch").ifPresent(b::batchSize);
      c.optionalInt("lease").ifPresent(b::leaseTicks);
      return b;
    };
    for (long p : pids) {
      storages.put(p, new MemoryStorage<>());
      start(p);
    }
  }

  private void start(long pid) {
    ServerConfig s = server.apply(ServerConfig.builder().pid(pid)).build();
    nodes.put(pid, new OmniPaxosConfig(config, s).build(storages.get(pid),
        TestCluster.LIST_SNAPSHOTS));
    drain(pid, "");
  }

  private void restart(long pid) {
    if (nodes.containsKey(pid)) {
      throw new IllegalStateException("node " + pid + " is running");
    }
    start(pid);
  }

  private OmniPaxos<Long, List<Long>> node(long pid) {
    OmniPaxos<Long, List<Long>> n = nodes.get(pid);
    if (n == null) {
      throw new IllegalStateException("node " + pid + " is down");
    }
    return n;
  }

  /** Runs {@code op} at {@code pid} and prints what the node sent. */
  private void act(long pid, java.util.function.Consumer<OmniPaxos<Long, List<Long>>> op) {
    op.accept(node(pid));
    drain(pid, "");
  }

  private void becomeLeader(long pid, long round) {
    int priority = node(pid).config().server().leaderPriority();
    Ballot ballot = new Ballot(config.configurationId(), round, priority, pid);
    act(pid, n -> TestCluster.handleLeader(n, ballot));
  }

  private void tick(Command c) {
    List<Long> pids = c.pids().isEmpty() ? List.copyOf(nodes.keySet()) : c.pids();
    for (int i = 0; i < c.count().orElse(1); i++) {
      for (long p : pids) {
        if (nodes.containsKey(p)) {
          node(p).tick();
        }
      }
      for (long p : pids) {
        if (nodes.containsKey(p)) {
          drain(p, "");
        }
      }
    }
  }

  private void propose(Command c) {
    long pid = c.pid(0);
    for (int i = 1; i < c.args().size(); i++) {
      long v = Long.parseLong(c.arg(i));
      try {
        node(pid).append(v);
      } catch (ProposalRejectedException e) {
        out.add("rejected " + v + ": " + e.reason());
      }
    }
    drain(pid, "");
  }

  private void reconfigure(Command c) {
    List<Long> members = new ArrayList<>();
    for (String p : c.option("nodes").split(",")) {
      members.add(Long.parseLong(p));
    }
    ClusterConfig next = ClusterConfig.of((int) c.longOption("c"), members);
    act(c.pid(0), n -> n.reconfigure(next, Optional.empty()));
  }

  /** Moves what {@code pid} sent into the network and prints it, each line after {@code indent}. */
  private void drain(long pid, String indent) {
    for (Message<Long, List<Long>> m : node(pid).outgoingMessages()) {
      if (ble || !(m instanceof Message.Ble)) {
        inFlight.add(m);
        out.add(indent + Describe.message(m));
      }
    }
  }

  // ---- network ----

  private void deliver(Command c) {
    deliver(take(c));
  }

  private void deliver(List<Message<Long, List<Long>>> messages) {
    for (Message<Long, List<Long>> m : messages) {
      String line = Describe.message(m);
      OmniPaxos<Long, List<Long>> to = nodes.get(m.to());
      if (cutLinks.contains(m.from() + "->" + m.to())) {
        out.add(line + " (dropped: link cut)");
      } else if (to == null) {
        out.add(line + " (dropped: " + m.to() + " is down)");
      } else {
        out.add(line);
        to.handle(m);
        drain(m.to(), "  ");
      }
    }
  }

  private void stabilize() {
    for (int round = 0; !inFlight.isEmpty(); round++) {
      if (round == 1000) {
        throw new IllegalStateException("the network did not go quiet in 1000 rounds");
      }
      List<Message<Long, List<Long>>> now = List.copyOf(inFlight);
      inFlight.clear();
      deliver(now);
    }
  }

  private void hold(Command c) {
    for (Message<Long, List<Long>> m : take(c)) {
      held.add(m);
      out.add(Describe.message(m));
    }
  }

  private void release() {
    held.forEach(m -> out.add(Describe.message(m)));
    inFlight.addAll(held);
    held.clear();
  }

  private void duplicate(Command c) {
    List<Message<Long, List<Long>>> copies = new ArrayList<>();
    for (Message<Long, List<Long>> m : matching(c)) {
      copies.add(m);
      out.add(Describe.message(m));
    }
    inFlight.addAll(copies);
  }

  /** Removes from the network the messages {@code c} picks, and returns them in their order. */
  private List<Message<Long, List<Long>>> take(Command c) {
    List<Message<Long, List<Long>>> taken = matching(c);
    for (Message<Long, List<Long>> m : taken) {
      for (Iterator<Message<Long, List<Long>>> it = inFlight.iterator(); it.hasNext(); ) {
        if (it.next() == m) {
          it.remove();
          break;
        }
      }
    }
    return taken;
  }

  /**
   * The messages in flight that match {@code c}'s filter, oldest first; only the first {@code n}
   * (the newest {@code n} with the {@code newest} flag) if it has {@code n=}.
   */
  private List<Message<Long, List<Long>>> matching(Command c) {
    Predicate<Message<Long, List<Long>>> filter = c.filter();
    List<Message<Long, List<Long>>> found = new ArrayList<>();
    for (Message<Long, List<Long>> m : inFlight) {
      if (filter.test(m)) {
        found.add(m);
      }
    }
    long n = Math.min(found.size(), c.count().orElse(found.size()));
    return c.flag("newest")
        ? List.copyOf(found.subList(found.size() - (int) n, found.size()))
        : List.copyOf(found.subList(0, (int) n));
  }

  // ---- state ----

  private List<Long> pidsOrAll(Command c) {
    return c.pids().isEmpty() ? List.copyOf(storages.keySet()) : c.pids();
  }

  private String status(long pid) {
    OmniPaxos<Long, List<Long>> n = nodes.get(pid);
    if (n == null) {
      return pid + ": down";
    }
    NodeStatus p = n.status();
    StringBuilder b = new StringBuilder().append(pid).append(": ")
        .append(p.role().name().toLowerCase()).append(' ').append(p.phase().name().toLowerCase())
        .append(" promise=").append(Describe.ballot(n.promise()))
        .append(" leader=").append(n.currentLeader().isPresent()
            ? String.valueOf(n.currentLeader().getAsLong()) : "none")
        .append(" decided=").append(n.decidedIdx())
        .append(" accepted=").append(n.acceptedIdx());
    if (n.compactedIdx() > 0) {
      b.append(" compacted=").append(n.compactedIdx());
    }
    n.decidedStopSign().ifPresent(ss -> b.append(" sealed=").append(Describe.stopSign(ss)));
    if (n.droppedProposals() > 0) {
      b.append(" dropped-proposals=").append(n.droppedProposals());
    }
    return b.toString();
  }

  private String log(long pid) {
    OmniPaxos<Long, List<Long>> n = nodes.get(pid);
    if (n == null) {
      return pid + ": down";
    }
    StringBuilder decided = new StringBuilder();
    StringBuilder undecided = new StringBuilder();
    for (LogEntry<Long, List<Long>> e : n.readEntries(0)) {
      if (e instanceof LogEntry.Decided<Long, List<Long>> d) {
        decided.append(' ').append(d.entry());
      } else if (e instanceof LogEntry.Undecided<Long, List<Long>> u) {
        undecided.append(' ').append(u.entry());
      } else if (e instanceof LogEntry.Trimmed<Long, List<Long>> t) {
        decided.append(" trimmed<").append(t.trimmedIdx());
      } else if (e instanceof LogEntry.Snapshotted<Long, List<Long>> s) {
        decided.append(" snapshot<").append(s.trimmedIdx()).append('=')
            .append(Describe.entries(s.snapshot()));
      } else if (e instanceof LogEntry.StopSignEntry<Long, List<Long>> s) {
        StringBuilder into = s.decided() ? decided : undecided;
        into.append(" ss=").append(Describe.stopSign(s.stopSign()));
      }
    }
    return pid + ":" + decided + " |" + undecided;
  }

  private String bleView(long pid) {
    OmniPaxos<Long, List<Long>> n = nodes.get(pid);
    if (n == null) {
      return pid + ": down";
    }
    NodeStatus e = n.status();
    return pid + ": ballot=" + Describe.ballot(e.bleBallot()) + " leader="
        + Describe.ballot(e.bleLeader()) + (e.happy() ? " happy" : " unhappy")
        + " heard=" + Describe.entries(e.heardPeers());
  }

  // ---- commands ----

  /** A parsed command line: a verb, positional arguments and {@code key=value} options. */
  private record Command(String verb, List<String> args, Map<String, String> options) {

    static Command parse(String line) {
      String[] words = line.trim().split("\\s+");
      List<String> args = new ArrayList<>();
      Map<String, String> options = new TreeMap<>();
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq > 0) {
          options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        } else {
          args.add(words[i]);
        }
      }
      return new Command(words[0], args, options);
    }

    String arg(int i) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(verb + " needs argument " + (i + 1));
      }
      return args.get(i);
    }

    long pid(int i) {
      return Long.parseLong(arg(i));
    }

    /** The arguments that are pids. */
    List<Long> pids() {
      return args.stream().filter(a -> a.matches("\\d+")).map(Long::parseLong).toList();
    }

    boolean flag(String name) {
      return args.contains(name);
    }

    String option(String key) {
      String v = options.get(key);
      if (v == null) {
        throw new IllegalArgumentException(verb + " needs " + key + "=");
      }
      return v;
    }

    long longOption(String key) {
      return Long.parseLong(option(key));
    }

    OptionalLong optionalLong(String key) {
      return options.containsKey(key) ? OptionalLong.of(longOption(key)) : OptionalLong.empty();
    }

    Optional<Integer> optionalInt(String key) {
      return Optional.ofNullable(options.get(key)).map(Integer::parseInt);
    }

    OptionalLong count() {
      return optionalLong("n");
    }

    /** Links ({@code 1->2}, {@code ->2}, {@code 1->}) and message types, each group or-ed. */
    Predicate<Message<Long, List<Long>>> filter() {
      List<String> links = args.stream().filter(a -> a.contains("->")).toList();
      List<String> types = args.stream()
          .filter(a -> !a.contains("->") && Character.isUpperCase(a.charAt(0))).toList();
      return m -> (links.isEmpty() || links.stream().anyMatch(l -> linkMatches(l, m)))
          && (types.isEmpty() || types.contains(typeOf(m)));
    }

    private static boolean linkMatches(String link, Message<?, ?> m) {
      String[] ends = link.split("->", -1);
      return (ends[0].isEmpty() || Long.parseLong(ends[0]) == m.from())
          && (ends[1].isEmpty() || Long.parseLong(ends[1]) == m.to());
    }

    private static String typeOf(Message<?, ?> m) {
      String d = Describe.message(m);
      return d.substring(d.indexOf(' ') + 1, d.indexOf(' ', d.indexOf(' ') + 1));
    }
  }
}
