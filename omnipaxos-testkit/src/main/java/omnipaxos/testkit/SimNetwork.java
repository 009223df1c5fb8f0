package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The simulated network: a {@link LinkProfile} per directed link, link cuts (counted, so
 * overlapping faults compose: a link is up when every cut on it was restored) and loss bursts.
 * Every cut starts a new epoch of the link; a message is delivered only if its link stayed up in
 * the epoch it was sent in, as a connection reset loses what was in flight.
 */
final class SimNetwork {

  /** What happened to a message handed to the network. */
  enum Fate { SENT, CUT, LOST }

  /** The fate of a message and, if sent, the delays of its copies (two if duplicated). */
  record Transmission(Fate fate, long epoch, long[] delays) {}

  static final double BURST_LOSS = 0.5;

  private LinkProfile defaultProfile;
  private final Map<Link, LinkProfile> profiles = new HashMap<>();
  private final Map<Link, Integer> cuts = new HashMap<>();
  private final Map<Link, Long> epochs = new HashMap<>();
  private final Map<Link, Integer> bursts = new HashMap<>();

  SimNetwork(LinkProfile defaultProfile) {
    this.defaultProfile = defaultProfile;
  }

  boolean up(long from, long to) {
    return !cuts.containsKey(new Link(from, to));
  }

  long epoch(long from, long to) {
    return epochs.getOrDefault(new Link(from, to), 0L);
  }

  /** Adds a cut to the link. @return whether the link went down */
  boolean cut(long from, long to) {
    Link l = new Link(from, to);
    int n = cuts.merge(l, 1, Integer::sum);
    if (n == 1) {
      epochs.merge(l, 1L, Long::sum);
      return true;
    }
    return false;
  }

  /** Removes one cut from the link. @return whether the link came up */
  boolean restore(long from, long to) {
    Link l = new Link(from, to);
    Integer n = cuts.get(l);
    if (n == null) {
      return false;
    }
    if (n == 1) {
      cuts.remove(l);
      return true;
    }
    cuts.put(l, n - 1);
    return false;
  }

  /** Removes every cut and burst. @return the links that came up, in order */
  List<Link> healAll() {
    List<Link> was = new ArrayList<>(new TreeSet<>(cuts.keySet()));
    cuts.clear();
    bursts.clear();
    return was;
  }

  /** The links currently cut, in order. */
  List<Link> cutLinks() {
    return new ArrayList<>(new TreeSet<>(cuts.keySet()));
  }

  void startBurst(long from, long to) {
    bursts.merge(new Link(from, to), 1, Integer::sum);
  }

  void endBurst(long from, long to) {
    Link l = new Link(from, to);
    Integer n = bursts.get(l);
    if (n != null) {
      if (n == 1) {
        bursts.remove(l);
      } else {
        bursts.put(l, n - 1);
      }
    }
  }

  LinkProfile profile(long from, long to) {
    return profiles.getOrDefault(new Link(from, to), defaultProfile);
  }

  void setProfile(long from, long to, LinkProfile p) {
    profiles.put(new Link(from, to), p);
  }

  /**
   * Sets the profile of every link without its own, and drops every per-link profile if {@code
   * resetAll}.
   */
  void setDefault(LinkProfile p, boolean resetAll) {
    defaultProfile = p;
    if (resetAll) {
      profiles.clear();
    }
  }

  /** Replaces every link's loss probability, the default's included. */
  void setLossEverywhere(double loss) {
    defaultProfile = defaultProfile.withLoss(loss);
    profiles.replaceAll((l, p) -> p.withLoss(loss));
  }

  Transmission transmit(long from, long to, SplittableRandom random) {
    Link l = new Link(from, to);
    long epoch = epochs.getOrDefault(l, 0L);
    if (cuts.containsKey(l)) {
      return new Transmission(Fate.CUT, epoch, new long[0]);
    }
    LinkProfile p = profiles.getOrDefault(l, defaultProfile);
    double loss = bursts.containsKey(l) ? Math.max(p.loss(), BURST_LOSS) : p.loss();
    if (loss > 0 && random.nextDouble() < loss) {
      return new Transmission(Fate.LOST, epoch, new long[0]);
    }
    long first = p.delay().sample(random);
    if (p.duplicate() > 0 && random.nextDouble() < p.duplicate()) {
      return new Transmission(Fate.SENT, epoch, new long[] {first, p.delay().sample(random)});
    }
    return new Transmission(Fate.SENT, epoch, new long[] {first});
  }
}
