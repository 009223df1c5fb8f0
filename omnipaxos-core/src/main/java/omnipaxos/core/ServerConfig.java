package omnipaxos.core;

import java.util.Objects;

/**
 * Settings of one server, independent of membership. Time is counted in ticks of {@link
 * OmniPaxos#tick()}; whoever drives the node maps ticks to wall-clock time.
 *
 * <p>Failover after a leader crash, with T the election timeout and a heartbeat round of T/10: a
 * survivor drops the leader at the first round end after T without its answer (T plus up to a
 * round); the last survivor to do so already sees the others unhappy, since a node that turns
 * unhappy tells its peers at once, and takes over at that round end, or one round later if it
 * yields to an unhappy peer that would win a tie. The new leader then needs one Prepare phase
 * (Prepare, Promise, AcceptSync) before it decides. In the deterministic simulator that is 11 to 13
 * rounds (FailoverSimulationTest); with real processes at T = 1 s the first write after a kill is
 * decided after a median of 1.12 s (BENCHMARKS.md). A lease ({@code leaseTicks}, at most T) adds
 * little after a crash: the followers' hold ends {@code leaseTicks} after the leader's last
 * message, by the takeover or within a round of it (a holding follower answers the Prepare once its
 * hold ends). When the old leader is alive but lost its quorum (the paper's quorum-loss scenario)
 * it keeps renewing the hold of the node that should take over, which then declines, stops renewing
 * and takes over once the hold ran out: up to {@code leaseTicks} more. Heartbeat traffic is one
 * request and one reply per peer per round: 10 per T.
 *
 * @param pid this server's pid, positive
 * @param electionTickTimeout the election timeout T in ticks: a node stops counting a peer that
 *     has not answered its heartbeats for T ticks (a leader not heard for T is replaced). The
 *     first heartbeat round lasts T; later rounds last {@link #heartbeatTicks()}
 * @param resendMessageTickTimeout ticks between resends of messages that may have been lost
 * @param flushBatchTickTimeout ticks after which a partly filled batch is flushed anyway
 * @param batchSize entries gathered before they are written and replicated together
 * @param bufferSize at most this many proposals are buffered while no leader is known
 * @param leaderPriority a higher priority wins elections between otherwise equal ballots
 * @param leaseTicks 0 (the default) turns leader leases off. Otherwise the hold: a follower that
 *     heard an accept-phase message of its leader's ballot at its tick {@code t} promises no other
 *     ballot before its tick {@code t + leaseTicks}; the leader holds a lease for reads of {@link
 *     #leaderLeaseTicks()} ticks (shorter, to absorb clock drift). At most {@code
 *     electionTickTimeout}, because a failover waits for the hold to run out
 * @param maxClockDriftPercent the assumed bound on how much faster one node's ticks may run than
 *     another's, in percent (leases only). Leases are safe only if tick rates of any two nodes
 *     differ by at most this much; no synchronised clocks are assumed
 * @param electionStart how this server's leader election starts ({@link ElectionStart#PEER} unless
 *     a runtime that switches configurations chose otherwise)
 */
