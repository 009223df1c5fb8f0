package omnipaxos.testkit.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: the Wing-Gong search
 * as improved by Lowe, with memoisation on (set of linearized operations, model state), the
 * algorithm of Knossos and Porcupine.
 *
 * <p>Calls and returns are put on one time line (a call and a return at the same instant count as
 * concurrent). The search walks the line, tentatively linearizing any operation whose call it meets
 * and whose output the model accepts, and backtracks when it meets the return of an operation it
 * has not linearized. A (linearized set, state) pair that was reached before is never explored
 * again. Pending operations may be linearized anywhere after their call or never; pending read-only
 * ones are dropped. The search ends once every completed operation is linearized.
 */
public final class LinearizabilityChecker {

  /**
   * Search steps allowed per partition before the answer is {@link CheckResult.Verdict#UNKNOWN}.
   */
  public static final long DEFAULT_BUDGET = 20_000_000L;

  private LinearizabilityChecker() {}

  /** Checks a key-value history one key at a time. */
  public static CheckResult<KvOp, KvResult> checkKv(History history) {
    return checkKv(history.operations(), DEFAULT_BUDGET);
  }

  /**
   * Checks key-value operations one key at a time. If some key is not linearizable, the report
   * names the key whose culprit returned first.
   */
  public static CheckResult<KvOp, KvResult> checkKv(
      List<Operation<KvOp, KvResult>> ops, long budgetPerKey) {
    Map<String, List<Operation<KvOp, KvResult>>> byKey = new TreeMap<>();
    for (Operation<KvOp, KvResult> op : ops) {
      byKey.computeIfAbsent(op.input().key(), k -> new ArrayList<>()).add(op);
    }
    long explored = 0;
    CheckResult<KvOp, KvResult> worst = null;
    for (Map.Entry<String, List<Operation<KvOp, KvResult>>> e : byKey.entrySet()) {
      CheckResult<KvOp, KvResult> r =
          check(KvModel.INSTANCE, e.getValue(), budgetPerKey).inPartition(e.getKey());
      explored += r.explored();
      if (worst == null || rank(r) < rank(worst)) {
        worst = r;
      }
    }
    if (worst == null) {
      return new CheckResult<>(
          CheckResult.Verdict.LINEARIZABLE,
          Optional.empty(),
          Optional.empty(),
          List.of(),
          KvModel.INSTANCE.describe(KvModel.INSTANCE.initial()),
          0);
    }
    if (worst.linearizable()) {
      worst =
          new CheckResult<>(
              CheckResult.Verdict.LINEARIZABLE,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              "",
              0);
    }
    return worst.withExplored(explored);
  }

  /** Orders results so that failures come first, the earliest culprit first, then unknowns. */
  private static long rank(CheckResult<?, ?> r) {
    return switch (r.verdict()) {
      case NOT_LINEARIZABLE -> Math.min(r.culprit().orElseThrow().returnTime(), Long.MAX_VALUE - 2);
      case UNKNOWN -> Long.MAX_VALUE - 1;
      default -> Long.MAX_VALUE;
    };
  }

  /** Checks {@code ops} against {@code model} with the default budget. */
  public static <S, I, O> CheckResult<I, O> check(Model<S, I, O> model, List<Operation<I, O>> ops) {
    return check(model, ops, DEFAULT_BUDGET);
  }

  /** Checks {@code ops} against {@code model}, giving up after {@code budget} search steps. */
  public static <S, I, O> CheckResult<I, O> check(
      Model<S, I, O> model, List<Operation<I, O>> ops, long budget) {
    return new Search<>(model, ops).run(budget);
  }

  /** One entry of the time line: the call or the return of an operation. */
  private static final class Entry {
    final int op;
    final boolean call;
    final long time;
    Entry match;
    Entry prev;
    Entry next;

