package omnipaxos.core;

/**
 * One element of a log read. Reads of a range return the compacted prefix as a single
 * {@link Trimmed} or {@link Snapshotted} element, followed by entries and possibly the stop sign.
 */
public sealed interface LogEntry<T, S> {

  /** An entry that is decided: it will never change and can be applied. */
  record Decided<T, S>(T entry) implements LogEntry<T, S> {}

  /** An entry accepted locally but not known to be decided; a new leader may still replace it. */
  record Undecided<T, S>(T entry) implements LogEntry<T, S> {}

  /** Positions below {@code trimmedIdx} were trimmed and no snapshot of them is kept. */
  record Trimmed<T, S>(long trimmedIdx) implements LogEntry<T, S> {}

  /** Positions below {@code trimmedIdx} are compacted into {@code snapshot}. */
  record Snapshotted<T, S>(long trimmedIdx, S snapshot) implements LogEntry<T, S> {}

  /** The stop sign in the last position of the log, and whether it is decided. */
  record StopSignEntry<T, S>(StopSign stopSign, boolean decided) implements LogEntry<T, S> {}
}
