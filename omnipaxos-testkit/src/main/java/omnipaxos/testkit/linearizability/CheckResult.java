package omnipaxos.testkit.linearizability;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a linearizability check. When the history is not linearizable, {@code culprit} is
 * the operation the search could not get past: along the longest linearizable prefix found ({@code
 * prefix}, leaving the object in {@code stateAfterPrefix}), every remaining operation that may come
 * next fails, and {@code culprit} must have taken effect before it returned.
 *
 * @param verdict the answer
 * @param partition which part of the history failed (the key, for key-value histories), or empty
 * @param culprit the first operation that cannot be linearized, if not linearizable
 * @param prefix the longest linearizable prefix found, in linearization order
 * @param stateAfterPrefix the model state after {@code prefix}, readable
 * @param explored search steps taken
 */
public record CheckResult<I, O>(
    Verdict verdict,
    Optional<String> partition,
    Optional<Operation<I, O>> culprit,
    List<Operation<I, O>> prefix,
    String stateAfterPrefix,
    long explored) {

  /** The three answers of a check. */
  public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The search budget ran out before an answer was found. */
    UNKNOWN,
  }

  public CheckResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(culprit, "culprit");
    prefix = List.copyOf(prefix);
    Objects.requireNonNull(stateAfterPrefix, "stateAfterPrefix");
  }

  /** Whether the history is linearizable. */
  public boolean linearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** This result for the named partition. */
  public CheckResult<I, O> inPartition(String name) {
    return new CheckResult<>(
        verdict, Optional.of(name), culprit, prefix, stateAfterPrefix, explored);
  }

  /** This result with the search steps of a whole multi-partition check. */
  public CheckResult<I, O> withExplored(long total) {
    return new CheckResult<>(verdict, partition, culprit, prefix, stateAfterPrefix, total);
  }

  /**
   * A readable report: the verdict and, if not linearizable, the culprit and the prefix before it.
   */
  public String report() {
    StringBuilder b = new StringBuilder();
    String where = partition.map(p -> " (key " + p + ")").orElse("");
    switch (verdict) {
      case LINEARIZABLE -> b.append("linearizable (").append(explored).append(" search steps)");
      case UNKNOWN ->
          b.append("unknown")
              .append(where)
              .append(": the search budget of ")
              .append(explored)
              .append(" steps ran out");
      default -> {
        b.append("NOT linearizable")
            .append(where)
            .append(": operation ")
            .append(culprit.orElseThrow())
            .append(" cannot be linearized.\n");
        b.append("Longest linearizable prefix (").append(prefix.size()).append(" operations):\n");
        for (Operation<I, O> op : prefix) {
          b.append("  ").append(op).append('\n');
        }
        b.append("state after it: ")
            .append(stateAfterPrefix)
            .append(
                "; no pending or concurrent operation can come next and explain the culprit's"
                    + " result.");
      }
    }
    return b.toString();
  }
}
