package omnipaxos.core.migration;

/**
 * How a {@link MigrationSink} fetches.
 *
 * @param window chunk requests outstanding per source at a time
 * @param requestTimeoutTicks a chunk request unanswered for this many ticks is given to another
 *     source
 * @param retryTicks how long a source that could not serve (or has not answered for its manifest)
 *     is left alone before it is asked again
 */
public record MigrationOptions(int window, int requestTimeoutTicks, int retryTicks) {

  /** Four chunks per source in flight, a request timeout of 100 ticks, a retry after 20 ticks. */
  public static final MigrationOptions DEFAULT = new MigrationOptions(4, 100, 20);

  public MigrationOptions {
    if (window <= 0 || requestTimeoutTicks <= 0 || retryTicks <= 0) {
      throw new IllegalArgumentException(
          "window, request timeout and retry ticks must be positive, got "
              + window
              + ", "
              + requestTimeoutTicks
              + ", "
              + retryTicks);
    }
  }
}
