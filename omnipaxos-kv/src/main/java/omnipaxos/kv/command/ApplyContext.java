package omnipaxos.kv.command;

import java.util.SplittableRandom;

/**
 * What a replicated command may depend on besides the keyspace: the position it is applied at, the
 * log's clock there, and randomness seeded by that position, so every replica computes the same.
 */
public record ApplyContext(long index, long clockMs) {

  /** A generator seeded by the log position. */
  public SplittableRandom random() {
    return new SplittableRandom(index * 0x9E3779B97F4A7C15L + 1);
  }
}
