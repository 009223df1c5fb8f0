package omnipaxos.testkit;

/**
 * One recorded simulation event. {@code detail} is formatted only when the trace is printed.
 *
 * @param step the simulation step it happened in
 * @param timeMs the virtual time
 * @param kind what happened
 * @param node the node it happened at (the sender for sends), 0 if none
 * @param detail what to print
 */
public record TraceEvent(long step, long timeMs, Kind kind, long node, Object detail) {

  /** The kinds of events the trace records. */
  public enum Kind {
    SEND,
    DELIVER,
    DROP,
    TICK,
    CRASH,
    RESTART,
    CLIENT,
    FAULT,
    DECIDE,
    CONFIG,
    NOTE
  }

  /** Longest detail printed; longer ones are cut. */
  public static final int MAX_DETAIL = 240;

  /** One line: step, time, kind, node and detail. */
  public String format() {
    String d = String.valueOf(detail);
    if (d.length() > MAX_DETAIL) {
      d = d.substring(0, MAX_DETAIL) + "...";
    }
    return String.format(
        "%9d %8dms %-8s %s %s", step, timeMs, kind, node == 0 ? "  " : "n" + node, d);
  }
}
