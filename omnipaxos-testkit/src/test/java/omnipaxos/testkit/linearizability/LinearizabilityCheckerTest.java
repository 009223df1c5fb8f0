package omnipaxos.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  private static final KvOp.Get GET_X = new KvOp.Get("x");

  private static KvOp.Put put(String v) {
    return new KvOp.Put("x", v);
  }

  /** Records one completed operation. */
  private static long op(History h, long client, KvOp op, long invoke, KvResult result, long ret) {
    long id = h.invoke(client, op, invoke);
    h.ok(id, result, ret);
    return id;
  }

  @Test
  void emptyHistoryIsLinearizable() {
    assertThat(LinearizabilityChecker.checkKv(new History()).linearizable()).isTrue();
  }

  @Test
  void sequentialHistoryFollowingTheModelIsLinearizable() {
    History h = new History();
    op(h, 1, GET_X, 0, KvResult.absent(), 1);
    op(h, 1, put("a"), 2, KvResult.ok(), 3);
    op(h, 2, GET_X, 4, KvResult.value("a"), 5);
    op(h, 2, new KvOp.Cas("x", "a", "b"), 6, KvResult.swapped(true), 7);
    op(h, 1, new KvOp.Cas("x", "a", "c"), 8, KvResult.swapped(false), 9);
    op(h, 1, new KvOp.Delete("x"), 10, KvResult.ok(), 11);
    op(h, 2, GET_X, 12, KvResult.absent(), 13);
    assertThat(LinearizabilityChecker.checkKv(h).linearizable()).isTrue();
  }

  @Test
  void readConcurrentWithAWriteMaySeeEitherValue() {
    for (KvResult seen : List.of(KvResult.absent(), KvResult.value("a"))) {
      History h = new History();
      op(h, 1, put("a"), 0, KvResult.ok(), 10);
      op(h, 2, GET_X, 5, seen, 6);
      assertThat(LinearizabilityChecker.checkKv(h).linearizable()).as("read %s", seen).isTrue();
    }
  }

  @Test
  void staleReadAfterACompletedWriteIsNotLinearizable() {
    History h = new History();
    op(h, 1, put("a"), 0, KvResult.ok(), 10);
    long stale = op(h, 2, GET_X, 11, KvResult.absent(), 12);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(h);
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    assertThat(r.culprit().orElseThrow().id()).isEqualTo(stale);
    assertThat(r.partition()).contains("x");
    assertThat(r.report()).contains("#" + stale, "GET x", "PUT x=a", "state after it: \"a\"");
  }

  @Test
  void newThenOldInversionIsNotLinearizable() {
    History h = new History();
    op(h, 1, put("a"), 0, KvResult.ok(), 100);
    op(h, 2, GET_X, 10, KvResult.value("a"), 20);
    long old = op(h, 3, GET_X, 30, KvResult.absent(), 40);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(h);
    assertThat(r.linearizable()).isFalse();
    assertThat(r.culprit().orElseThrow().id()).isEqualTo(old);
  }

  @Test
  void readingAValueNeverWrittenIsNotLinearizable() {
    History h = new History();
    op(h, 1, put("a"), 0, KvResult.ok(), 1);
    op(h, 2, GET_X, 0, KvResult.value("b"), 5);
    assertThat(LinearizabilityChecker.checkKv(h).linearizable()).isFalse();
  }

  @Test
  void twoConcurrentCompareAndSetsCannotBothSucceed() {
    History h = new History();
    op(h, 1, put("a"), 0, KvResult.ok(), 1);
    op(h, 2, new KvOp.Cas("x", "a", "b"), 2, KvResult.swapped(true), 10);
    op(h, 3, new KvOp.Cas("x", "a", "c"), 3, KvResult.swapped(true), 9);
    assertThat(LinearizabilityChecker.checkKv(h).linearizable()).isFalse();
  }

  @Test
  void operationsWithUnknownOutcomeMayTakeEffectLaterOrNever() {
    History seen = new History();
    long w = seen.invoke(1, put("a"), 0);
    seen.info(w, 5);
    op(seen, 2, GET_X, 50, KvResult.value("a"), 60);
    op(seen, 2, GET_X, 70, KvResult.value("a"), 80);
    assertThat(LinearizabilityChecker.checkKv(seen).linearizable()).isTrue();

    History never = new History();
    never.invoke(1, put("a"), 0);
    op(never, 2, GET_X, 50, KvResult.absent(), 60);
    assertThat(LinearizabilityChecker.checkKv(never).linearizable()).isTrue();

    History beforeInvoke = new History();
    op(beforeInvoke, 2, GET_X, 0, KvResult.value("a"), 10);
    long late = beforeInvoke.invoke(1, put("a"), 20);
    beforeInvoke.info(late, 30);
    assertThat(LinearizabilityChecker.checkKv(beforeInvoke).linearizable()).isFalse();
  }

  @Test
  void failedOperationsMustNotTakeEffect() {
    History h = new History();
    long w = h.invoke(1, put("a"), 0);
    h.fail(w, 5);
    op(h, 2, GET_X, 10, KvResult.value("a"), 20);
    assertThat(h.operations()).hasSize(1);
    assertThat(LinearizabilityChecker.checkKv(h).linearizable()).isFalse();
  }

  @Test
  void keysAreCheckedSeparatelyAndTheFailingKeyIsNamed() {
    History h = new History();
    op(h, 1, new KvOp.Put("a", "1"), 0, KvResult.ok(), 1);
    op(h, 2, new KvOp.Put("b", "2"), 0, KvResult.ok(), 1);
    op(h, 1, new KvOp.Get("a"), 2, KvResult.value("1"), 3);
    long bad = op(h, 2, new KvOp.Get("b"), 2, KvResult.value("1"), 3);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(h);
    assertThat(r.linearizable()).isFalse();
    assertThat(r.partition()).contains("b");
    assertThat(r.culprit().orElseThrow().id()).isEqualTo(bad);
  }

  @Test
  void historyRejectsMisuse() {
    History h = new History();
    h.invoke(1, GET_X, 0);
    assertThatThrownBy(() -> h.invoke(1, GET_X, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.ok(99, KvResult.ok(), 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.ok(1, KvResult.absent(), -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void historyRoundTripsThroughItsEvents() {
    History h = new History();
    op(h, 1, put("a"), 0, KvResult.ok(), 1);
    long p = h.invoke(2, GET_X, 2);
    h.info(p, 3);
    History copy = History.of(h.events());
    assertThat(copy.operations()).isEqualTo(h.operations());
  }

  @Test
  void searchBudgetCanRunOut() {
    History h = randomLinearizableHistory(new SplittableRandom(3), 6, 60);
    CheckResult<KvOp, KvResult> r = LinearizabilityChecker.checkKv(h.operations(), 5);
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.UNKNOWN);
  }

  @Test
  void randomLinearizableHistoriesPass() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      History h = randomLinearizableHistory(random, 2 + random.nextInt(5), 10 + random.nextInt(50));
      assertThat(LinearizabilityChecker.checkKv(h).linearizable()).as("history %d", i).isTrue();
    }
  }

  @Test
  void corruptedReadsInRandomHistoriesAreCaught() {
    SplittableRandom random = new SplittableRandom(43);
    int caught = 0;
    for (int i = 0; i < 100; i++) {
      History h = randomLinearizableHistory(random, 3, 30);
      List<History.Event> events = new ArrayList<>(h.events());
      for (int j = 0; j < events.size(); j++) {
        if (events.get(j) instanceof History.Return r && r.result().orElse(null) instanceof KvResult.Value) {
          events.set(j, new History.Return(r.opId(), r.clientId(), r.outcome(),
              Optional.of(KvResult.value("never-written")), r.time()));
          break;
        }
      }
      if (!LinearizabilityChecker.checkKv(History.of(events)).linearizable()) {
        caught++;
      }
    }
    assertThat(caught).isEqualTo(100);
  }

  /**
   * A history of a real atomic store: each operation takes effect at a random instant between its
   * invocation and its return, so the history is linearizable by construction. Some operations end
   * with an unknown outcome.
   */
  static History randomLinearizableHistory(SplittableRandom random, int clients, int ops) {
    record Planned(int index, long client, KvOp op, long invoke, long effect, long ret, boolean unknown) {}
    List<Planned> plan = new ArrayList<>();
    long[] free = new long[clients];
    int value = 0;
    for (int i = 0; i < ops; i++) {
      int c = random.nextInt(clients);
      long invoke = free[c] + random.nextInt(5);
      long effect = invoke + random.nextInt(10);
      long ret = effect + random.nextInt(10);
      free[c] = ret + 1;
      String key = random.nextBoolean() ? "x" : "y";
      double r = random.nextDouble();
      KvOp op = r < 0.4 ? new KvOp.Get(key) : r < 0.7 ? new KvOp.Put(key, "v" + ++value)
          : r < 0.9 ? new KvOp.Cas(key, "v" + random.nextInt(value + 1), "v" + ++value) : new KvOp.Delete(key);
      plan.add(new Planned(i, c, op, invoke, effect, ret, random.nextDouble() < 0.05));
    }
    List<Planned> byEffect = new ArrayList<>(plan);
    byEffect.sort((a, b) -> Long.compare(a.effect(), b.effect()));
    Map<Planned, KvResult> results = new HashMap<>();
    Map<String, Optional<String>> store = new HashMap<>();
    for (Planned p : byEffect) {
      Optional<String> cur = store.getOrDefault(p.op().key(), Optional.empty());
      results.put(p, KvModel.INSTANCE.answer(cur, p.op()));
      store.put(p.op().key(), KvModel.INSTANCE.apply(cur, p.op()));
    }
    record Event(long time, boolean call, Planned p) {}
    List<Event> events = new ArrayList<>();
    for (Planned p : plan) {
      events.add(new Event(p.invoke(), true, p));
      events.add(new Event(p.ret(), false, p));
    }
    events.sort((a, b) -> a.time() != b.time() ? Long.compare(a.time(), b.time()) : Boolean.compare(b.call(), a.call()));
    History h = new History();
    Map<Planned, Long> ids = new HashMap<>();
    Map<Long, Long> clientIds = new HashMap<>();
    for (Event e : events) {
      Planned p = e.p();
      long client = clientIds.getOrDefault(p.client(), p.client());
      if (e.call()) {
        ids.put(p, h.invoke(client, p.op(), e.time()));
      } else if (p.unknown()) {
        h.info(ids.get(p), e.time());
        clientIds.put(p.client(), client + 1000);
      } else {
        h.ok(ids.get(p), results.get(p), e.time());
      }
    }
    return h;
  }
}
