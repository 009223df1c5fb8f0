package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;
import omnipaxos.testkit.linearizability.Operation;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisKeyModel} accepts what Redis with log-clock expiry may answer and rejects the rest:
 * an expired key vanishes only after its TTL, a key without TTL never does, and a transaction's
 * replies come from one state.
 */
class RedisKeyModelTest {

  private static final long MS = 1_000_000L;
  private final RedisKeyModel model = new RedisKeyModel(10 * MS);

  @Test
  void aKeyMayVanishOnlyOnceItsTtlHasRun() {
    var set = done(1, RedisKeyModel.Cmd.of(0, "SET", "k", "v", "PX", "100"), "OK", 5 * MS);
    assertThat(check(set, done(2, RedisKeyModel.Cmd.of(10 * MS, "GET", "k"), null, 50 * MS)))
        .isFalse();
    assertThat(check(set, done(2, RedisKeyModel.Cmd.of(10 * MS, "GET", "k"), null, 95 * MS)))
        .isTrue();
    assertThat(check(set, done(2, RedisKeyModel.Cmd.of(10 * MS, "GET", "k"), "v", 900 * MS)))
        .isTrue();
    var persist = done(1, RedisKeyModel.Cmd.of(0, "SET", "k", "v"), "OK", 5 * MS);
    assertThat(check(persist, done(2, RedisKeyModel.Cmd.of(10 * MS, "GET", "k"), null, 900 * MS)))
        .isFalse();
  }

  @Test
  void pexpireOfAnAbsentKeyAnswersZeroAndAVanishedKeyStaysGone() {
    var set = done(1, RedisKeyModel.Cmd.of(0, "SET", "k", "v", "PX", "10"), "OK", MS);
    var gone = done(2, RedisKeyModel.Cmd.of(100 * MS, "PEXPIRE", "k", "1000"), 0L, 101 * MS);
    var stillGone = done(3, RedisKeyModel.Cmd.of(102 * MS, "GET", "k"), null, 103 * MS);
    var back = done(3, RedisKeyModel.Cmd.of(102 * MS, "GET", "k"), "v", 103 * MS);
    assertThat(check(set, gone, stillGone)).isTrue();
    assertThat(check(set, gone, back)).isFalse();
  }

  @Test
  void aTransactionsRepliesComeFromOneState() {
    var queued = List.of(List.of("HINCRBY", "a", "x", "-5"), List.of("HINCRBY", "a", "y", "5"));
    var exec = done(1, RedisKeyModel.Cmd.exec(0, queued), List.of(-5L, 5L), MS);
    var torn = done(1, RedisKeyModel.Cmd.exec(0, queued), List.of(-5L, 10L), MS);
    var read = done(2, RedisKeyModel.Cmd.of(2 * MS, "HMGET", "a", "x", "y"),
        java.util.Arrays.asList("-5", "5"), 3 * MS);
    assertThat(check(exec, read)).isTrue();
    assertThat(check(torn)).isFalse();
  }

  @SafeVarargs
  private boolean check(Operation<RedisKeyModel.Cmd, RedisKeyModel.Out>... ops) {
    return LinearizabilityChecker.check(model, List.of(ops)).verdict()
        == CheckResult.Verdict.LINEARIZABLE;
  }

  private static Operation<RedisKeyModel.Cmd, RedisKeyModel.Out> done(long id,
      RedisKeyModel.Cmd cmd, Object reply, long returned) {
    return Operation.completed(id, id, cmd, new RedisKeyModel.Out(reply, returned),
        cmd.invoked(), returned);
  }
}
