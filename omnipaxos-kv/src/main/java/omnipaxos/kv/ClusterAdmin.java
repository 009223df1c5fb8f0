package omnipaxos.kv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.ProposalRejectedException;
import omnipaxos.core.storage.ConfigurationRecord;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.runtime.Membership;
import omnipaxos.runtime.OmniPaxosNode;
import omnipaxos.runtime.ReconfigurationRequest;

/**
 * The {@code OMNIPAXOS CLUSTER ...} commands: show the membership, and add, remove or replace a
 * server through the log. A change ends the current configuration with a stop sign whose metadata
 * carries every member's address; the reply comes once the stop sign is decided here (the new
 * configuration then runs, new members fetch the state in the background). Any server takes the
 * commands.
 */
final class ClusterAdmin {

  static final String USAGE =
      "usage: OMNIPAXOS CLUSTER [INFO] | ADD <pid> <host:port> | REMOVE <pid>"
          + " | REPLACE <old pid> <new pid> <host:port>";

  private final String clusterId;
  private final OmniPaxosNode<KvEntry, KvSnapshot> node;
  private final Supplier<Map<Long, InetSocketAddress>> addresses;
  private final long timeoutMs;
  private final long retryMs;
  private final ScheduledExecutorService timer;

  /**
   * @param addresses the members' addresses of the latest configuration this server knows
   * @param timeoutMs how long a change may take to be decided before the reply says so
   * @param retryMs after how long an undecided change is proposed again (a stop sign forwarded to a
   *     leader that lost its leadership is lost with it)
   */
  ClusterAdmin(
      String clusterId,
      OmniPaxosNode<KvEntry, KvSnapshot> node,
      Supplier<Map<Long, InetSocketAddress>> addresses,
      long timeoutMs,
      long retryMs,
      ScheduledExecutorService timer) {
    this.clusterId = clusterId;
    this.node = node;
    this.addresses = addresses;
    this.timeoutMs = timeoutMs;
    this.retryMs = retryMs;
    this.timer = timer;
  }

