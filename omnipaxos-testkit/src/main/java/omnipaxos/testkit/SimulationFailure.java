package omnipaxos.testkit;

/**
 * A simulation found a violated invariant, a failed liveness bound or an unexpected exception. The
 * message names the seed (replay it to get the same run), the step and virtual time, the violation
 * and the last events of the run.
 */
public final class SimulationFailure extends AssertionError {

  private final long seed;
  private final long step;
  private final long timeMs;
  private final String violation;

  public SimulationFailure(
      long seed, long step, long timeMs, String violation, String trace, Throwable cause) {
    super(
        "simulation failed (seed "
            + seed
            + ", step "
            + step
            + ", t="
            + timeMs
            + "ms): "
            + violation
            + "\nreplay with -Dsim.seed="
            + seed
            + "\nlast events:\n"
            + trace,
        cause);
    this.seed = seed;
    this.step = step;
    this.timeMs = timeMs;
    this.violation = violation;
  }

  public long seed() {
    return seed;
  }

  public long step() {
    return step;
  }

  public long timeMs() {
    return timeMs;
  }

  /** The violation alone, without seed or trace. */
  public String violation() {
    return violation;
  }
}
