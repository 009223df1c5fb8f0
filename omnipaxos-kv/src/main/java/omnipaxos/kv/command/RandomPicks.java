package omnipaxos.kv.command;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random choices of HRANDFIELD, SRANDMEMBER and SPOP, from the generator of {@link
 * ApplyContext} (seeded by the log position, so every replica picks the same), and the count
 * argument as Redis checks it.
 */
public final class RandomPicks {

  /**
   * The most picks with repeats one reply may hold: a larger negative count is answered as out of
   * range rather than building a reply that would exhaust every replica's memory.
   */
  static final long MAX_PICKS = 1 << 22;

  private RandomPicks() {}

  /** Argument {@code i} as a count between -(2^63-1) and 2^63-1, with Redis's errors. */
  public static long count(Args a, int i) {
    long n = a.integer(i);
    if (n == Long.MIN_VALUE) {
      throw new CommandError("ERR value is out of range, value must between "
          + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
    }
    return n;
  }

  /** {@code n} indexes below {@code size}, repeats allowed, in the order picked (n limited). */
  public static int[] withRepeats(SplittableRandom random, int size, long n) {
    if (n > MAX_PICKS) {
      throw new CommandError("ERR value is out of range");
    }
    int[] out = new int[(int) n];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextInt(size);
    }
    return out;
  }

  /** {@code n} distinct indexes below {@code size} (n at most size), in ascending order. */
  public static int[] distinct(SplittableRandom random, int size, int n) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = Arrays.copyOf(all, n);
    Arrays.sort(out);
    return out;
  }
}