  /**
   * Runs {@code args} (what follows {@code CLUSTER}); the future fails with a message for the
   * client.
   */
  CompletableFuture<String> run(List<String> args) {
    String op = args.isEmpty() ? "info" : args.get(0).toLowerCase(Locale.ROOT);
    try {
      return switch (op) {
        case "info" -> CompletableFuture.completedFuture(describe());
        case "add" -> {
          expect(args, 3);
          long pid = pid(args.get(1));
          Map<Long, InetSocketAddress> next = current();
          if (next.containsKey(pid)) {
            throw new IllegalArgumentException("server " + pid + " is already a member");
          }
          next.put(pid, address(args.get(2)));
          yield change(next, "added " + pid);
        }
        case "remove" -> {
          expect(args, 2);
          long pid = pid(args.get(1));
          Map<Long, InetSocketAddress> next = current();
          if (next.remove(pid) == null) {
            throw new IllegalArgumentException(
                "server " + pid + " is not a member " + next.keySet());
          }
          yield change(next, "removed " + pid);
        }
        case "replace" -> {
          expect(args, 4);
          long old = pid(args.get(1));
          long pid = pid(args.get(2));
          Map<Long, InetSocketAddress> next = current();
          if (next.remove(old) == null) {
            throw new IllegalArgumentException(
                "server " + old + " is not a member " + next.keySet());
          }
          if (next.containsKey(pid)) {
            throw new IllegalArgumentException("server " + pid + " is already a member");
          }
          next.put(pid, address(args.get(3)));
          yield change(next, "replaced " + old + " with " + pid);
        }
        default -> throw new IllegalArgumentException(USAGE);
      };
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void expect(List<String> args, int n) {
    if (args.size() != n) {
      throw new IllegalArgumentException(USAGE);
    }
  }

  private static long pid(String s) {
    try {
      long pid = Long.parseLong(s);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a positive pid, got '" + s + "'");
  }

  private static InetSocketAddress address(String s) {
    return MemberAddresses.address(s);
  }

  private Map<Long, InetSocketAddress> current() {
    Membership m = node.membership();
    if (m.state() != Membership.State.MEMBER) {
      throw new IllegalArgumentException("this server cannot change the membership now: it is "
          + m.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "; ask a member");
    }
    return new TreeMap<>(addresses.get());
  }

  private CompletableFuture<String> change(Map<Long, InetSocketAddress> next, String what) {
    if (next.size() < 2) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("a cluster needs at least two servers"));
    }
    int from = node.membership().configuration().map(ClusterConfig::configurationId).orElse(0);
    ReconfigurationRequest request = ReconfigurationRequest.with(new ArrayList<>(next.keySet()),
        Optional.of(MemberAddresses.encode(next)));
    CompletableFuture<String> reply = new CompletableFuture<>();
    long now = System.nanoTime();
    follow(
        request, from, next, what, now + TimeUnit.MILLISECONDS.toNanos(timeoutMs), now - 1, reply);
    return reply;
  }

  /**
   * Proposes the change, and again every {@code retryMs} while configuration {@code from} still
   * runs undecided; answers once this server runs the next configuration (so that what it then
   * says, e.g. in {@code CLUSTER INFO}, already shows the change), or is no member of it.
   */
  private void follow(
      ReconfigurationRequest request,
      int from,
      Map<Long, InetSocketAddress> next,
      String what,
      long deadline,
      long proposeAt,
      CompletableFuture<String> reply) {
    if (reply.isDone()) {
      return;
    }
    Membership m = node.membership();
    Optional<ClusterConfig> now = m.configuration();
    if (now.isPresent()
        && now.get().configurationId() != from
        && m.state() != Membership.State.SWITCHING) {
      settle(reply, now.get(), next, what);
      return;
    }
    long t = System.nanoTime();
    if (t - deadline > 0) {
      reply.completeExceptionally(new IllegalStateException(explain(new TimeoutException())));
      return;
    }
    long nextPropose = proposeAt;
    if (t - proposeAt >= 0 && m.state() == Membership.State.MEMBER) {
      nextPropose = t + TimeUnit.MILLISECONDS.toNanos(retryMs);
      node.reconfigure(request).whenComplete((v, e) -> {
        Throwable cause = e == null ? null : unwrap(e);
        // A stop sign already pending or decided here: wait for its decision.
        if (cause != null && !(cause instanceof ProposalRejectedException p
            && p.reason() != ProposalRejectedException.Reason.BUFFER_FULL)) {
          reply.completeExceptionally(new IllegalStateException(explain(cause)));
        }
      });
    }
    long proposeNext = nextPropose;
    try {
      timer.schedule(
          () -> follow(request, from, next, what, deadline, proposeNext, reply),
          20,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      reply.completeExceptionally(new IllegalStateException("the server is closing"));
    }
  }

  /**
   * The configuration after {@code from} is {@code decided}: the reply says whether it is the one
   * asked for.
   */
  private static void settle(
      CompletableFuture<String> reply,
      ClusterConfig decided,
      Map<Long, InetSocketAddress> next,
      String what) {
    if (new java.util.TreeSet<>(decided.nodes()).equals(next.keySet())) {
      reply.complete(
          "OK "
              + what
              + ": configuration "
              + decided.configurationId()
              + " is "
              + MemberAddresses.format(next));
    } else {
      reply.completeExceptionally(
          new IllegalStateException(
              "another membership change was decided first:"
                  + " configuration "
                  + decided.configurationId()
                  + " is "
                  + decided.nodes()
                  + "; check it and retry"));
    }
  }

  private String explain(Throwable e) {
    if (e instanceof TimeoutException) {
      return "TIMEOUT the change was proposed but not decided within "
          + timeoutMs
          + " ms (no quorum?); it may still"
          + " take effect: check omnipaxos-kv cluster status";
    }
    if (e instanceof ProposalRejectedException p) {
      return p.reason() == ProposalRejectedException.Reason.BUFFER_FULL
          ? "no leader: " + p.getMessage()
          : "a membership change is already under way; wait until it is decided, then retry";
    }
    if (e instanceof InvalidConfigException) {
      return "invalid configuration: " + e.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** The membership as lines of {@code key:value}, INFO style. */
  String describe() {
    Membership m = node.membership();
    StringBuilder b = new StringBuilder();
    b.append("cluster_id:").append(clusterId).append("\r\n");
    b.append("membership:").append(m.state().name().toLowerCase(Locale.ROOT)).append("\r\n");
    m.configuration()
        .ifPresent(c -> b.append("configuration:").append(c.configurationId()).append("\r\n"));
    b.append("members:").append(MemberAddresses.format(addresses.get())).append("\r\n");
    m.migration()
        .ifPresent(
            p ->
                b.append("catch_up:")
                    .append(p.chunksDone())
                    .append('/')
                    .append(p.chunks())
                    .append(" chunks, ")
                    .append(p.bytesDone())
                    .append('/')
                    .append(p.bytes())
                    .append(" bytes, from ")
                    .append(p.bytesBySource())
                    .append("\r\n"));
    b.append("state_bytes_served:").append(m.bytesServed()).append("\r\n");
    List<ConfigurationRecord> history = m.history();
    for (int i = 0; i < history.size(); i++) {
      ConfigurationRecord r = history.get(i);
      b.append("configuration_")
          .append(r.configurationId())
          .append(':')
          .append(
              MemberAddresses.of(r)
                  .map(MemberAddresses::format)
                  .orElse(r.config().nodes().toString()))
          .append(" from position ")
          .append(r.startPosition())
          .append("\r\n");
    }
    return b.toString();
  }
}
