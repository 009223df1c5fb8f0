package omnipaxos.testkit.linearizability;

import java.util.Optional;

/**
 * The sequential specification of one key of a key-value store: a register that may be absent. The
 * state is the key's value, empty if absent. Histories of a whole store are checked one key at a
 * time (linearizability is local: a history is linearizable iff each object's sub-history is).
 */
public final class KvModel implements Model<Optional<String>, KvOp, KvResult> {

  /** The shared instance; the model has no state of its own. */
  public static final KvModel INSTANCE = new KvModel();

  private KvModel() {}

  @Override
  public Optional<String> initial() {
    return Optional.empty();
  }

  @Override
  public Optional<Optional<String>> step(Optional<String> state, KvOp input, KvResult output) {
    if (input instanceof KvOp.Get) {
      return output.equals(new KvResult.Value(state)) ? Optional.of(state) : Optional.empty();
    }
    if (input instanceof KvOp.Cas c) {
      boolean swap = state.isPresent() && state.get().equals(c.expected());
      return output.equals(new KvResult.Swapped(swap))
          ? Optional.of(apply(state, input))
          : Optional.empty();
    }
    return output instanceof KvResult.Ok ? Optional.of(apply(state, input)) : Optional.empty();
  }

  @Override
  public Optional<String> apply(Optional<String> state, KvOp input) {
    if (input instanceof KvOp.Put p) {
      return Optional.of(p.value());
    }
    if (input instanceof KvOp.Delete) {
      return Optional.empty();
    }
    if (input instanceof KvOp.Cas c) {
      return state.isPresent() && state.get().equals(c.expected()) ? Optional.of(c.value()) : state;
    }
    return state;
  }

  @Override
  public boolean readOnly(KvOp input) {
    return input.readOnly();
  }

  @Override
  public String describe(Optional<String> state) {
    return state.map(v -> "\"" + v + "\"").orElse("absent");
  }

  /** What {@code input} answers in {@code state}: the reference implementation of the store. */
  public KvResult answer(Optional<String> state, KvOp input) {
    if (input instanceof KvOp.Get) {
      return new KvResult.Value(state);
    }
    if (input instanceof KvOp.Cas c) {
      return new KvResult.Swapped(state.isPresent() && state.get().equals(c.expected()));
    }
    return new KvResult.Ok();
  }
}
