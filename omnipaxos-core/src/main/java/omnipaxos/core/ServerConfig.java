package omnipaxos.core;

/**
 * Settings of one server, independent of membership. Time is counted in ticks of
 * {@link OmniPaxos#tick()}; whoever drives the node maps ticks to wall-clock time.
 *
 * @param pid this server's pid, positive
 * @param electionTickTimeout ticks per leader-election heartbeat round (the election timeout)
 * @param resendMessageTickTimeout ticks between resends of messages that may have been lost
 * @param flushBatchTickTimeout ticks after which a partly filled batch is flushed anyway
 * @param batchSize entries gathered before they are written and replicated together
 * @param bufferSize at most this many proposals are buffered while no leader is known
 * @param leaderPriority a higher priority wins elections between otherwise equal ballots
 */
public record ServerConfig(
    long pid,
    int electionTickTimeout,
    int resendMessageTickTimeout,
    int flushBatchTickTimeout,
    int batchSize,
    int bufferSize,
    int leaderPriority) {

  public static final int DEFAULT_ELECTION_TICK_TIMEOUT = 10;
  public static final int DEFAULT_RESEND_MESSAGE_TICK_TIMEOUT = 20;
  public static final int DEFAULT_FLUSH_BATCH_TICK_TIMEOUT = 10;
  public static final int DEFAULT_BATCH_SIZE = 1;
  public static final int DEFAULT_BUFFER_SIZE = 100_000;

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
        .leaderPriority(leaderPriority);
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
      throw new InvalidConfigException("leaderPriority must not be negative, got " + leaderPriority);
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

    /** The configuration; call {@link ServerConfig#validate()} or build an {@link OmniPaxosConfig}. */
    public ServerConfig build() {
      return new ServerConfig(pid, electionTickTimeout, resendMessageTickTimeout, flushBatchTickTimeout,
          batchSize, bufferSize, leaderPriority);
    }
  }
}
