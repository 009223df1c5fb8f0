package omnipaxos.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import omnipaxos.testkit.linearizability.Model;

/**
 * The sequential specification of one Redis key holding a string or a hash, for the testkit's
 * linearizability checker: SET (with PX), GET, PEXPIRE, DEL, HSET, HGET, HINCRBY, HDEL, HMGET and
 * MULTI/EXEC of those.
 *
 * <p>Expiry. Our servers take time from the log: the leader appends its clock, a relative TTL
 * counts from the next such tick, and a key disappears at the first tick past its expiry. The
 * client cannot see those ticks, so the model treats expiry as a <em>nondeterministic
 * deletion</em>: a key with a TTL may vanish between any two operations once the TTL has run, and
 * never before. "Run" is measured on the test's clock: from the invocation of the command that set
 * the TTL, less {@code slackNanos} (the leader may have read its clock shortly before that
 * invocation for the tick that anchors the TTL), and the vanishing is allowed before an operation
 * that returned after that instant (it took effect before it returned). No upper bound: a key may
 * outlive its TTL while no leader ticks. A key without TTL never vanishes. Because deletion is a
 * choice, a state is the set of every key value the history so far allows.
 */
final class RedisKeyModel implements Model<Set<RedisKeyModel.Val>, RedisKeyModel.Cmd,
    RedisKeyModel.Out> {

  /** Never vanishes. */
  private static final long PERSISTENT = Long.MAX_VALUE;

  /**
   * A possible value of the key: a string, a hash, or absent (both null), and the earliest test
   * clock instant at which it may have expired.
   */
  record Val(String str, Map<String, String> hash, long vanishFrom) {
    static final Val ABSENT = new Val(null, null, PERSISTENT);

    boolean absent() {
      return str == null && hash == null;
    }
  }

  /**
   * One client call: a command (or, for EXEC, the queued commands), invoked at {@code invoked} on
   * the test clock.
   */
  record Cmd(List<List<String>> commands, boolean exec, long invoked) {
    static Cmd of(long invoked, String... args) {
      return new Cmd(List.of(List.of(args)), false, invoked);
    }

    static Cmd exec(long invoked, List<List<String>> queued) {
      return new Cmd(List.copyOf(queued), true, invoked);
    }

    @Override
    public String toString() {
      return (exec ? "EXEC" : "") + commands.toString() + "@" + invoked;
    }
  }

  /**
   * An answer: Strings for bulk and simple strings, Longs, null, Lists of those;
   * {@code returned} on the test clock.
   */
  record Out(Object reply, long returned) {
    @Override
    public String toString() {
      return reply + "@" + returned;
    }
  }

  private final long slackNanos;

  RedisKeyModel(long slackNanos) {
    this.slackNanos = slackNanos;
  }

  @Override
  public Set<Val> initial() {
    return Set.of(Val.ABSENT);
  }

  @Override
  public Optional<Set<Val>> step(Set<Val> state, Cmd input, Out output) {
    Set<Val> next = new java.util.HashSet<>();
    for (Val v : state) {
      for (Val c : choices(v, output.returned())) {
        Val[] after = {c};
        Object reply = run(after, input);
        if (Objects.equals(reply, output.reply())) {
          next.add(after[0]);
        }
      }
    }
    return next.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(next));
  }

  @Override
  public Set<Val> apply(Set<Val> state, Cmd input) {
    Set<Val> next = new java.util.HashSet<>();
    for (Val v : state) {
      for (Val c : choices(v, Long.MAX_VALUE)) {
        Val[] after = {c};
        run(after, input);
        next.add(after[0]);
      }
    }
    return Set.copyOf(next);
  }

  @Override
  public boolean readOnly(Cmd input) {
    return !input.exec() && Set.of("GET", "HGET", "HMGET").contains(input.commands().get(0).get(0));
  }

  /** {@code v}, and absent too if it may have expired before an operation returning then. */
  private static List<Val> choices(Val v, long returned) {
    return v.vanishFrom() != PERSISTENT && returned >= v.vanishFrom() ? List.of(v, Val.ABSENT)
        : List.of(v);
  }

  private Object run(Val[] v, Cmd input) {
    if (!input.exec()) {
      return command(v, input.commands().get(0), input.invoked());
    }
    List<Object> replies = new ArrayList<>();
    for (List<String> c : input.commands()) {
      replies.add(command(v, c, input.invoked()));
    }
    return replies;
  }

  private Object command(Val[] v, List<String> a, long invoked) {
    Val cur = v[0];
    switch (a.get(0)) {
      case "SET" -> {
        long from = a.size() > 3 ? invoked + ms(a.get(4)) - slackNanos : PERSISTENT;
        v[0] = new Val(a.get(2), null, from);
        return "OK";
      }
      case "GET" -> {
        return cur.str();
      }
      case "PEXPIRE" -> {
        if (cur.absent()) {
          return 0L;
        }
        v[0] = new Val(cur.str(), cur.hash(), invoked + ms(a.get(2)) - slackNanos);
        return 1L;
      }
      case "DEL" -> {
        v[0] = Val.ABSENT;
        return cur.absent() ? 0L : 1L;
      }
      default -> {
        return hashCommand(v, a);
      }
    }
  }

  private static Object hashCommand(Val[] v, List<String> a) {
    Val cur = v[0];
    Map<String, String> h = cur.hash() == null ? new TreeMap<>() : new TreeMap<>(cur.hash());
    Object reply;
    switch (a.get(0)) {
      case "HGET" -> {
        return h.get(a.get(2));
      }
      case "HMGET" -> {
        List<Object> out = new ArrayList<>();
        a.subList(2, a.size()).forEach(f -> out.add(h.get(f)));
        return out;
      }
      case "HSET" -> reply = h.put(a.get(2), a.get(3)) == null ? 1L : 0L;
      case "HINCRBY" -> {
        long n = Long.parseLong(h.getOrDefault(a.get(2), "0")) + Long.parseLong(a.get(3));
        h.put(a.get(2), Long.toString(n));
        reply = n;
      }
      case "HDEL" -> reply = h.remove(a.get(2)) == null ? 0L : 1L;
      default -> throw new IllegalArgumentException("not modelled: " + a);
    }
    v[0] = h.isEmpty() ? Val.ABSENT : new Val(null, Map.copyOf(h), cur.vanishFrom());
    return reply;
  }

  private static long ms(String millis) {
    return Long.parseLong(millis) * 1_000_000L;
  }
}
