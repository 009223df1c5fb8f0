package omnipaxos.testkit.linearizability;

import java.util.Optional;

/**
 * A sequential specification: the behaviour of the object when operations run one at a time. States
 * must be immutable values with {@code equals} and {@code hashCode}: the checker memoises on them.
 *
 * @param <S> the state
 * @param <I> the operation input
 * @param <O> the operation output
 */
public interface Model<S, I, O> {

  /** The state before any operation. */
  S initial();

  /**
   * The state after {@code input} ran in {@code state} and answered {@code output}; empty if it
   * could not have.
   */
  Optional<S> step(S state, I input, O output);

  /**
   * The state after {@code input} ran in {@code state}, whatever it answered (for pending
   * operations).
   */
  S apply(S state, I input);

  /** Whether {@code input} never changes the state; pending operations of this kind are ignored. */
  default boolean readOnly(I input) {
    return false;
  }

  /** A readable form of {@code state} for reports. */
  default String describe(S state) {
    return String.valueOf(state);
  }
}
