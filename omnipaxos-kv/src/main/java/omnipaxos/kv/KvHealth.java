package omnipaxos.kv;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import omnipaxos.runtime.NodeStats;

/**
 * Whether a server could have a write decided now, and why not. It is <em>up</em> only when it has
 * a leader that it heard within the last election timeout and that reaches a quorum (its leader
 * election is happy, after at least one round with replies as evidence), and Sequence Paxos is in
 * its Accept phase under that leader. It also polls the node's statistics, for the metrics and for
 * failing reads at once on a server that has certainly lacked a quorum for a whole election
 * timeout.
 */
final class KvHealth {

  /**
   * One verdict: {@code up}, or why not; {@code quorum} whether a quorum-connected leader is known.
   */
  record Verdict(boolean up, boolean quorum, String reason) {

    /** The {@code health:} value of INFO. */
    String info() {
      return up ? "up" : "unavailable (" + reason + ")";
    }
  }

  /** A verdict and the statistics it rests on (null if there are none yet). */
  record Report(Verdict verdict, NodeStats stats) {}

  private final long pid;
  private final long electionTimeoutMs;
  /** The smallest majority of the members. */
  private volatile int majority;
  /** Why this server serves no client now (it is not a member), or null. */
  private volatile String notServing;
  private final Supplier<CompletableFuture<NodeStats>> stats;
  private final BooleanSupplier closing;

  /**
   * When a message from each peer last arrived (System.nanoTime()), for telling the reasons apart.
   */
  private final Map<Long, AtomicLong> lastHeard = new ConcurrentHashMap<>();

  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile NodeStats latestStats;
  private volatile Verdict latest;
  private volatile long latestAt;

  /**
   * Since when the polled verdicts have said, on evidence, that no quorum is reachable; 0 if they
   * do not.
   */
  private volatile long quorumLostSince;

