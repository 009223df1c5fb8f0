package omnipaxos.testkit;

import java.util.SplittableRandom;

/** How long a message spends on a link, in virtual milliseconds. */
public sealed interface DelayDistribution {

  /** Draws one delay. */
  long sample(SplittableRandom random);

  /** Always {@code ms}. */
  record Fixed(long ms) implements DelayDistribution {
    public Fixed {
      if (ms < 0) {
        throw new IllegalArgumentException("negative delay " + ms);
      }
    }

    @Override
    public long sample(SplittableRandom random) {
      return ms;
    }
  }

  /** Uniform in {@code [min, max]}. */
  record Uniform(long min, long max) implements DelayDistribution {
    public Uniform {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("bad delay range [" + min + ", " + max + "]");
      }
    }

    @Override
    public long sample(SplittableRandom random) {
      return min == max ? min : random.nextLong(min, max + 1);
    }
  }

  /**
   * Uniform in {@code [min, max]}, except that with probability {@code tailProbability} it is
   * uniform in {@code (max, tailMax]}.
   */
  record LongTail(long min, long max, double tailProbability, long tailMax)
      implements DelayDistribution {
    public LongTail {
      if (min < 0 || max < min || tailMax < max || tailProbability < 0 || tailProbability > 1) {
        throw new IllegalArgumentException(
            "bad long-tail delay "
                + min
                + ".."
                + max
                + " p="
                + tailProbability
                + " up to "
                + tailMax);
      }
    }

    @Override
    public long sample(SplittableRandom random) {
      if (tailMax > max && random.nextDouble() < tailProbability) {
        return random.nextLong(max + 1, tailMax + 1);
      }
      return min == max ? min : random.nextLong(min, max + 1);
    }
  }
}