    Entry(int op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  private record Memo(BitSet linearized, Object state) {}

  private record Frame<S>(Entry call, S stateBefore) {}

  /** The state of one search. */
  private static final class Search<S, I, O> {
    private final Model<S, I, O> model;
    private final List<Operation<I, O>> ops = new ArrayList<>();
    private final Entry head = new Entry(-1, true, Long.MIN_VALUE);
    private int bestDepth = -1;
    private List<Operation<I, O>> bestPrefix = List.of();
    private S bestState;
    private Operation<I, O> culprit;

    Search(Model<S, I, O> model, List<Operation<I, O>> all) {
      this.model = model;
      for (Operation<I, O> op : all) {
        if (!(op.pending() && model.readOnly(op.input()))) {
          ops.add(op);
        }
      }
      List<Entry> line = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        Operation<I, O> op = ops.get(i);
        Entry call = new Entry(i, true, op.invokeTime());
        line.add(call);
        if (!op.pending()) {
          Entry ret = new Entry(i, false, op.returnTime());
          call.match = ret;
          line.add(ret);
        }
      }
      line.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call)
          .thenComparingInt(e -> e.op));
      Entry prev = head;
      for (Entry e : line) {
        prev.next = e;
        e.prev = prev;
        prev = e;
      }
    }

    CheckResult<I, O> run(long budget) {
      int remaining = 0;
      for (Operation<I, O> op : ops) {
        if (!op.pending()) {
          remaining++;
        }
      }
      Set<Memo> seen = new HashSet<>();
      Deque<Frame<S>> stack = new ArrayDeque<>();
      BitSet linearized = new BitSet(ops.size());
      S state = model.initial();
      Entry e = head.next;
      long steps = 0;
      while (remaining > 0) {
        if (++steps > budget) {
          return new CheckResult<>(CheckResult.Verdict.UNKNOWN, Optional.empty(), Optional.empty(),
              List.of(), "", steps);
        }
        if (e.call) {
          Operation<I, O> op = ops.get(e.op);
          Optional<S> next = op.pending() ? Optional.of(model.apply(state, op.input()))
              : model.step(state, op.input(), op.output().get());
          if (next.isPresent()) {
            BitSet after = (BitSet) linearized.clone();
            after.set(e.op);
            if (seen.add(new Memo(after, next.get()))) {
              stack.push(new Frame<>(e, state));
              state = next.get();
              linearized = after;
              if (!op.pending()) {
                remaining--;
              }
              lift(e);
              e = head.next;
              continue;
            }
          }
          e = e.next;
        } else {
          if (stack.size() > bestDepth) {
            bestDepth = stack.size();
            bestPrefix = prefixOf(stack);
            bestState = state;
            culprit = ops.get(e.op);
          }
          if (stack.isEmpty()) {
            return new CheckResult<>(CheckResult.Verdict.NOT_LINEARIZABLE, Optional.empty(),
                Optional.of(culprit), bestPrefix, model.describe(bestState), steps);
          }
          Frame<S> top = stack.pop();
          state = top.stateBefore();
          linearized = (BitSet) linearized.clone();
          linearized.clear(top.call().op);
          if (!ops.get(top.call().op).pending()) {
            remaining++;
          }
          unlift(top.call());
          e = top.call().next;
        }
      }
      return new CheckResult<>(CheckResult.Verdict.LINEARIZABLE, Optional.empty(),
          Optional.empty(), prefixOf(stack), model.describe(state), steps);
    }

    private List<Operation<I, O>> prefixOf(Deque<Frame<S>> stack) {
      List<Operation<I, O>> prefix = new ArrayList<>(stack.size());
      var it = stack.descendingIterator();
      while (it.hasNext()) {
        prefix.add(ops.get(it.next().call().op));
      }
      return prefix;
    }

    private static void lift(Entry call) {
      remove(call);
      if (call.match != null) {
        remove(call.match);
      }
    }

    private static void unlift(Entry call) {
      if (call.match != null) {
        insert(call.match);
      }
      insert(call);
    }

    private static void remove(Entry e) {
      e.prev.next = e.next;
      if (e.next != null) {
        e.next.prev = e.prev;
      }
    }

    private static void insert(Entry e) {
      e.prev.next = e;
      if (e.next != null) {
        e.next.prev = e;
      }
    }
  }
}
