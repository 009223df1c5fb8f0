package omnipaxos.testkit;

import java.util.Objects;

/**
 * The behaviour of one direction of a link: its delay distribution (messages may overtake each
 * other), the probability that a message is lost, and the probability that it is delivered twice.
 */
public record LinkProfile(DelayDistribution delay, double loss, double duplicate) {

  /** A reliable link with delays uniform in 1..5 ms. */
  public static final LinkProfile DEFAULT =
      new LinkProfile(new DelayDistribution.Uniform(1, 5), 0, 0);

  public LinkProfile {
    Objects.requireNonNull(delay, "delay");
    if (loss < 0 || loss > 1 || duplicate < 0 || duplicate > 1) {
      throw new IllegalArgumentException(
          "probabilities must be in [0, 1]: loss " + loss + ", duplicate " + duplicate);
    }
  }

  /** This profile with loss probability {@code p}. */
  public LinkProfile withLoss(double p) {
    return new LinkProfile(delay, p, duplicate);
  }

  /** This profile with duplication probability {@code p}. */
  public LinkProfile withDuplicate(double p) {
    return new LinkProfile(delay, loss, p);
  }

  /** This profile with another delay distribution. */
  public LinkProfile withDelay(DelayDistribution d) {
    return new LinkProfile(d, loss, duplicate);
  }
}