  KvHealth(
      long pid,
      Iterable<Long> peers,
      long electionTimeoutMs,
      Supplier<CompletableFuture<NodeStats>> stats,
      BooleanSupplier closing) {
    this.pid = pid;
    this.electionTimeoutMs = electionTimeoutMs;
    this.stats = stats;
    this.closing = closing;
    for (long p : peers) {
      lastHeard.put(p, new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1)));
    }
    this.majority = (lastHeard.size() + 1) / 2 + 1;
  }

  /**
   * Polls the node's statistics on {@code scheduler} four times per election timeout (at most every
   * 100 ms).
   */
  void startPolling(ScheduledExecutorService scheduler) {
    long period = Math.max(10, Math.min(100, electionTimeoutMs / 4));
    scheduler.scheduleWithFixedDelay(this::poll, 0, period, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    if (!polling.compareAndSet(false, true)) {
      return;
    }
    stats.get().whenComplete((s, e) -> {
      polling.set(false);
      if (s != null) {
        latestStats = s;
        record(evaluate(s), s, System.nanoTime());
      }
    });
  }

  private void record(Verdict v, NodeStats s, long now) {
    latest = v;
    latestAt = now;
    if (s.heartbeatRounds() > 0 && !s.happy()) {
      if (quorumLostSince == 0) {
        quorumLostSince = now;
      }
    } else {
      quorumLostSince = 0;
    }
  }

  /** The other members changed (a new configuration started). */
  void setPeers(java.util.Collection<Long> peers) {
    lastHeard.keySet().retainAll(peers);
    for (long p : peers) {
      lastHeard.computeIfAbsent(
          p, k -> new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1)));
    }
    majority = (peers.size() + 1) / 2 + 1;
  }

  /**
   * This server serves no client for {@code reason} (it is not a member), or serves again if null.
   */
  void notServing(String reason) {
    notServing = reason;
  }

  /** Notes that a message from {@code peer} arrived. */
  void heard(long peer) {
    AtomicLong t = lastHeard.get(peer);
    if (t != null) {
      t.set(System.nanoTime());
    }
  }

  /** The statistics of the last poll, or null before the first. */
  NodeStats latestStats() {
    return latestStats;
  }

  /**
   * The verdict on fresh statistics, waiting for them at most {@code waitMs}, with the statistics
   * it rests on (the last polled ones if the node did not answer).
   */
  Report now(long waitMs) throws InterruptedException {
    if (closing.getAsBoolean()) {
      return new Report(closingVerdict(), latestStats);
    }
    String not = notServing;
    if (not != null) {
      return new Report(down(false, not.substring(not.indexOf(' ') + 1)), latestStats);
    }
    try {
      NodeStats s = stats.get().get(waitMs, TimeUnit.MILLISECONDS);
      return new Report(evaluate(s), s);
    } catch (ExecutionException | TimeoutException e) {
      Verdict v = closing.getAsBoolean() ? closingVerdict()
          : down(false, "the node did not answer within " + waitMs + " ms");
      return new Report(v, latestStats);
    }
  }

  /** The verdict on {@code s}. */
  Verdict evaluate(NodeStats s) {
    if (closing.getAsBoolean()) {
      return closingVerdict();
    }
    String not = notServing;
    if (not != null) {
      return down(false, not.substring(not.indexOf(' ') + 1));
    }
    if (s.heartbeatRounds() == 0) {
      return down(false, "no heartbeat round completed yet (the first ends one election timeout, "
          + electionTimeoutMs + " ms, after start)");
    }
    long elected = s.electedLeader();
    if (!s.happy()) {
      if (elected == pid) {
        return down(false, "leader " + pid + " (this server) cannot reach a quorum");
      }
      if (heardWithin(elected, 2 * electionTimeoutMs)) {
        return down(false, "leader " + elected + " cannot reach a quorum");
      }
      return down(
          false, "no leader heard within the election timeout (" + electionTimeoutMs + " ms)");
    }
    if (s.leader().isEmpty()) {
      return down(true, "no leader elected yet");
    }
    long leader = s.leader().getAsLong();
    if (leader != elected) {
      return down(true, "the leader is changing from " + leader + " to " + elected);
    }
    if (!s.acceptPhase()) {
      return down(
          true,
          leader == pid
              ? "leader " + pid + " (this server) is still synchronising the log with a quorum"
              : "this server has not yet synchronised its log with leader " + leader);
    }
    return new Verdict(true, true, "");
  }

  private boolean heardWithin(long peer, long ms) {
    AtomicLong t = lastHeard.get(peer);
    return t != null && System.nanoTime() - t.get() <= TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private static Verdict down(boolean quorum, String reason) {
    return new Verdict(false, quorum, reason);
  }

  private static Verdict closingVerdict() {
    return down(false, "server is closing");
  }

  /** Whether the last poll, if recent, found a quorum-connected leader. */
  boolean quorum() {
    Verdict v = latest;
    return v != null
        && v.quorum()
        && System.nanoTime() - latestAt <= TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs);
  }

  /**
   * Why no quorum is reachable, if that is certain: recent polls have said so on evidence (after a
   * heartbeat round) for at least one election timeout, and in the last two election timeouts this
   * server heard too few peers to be part of any majority (the leader election's verdict alone lags
   * behind a new leader by up to an election timeout and a few heartbeat rounds). Empty otherwise.
   */
  Optional<String> quorumLost() {
    long since = quorumLostSince;
    Verdict v = latest;
    long now = System.nanoTime();
    if (since == 0
        || v == null
        || now - latestAt > TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs)) {
      return Optional.empty();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(now - since);
    if (ms < electionTimeoutMs || peersHeardWithin(2 * electionTimeoutMs) + 1 >= majority) {
      return Optional.empty();
    }
    return Optional.of(v.reason() + " (for " + ms + " ms)");
  }

  private int peersHeardWithin(long ms) {
    int n = 0;
    for (long peer : lastHeard.keySet()) {
      if (heardWithin(peer, ms)) {
        n++;
      }
    }
    return n;
  }

  /** The /health body: JSON with the verdict, the leader and the indices. */
  static String json(long pid, Verdict v, NodeStats s, long appliedIdx) {
    StringBuilder b = new StringBuilder("{\"pid\":").append(pid)
        .append(",\"status\":\"").append(v.up() ? "up" : "unavailable").append('"')
        .append(",\"leader\":").append(s == null ? 0 : s.leader().orElse(0))
        .append(",\"quorum\":").append(v.quorum())
        .append(",\"decidedIdx\":").append(s == null ? 0 : s.decidedIdx())
        .append(",\"appliedIdx\":").append(appliedIdx);
    if (!v.up()) {
      b.append(",\"reason\":\"")
          .append(v.reason().replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return b.append('}').toString();
  }
}
