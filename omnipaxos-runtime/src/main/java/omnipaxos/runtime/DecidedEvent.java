package omnipaxos.runtime;

import omnipaxos.core.StopSign;

/**
 * What a {@link DecidedSubscription} delivers, in log order: decided entries one by one, a decided
 * prefix that is only available compacted, and finally the stop sign if the configuration ends.
 * {@link #nextIdx()} is the log position the subscriber has reached after applying the event.
 */
public sealed interface DecidedEvent<T, S> {

  /** The log position after this event. */
  long nextIdx();

  /** The entry decided at position {@code idx}. */
  record Entry<T, S>(long idx, T entry) implements DecidedEvent<T, S> {
    @Override
    public long nextIdx() {
      return idx + 1;
    }
  }

  /**
   * The decided prefix {@code [0, idx)} as a snapshot: replaces whatever state the subscriber built
   * from earlier events.
   */
  record Snapshot<T, S>(long idx, S snapshot) implements DecidedEvent<T, S> {
    @Override
    public long nextIdx() {
      return idx;
    }
  }

  /**
   * Decided positions up to {@code idx} were trimmed without a snapshot before the subscriber
   * reached them: they cannot be delivered.
   */
  record Trimmed<T, S>(long idx) implements DecidedEvent<T, S> {
    @Override
    public long nextIdx() {
      return idx;
    }
  }

  /** The stop sign decided at position {@code idx}: the last event of the configuration. */
  record Reconfigured<T, S>(long idx, StopSign stopSign) implements DecidedEvent<T, S> {
    @Override
    public long nextIdx() {
      return idx + 1;
    }
  }
}