public record ServerConfig(
    long pid,
    int electionTickTimeout,
    int resendMessageTickTimeout,
    int flushBatchTickTimeout,
    int batchSize,
    int bufferSize,
    int leaderPriority,
    int leaseTicks,
    int maxClockDriftPercent,
    ElectionStart electionStart) {

  public static final int DEFAULT_ELECTION_TICK_TIMEOUT = 10;
  public static final int DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT = 20;
  public static final int DEFAULT_FLUSH_BATCH_TICK_TIMEOUT = 10;
  public static final int DEFAULT_BATCH_SIZE = 1;
  public static final int DEFAULT_BUFFER_SIZE = 100_000;
  public static final int DEFAULT_MAX_CLOCK_DRIFT_PERCENT = 10;

  /** Heartbeat rounds per election timeout after the first round (see {@link #heartbeatTicks}). */
  public static final int HEARTBEAT_ROUNDS_PER_ELECTION_TIMEOUT = 10;

  public ServerConfig {
    Objects.requireNonNull(electionStart, "electionStart");
  }

  /** The settings with the usual election start ({@link ElectionStart#PEER}). */
  public ServerConfig(
      long pid,
      int electionTickTimeout,
      int resendMessageTickTimeout,
      int flushBatchTickTimeout,
      int batchSize,
      int bufferSize,
      int leaderPriority,
      int leaseTicks,
      int maxClockDriftPercent) {
    this(
        pid,
        electionTickTimeout,
        resendMessageTickTimeout,
        flushBatchTickTimeout,
        batchSize,
        bufferSize,
        leaderPriority,
        leaseTicks,
        maxClockDriftPercent,
        ElectionStart.PEER);
  }

  /** A builder starting from the defaults; the pid must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .pid(pid)
        .electionTickTimeout(electionTickTimeout)
        .resendMessageTickTimeout(resendMessageTickTimeout)
        .flushBatchTickTimeout(flushBatchTickTimeout)
        .batchSize(batchSize)
        .bufferSize(bufferSize)
        .leaderPriority(leaderPriority)
        .leaseTicks(leaseTicks)
        .maxClockDriftPercent(maxClockDriftPercent)
        .electionStart(electionStart);
  }

  /** Whether leader leases are on ({@code leaseTicks > 0}). */
  public boolean leasesEnabled() {
    return leaseTicks > 0;
  }

  /**
   * The length of a heartbeat round after the first, in ticks: a tenth of the election timeout
   * ({@link #HEARTBEAT_ROUNDS_PER_ELECTION_TIMEOUT}), at least one tick. Short rounds let a node
   * notice soon after T that a peer went silent and learn within a round that its peers lost the
   * leader too, so that a takeover follows the leader's T of silence closely; the first round
   * lasts the whole election timeout, so that peers starting a little apart do not compete.
   */
  public int heartbeatTicks() {
    return Math.max(1, electionTickTimeout / HEARTBEAT_ROUNDS_PER_ELECTION_TIMEOUT);
  }

  /**
   * How many of its latest heartbeat rounds (the current one included) a node counts a peer's
   * answer in: {@code ceil(T / heartbeatTicks())}, at least one. An answer counts from the round it
   * arrives in (if it answers a request of one of these rounds, so a round trip may take almost T)
   * until that many rounds have ended, so a peer is dropped at the first round end after it has
   * been silent for T rounded up to whole rounds (at least that long, less than a round longer).
   * With rounds of T (an election timeout of one tick) this is the single round of the original
   * algorithm.
   */
  public int heartbeatWindowRounds() {
    int round = heartbeatTicks();
    return Math.max(1, (electionTickTimeout + round - 1) / round);
  }

  /**
   * The leader's lease in ticks of its own clock: {@code floor((leaseTicks - 1) / (1 + drift))}. A
   * follower's hold lasts at least {@code leaseTicks - 1} of its tick periods after it received a
   * message (it arrived within a tick period), and that many of the follower's periods last at
   * least this many of the leader's periods when their rates differ by at most the drift bound. 0
   * if leases are off.
   */
  public int leaderLeaseTicks() {
    if (leaseTicks <= 0) {
      return 0;
    }
    return (int) ((leaseTicks - 1L) * 100 / (100 + maxClockDriftPercent));
  }

  /**
   * Checks the settings on their own.
   *
   * @throws InvalidConfigException naming the first rule that is broken
   */
  public void validate() {
    if (pid <= 0) {
      throw new InvalidConfigException("pid must be positive, got " + pid);
    }
    positive("electionTickTimeout", electionTickTimeout);
    positive("resendMessageTickTimeout", resendMessageTickTimeout);
    positive("flushBatchTickTimeout", flushBatchTickTimeout);
    positive("batchSize", batchSize);
    positive("bufferSize", bufferSize);
    if (leaderPriority < 0) {
      throw new InvalidConfigException(
          "leaderPriority must not be negative, got " + leaderPriority);
    }
    validateLease();
  }

  private void validateLease() {
    if (leaseTicks < 0) {
      throw new InvalidConfigException(
          "leaseTicks must not be negative (0 turns leases off), got " + leaseTicks);
    }
    if (maxClockDriftPercent < 0 || maxClockDriftPercent > 100) {
      throw new InvalidConfigException(
          "maxClockDriftPercent must be in [0, 100], got " + maxClockDriftPercent);
    }
    if (leaseTicks == 0) {
      return;
    }
    if (leaseTicks > electionTickTimeout) {
      throw new InvalidConfigException(
          "leaseTicks "
              + leaseTicks
              + " must not exceed electionTickTimeout "
              + electionTickTimeout
              + ": followers refuse a new leader for up to leaseTicks after they last heard the old"
              + " one, so a longer hold would slow every failover by more than an election"
              + " timeout");
    }
    if (leaderLeaseTicks() < 2) {
      throw new InvalidConfigException("leaseTicks " + leaseTicks + " with a clock drift bound of "
          + maxClockDriftPercent + "% leaves the leader a lease of " + leaderLeaseTicks()
          + " ticks, need at least 2 (lease = floor((leaseTicks - 1) / (1 + drift)))");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new InvalidConfigException(name + " must be positive, got " + value);
    }
  }

  /** Fluent builder for {@link ServerConfig}. */
  public static final class Builder {
    private long pid;
    private int electionTickTimeout = DEFAULT_ELECTION_TICK_TIMEOUT;
    private int resendMessageTickTimeout = DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT;
    private int flushBatchTickTimeout = DEFAULT_FLUSH_BATCH_TICK_TIMEOUT;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private int leaderPriority;
    private int leaseTicks;
    private int maxClockDriftPercent = DEFAULT_MAX_CLOCK_DRIFT_PERCENT;
    private ElectionStart electionStart = ElectionStart.PEER;

    private Builder() {}

    public Builder pid(long pid) {
      this.pid = pid;
      return this;
    }

    public Builder electionTickTimeout(int ticks) {
      this.electionTickTimeout = ticks;
      return this;
    }

    public Builder resendMessageTickTimeout(int ticks) {
      this.resendMessageTickTimeout = ticks;
      return this;
    }

    public Builder flushBatchTickTimeout(int ticks) {
      this.flushBatchTickTimeout = ticks;
      return this;
    }

    public Builder batchSize(int entries) {
      this.batchSize = entries;
      return this;
    }

    public Builder bufferSize(int proposals) {
      this.bufferSize = proposals;
      return this;
    }

    public Builder leaderPriority(int priority) {
      this.leaderPriority = priority;
      return this;
    }

    /** The follower hold of leader leases, in ticks; 0 (the default) turns leases off. */
    public Builder leaseTicks(int ticks) {
      this.leaseTicks = ticks;
      return this;
    }

    /** The assumed bound on tick-rate differences between nodes, in percent (leases only). */
    public Builder maxClockDriftPercent(int percent) {
      this.maxClockDriftPercent = percent;
      return this;
    }

    /** How the server's leader election starts; {@link ElectionStart#PEER} by default. */
    public Builder electionStart(ElectionStart start) {
      this.electionStart = start;
      return this;
    }

    /**
     * The configuration; call {@link ServerConfig#validate()} or build an {@link OmniPaxosConfig}.
     */
    public ServerConfig build() {
      return new ServerConfig(
          pid,
          electionTickTimeout,
          resendMessageTickTimeout,
          flushBatchTickTimeout,
          batchSize,
          bufferSize,
          leaderPriority,
          leaseTicks,
          maxClockDriftPercent,
          electionStart);
    }
  }
}
