package omnipaxos.kv.command.zsets;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import omnipaxos.kv.command.zsets.ScoredSet.Scored;

/**
 * Selects the members of a score or lexicographic range, in ascending or descending order, after
 * skipping {@code offset} of them (a negative offset selects nothing) and at most {@code limit}
 * (negative: all). A lexicographic range walks the set from one end to the first member inside
 * the range and takes members until one falls outside: exact when all scores are equal (the
 * documented use), and the same walk as Redis's compact encoding when they are not.
 */
final class Ranges {

  private Ranges() {}

  static List<Scored> byScore(ScoredSet set, ScoreRange r, boolean reverse, long offset,
      long limit) {
    List<Scored> out = new ArrayList<>();
    if (offset < 0 || limit == 0) {
      return out;
    }
    NavigableSet<Scored> all = set.ordered(false);
    Iterable<Scored> walk;
    if (!reverse) {
      walk = all.tailSet(new Scored(r.min(), ""), true);
    } else if (r.max() == Double.POSITIVE_INFINITY) {
      walk = all.descendingSet();
    } else {
      walk = all.headSet(new Scored(Math.nextUp(r.max()), ""), false).descendingSet();
    }
    long skip = offset;
    for (Scored s : walk) {
      if (!(reverse ? r.aboveMin(s.score()) : r.belowMax(s.score()))) {
        break;
      }
      if (!(reverse ? r.belowMax(s.score()) : r.aboveMin(s.score()))) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      out.add(s);
      if (limit > 0 && out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  static List<Scored> byLex(ScoredSet set, LexRange r, boolean reverse, long offset,
      long limit) {
    List<Scored> out = new ArrayList<>();
    if (offset < 0 || limit == 0 || !possible(set, r)) {
      return out;
    }
    boolean started = false;
    long skip = offset;
    for (Scored s : lexWalk(set, r, reverse)) {
      if (!started) {
        if (!(reverse ? r.belowMax(s.member()) : r.aboveMin(s.member()))) {
          continue;
        }
        started = true;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      if (!(reverse ? r.aboveMin(s.member()) : r.belowMax(s.member()))) {
        break;
      }
      out.add(s);
      if (limit > 0 && out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  /** Whether the range can select anything: its ends in order, the set's ends not beyond it. */
  private static boolean possible(ScoredSet set, LexRange r) {
    if (set.size() == 0) {
      return false;
    }
    LexRange.Bound lo = r.min();
    LexRange.Bound hi = r.max();
    if (lo.sign() == 0 && hi.sign() == 0) {
      int c = lo.member().compareTo(hi.member());
      if (c > 0 || (c == 0 && (lo.exclusive() || hi.exclusive()))) {
        return false;
      }
    }
    return r.aboveMin(set.ordered(true).first().member())
        && r.belowMax(set.ordered(false).first().member());
  }

  /** The members to walk: all of them, or when every score is equal, from the range's end on. */
  private static Iterable<Scored> lexWalk(ScoredSet set, LexRange r, boolean reverse) {
    NavigableSet<Scored> all = set.ordered(false);
    double score = all.first().score();
    LexRange.Bound end = reverse ? r.max() : r.min();
    if (score != all.last().score() || end.sign() != 0) {
      return reverse ? all.descendingSet() : all;
    }
    Scored from = new Scored(score, end.member());
    return reverse ? all.headSet(from, true).descendingSet() : all.tailSet(from, true);
  }

}
