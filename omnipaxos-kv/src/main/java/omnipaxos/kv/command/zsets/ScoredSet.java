package omnipaxos.kv.command.zsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import omnipaxos.kv.command.Footprint;

/**
 * The members of a sorted set with their scores, ordered by (score, member) as Redis orders them:
 * scores numerically (-0 equal to 0), ties by the member's bytes, unsigned. While the set is
 * {@link #compact() compact} (what Redis keeps in its compact encoding: at most 128 members of at
 * most 64 bytes) a score of -0 is stored as 0, as Redis's compact encoding does. Members are
 * binary-safe strings, one char per byte, so {@link String#compareTo} is that byte order. The
 * member index is a hash map used only for lookups; every walk goes through the ordered set, so
 * replies never depend on hash order. Ranks cost linear time. Not thread-safe.
 */
public final class ScoredSet extends Footprint.Measured {

  /** A member and its score, ordered as the set orders them. */
  public record Scored(double score, String member) implements Comparable<Scored> {
    @Override
    public int compareTo(Scored o) {
      if (score < o.score) {
        return -1;
      }
      if (score > o.score) {
        return 1;
      }
      return member.compareTo(o.member);
    }
  }

  /** The most members of a compact set. */
  static final int COMPACT_SIZE = 128;
  /** The longest member of a compact set. */
  static final int COMPACT_MEMBER = 64;

  private final Map<String, Double> scores = new HashMap<>();
  private final TreeSet<Scored> order = new TreeSet<>();
  private boolean compact;

  /** An empty set, compact or not (then never again). */
  public ScoredSet(boolean compact) {
    super(Footprint.ZSET);
    this.compact = compact;
  }

  /** An empty set that is compact as long as its first member is short enough. */
  public static ScoredSet forFirstMember(String member) {
    return new ScoredSet(member.length() <= COMPACT_MEMBER);
  }

  /** Whether the set still counts as compact (scores of -0 are stored as 0). */
  public boolean compact() {
    return compact;
  }

  /** A copy. */
  public ScoredSet copy() {
    ScoredSet s = new ScoredSet(compact);
    s.scores.putAll(scores);
    s.order.addAll(order);
    s.sameAs(this);
    return s;
  }

  public int size() {
    return order.size();
  }

  /** The score of {@code member}, or null. */
  public Double score(String member) {
    return scores.get(member);
  }

  /** Adds {@code member} or changes its score. */
  public void put(String member, double score) {
    if (compact && !scores.containsKey(member)
        && (scores.size() + 1 > COMPACT_SIZE || member.length() > COMPACT_MEMBER)) {
      compact = false;
    }
    double s = compact ? score + 0.0 : score;
    Double old = scores.put(member, s);
    if (old != null) {
      order.remove(new Scored(old, member));
    } else {
      grow(cost(member));
    }
    order.add(new Scored(s, member));
  }

  /** Removes {@code member}; whether it was there. */
  public boolean remove(String member) {
    Double old = scores.remove(member);
    if (old == null) {
      return false;
    }
    order.remove(new Scored(old, member));
    grow(-cost(member));
    return true;
  }

  /** The 0-based rank of a member that is present, in ascending order. */
  public int rank(String member) {
    return order.headSet(new Scored(scores.get(member), member), false).size();
  }

  /** The members in order, ascending or descending. */
  public NavigableSet<Scored> ordered(boolean reverse) {
    return reverse ? order.descendingSet() : order;
  }

  /** The members from rank {@code from} to {@code to} inclusive (valid ranks), in the order. */
  public List<Scored> byRank(int from, int to, boolean reverse) {
    List<Scored> out = new ArrayList<>(to - from + 1);
    Iterator<Scored> it = ordered(reverse).iterator();
    for (int i = 0; i <= to; i++) {
      Scored s = it.next();
      if (i >= from) {
        out.add(s);
      }
    }
    return out;
  }

  /** Removes and returns the first (lowest) or last member. */
  public Scored pop(boolean last) {
    Scored s = last ? order.pollLast() : order.pollFirst();
    scores.remove(s.member());
    grow(-cost(s.member()));
    return s;
  }

  private static long cost(String member) {
    return Footprint.ZSET_MEMBER + Footprint.string(member.length());
  }
}
