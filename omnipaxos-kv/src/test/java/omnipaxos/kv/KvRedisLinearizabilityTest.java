package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;
import omnipaxos.testkit.linearizability.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Linearizability of Redis commands beyond GET/SET on three servers in separate JVMs, with clients
 * on every server, while the leader is killed with SIGKILL and restarted and while first the leader
 * and then a follower is paused with SIGSTOP and resumed: strings with expiry (SET PX, GET,
 * PEXPIRE, DEL), hashes (HSET, HGET, HINCRBY, HDEL) and MULTI/EXEC transactions that move an
 * amount between two fields of a hash, whose sum must stay 0 in every reply. Each key's history is
 * checked with the testkit's checker against {@link RedisKeyModel} (expiry as a deletion that may
 * happen at any moment once the TTL has run). Reads are served under the leader's lease
 * ({@code --read-mode=lease}), the mode a pause puts most at risk.
 */
class KvRedisLinearizabilityTest {

  /** Clock tolerance of the expiry model (see {@link RedisKeyModel}). */
  private static final long SLACK_NANOS = 500_000_000L;
  private static final List<String> STRINGS = List.of("s0", "s1", "s2");
  private static final List<String> HASHES = List.of("h0", "h1");
  private static final String ACCOUNT = "acct";

  @TempDir
  Path dir;

  private final Map<Long, ServerProcess> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final Map<String, List<Operation<RedisKeyModel.Cmd, RedisKeyModel.Out>>> ops =
      new TreeMap<>();
  private final List<String> invariantBreaks = new ArrayList<>();
  private final Set<Long> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private long nextOpId;

  @AfterEach
  void stopAll() throws Exception {
    for (long pid : paused) {
      servers.get(pid).resume();
    }
    for (ServerProcess s : servers.values()) {
      s.close();
    }
  }

  @Test
  void stringsWithExpiryHashesAndTransactionsAreLinearizableUnderKillsAndPauses()
      throws Exception {
    try {
      run();
    } catch (Throwable e) {
      for (long pid : servers.keySet()) {
        Path log = dir.resolve("server" + pid + ".log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        System.err.println("---- server " + pid + " log (last 30 lines) ----");
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
      }
      throw e;
    }
  }

  private void run() throws Exception {
    servers.putAll(ServerProcess.startCluster(3, dir, clientPorts, "--read-mode=lease"));
    AgreedLeader.await(servers.keySet(), clientPorts);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int id = c;
      Thread t = new Thread(() -> clientLoop(id, 1 + id % 3, running), "client-" + c);
      t.start();
      clients.add(t);
    }
    faults();
    running.set(false);
    for (Thread t : clients) {
      t.join();
    }
    assertThat(invariantBreaks).as("transfers keep the sum 0").isEmpty();
    int checked = 0;
    for (Map.Entry<String, List<Operation<RedisKeyModel.Cmd, RedisKeyModel.Out>>> e
        : ops.entrySet()) {
      List<Operation<RedisKeyModel.Cmd, RedisKeyModel.Out>> history = e.getValue();
      long done = history.stream().filter(o -> !o.pending()).count();
      CheckResult<RedisKeyModel.Cmd, RedisKeyModel.Out> r = LinearizabilityChecker.check(
          new RedisKeyModel(SLACK_NANOS), history);
      System.out.printf("KvRedisLinearizabilityTest: key %s: %d operations (%d answered): %s%n",
          e.getKey(), history.size(), done, r.verdict());
      assertThat(r.verdict()).as("key %s: %s", e.getKey(), r.report())
          .isEqualTo(CheckResult.Verdict.LINEARIZABLE);
      assertThat(done).as("answered operations on %s", e.getKey()).isGreaterThan(20);
      checked += history.size();
    }
    assertThat(ops).containsKeys("s0", "h0", ACCOUNT);
    System.out.printf("KvRedisLinearizabilityTest: %d operations checked%n", checked);
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        List<String> ab = j.hmget(ACCOUNT, "a", "b");
        assertThat(number(ab.get(0)) + number(ab.get(1))).as("sum on server %d", pid).isZero();
      }
    }
  }

  /** SIGKILL of the leader and restart; SIGSTOP/SIGCONT of the leader, then of a follower. */
  private void faults() throws Exception {
    Thread.sleep(2000);
    long leader = leader();
    servers.get(leader).kill();
    Thread.sleep(1500);
    servers.get(leader).start();
    Thread.sleep(1500);
    pauseFor(leader(), 2500);
    Thread.sleep(1500);
    long l = leader();
    pauseFor(l == 1 ? 2 : 1, 2000);
    Thread.sleep(1500);
  }

  private void pauseFor(long pid, long millis) throws Exception {
    servers.get(pid).pause();
    paused.add(pid);
    Thread.sleep(millis);
    servers.get(pid).resume();
    paused.remove(pid);
  }

  private void clientLoop(int id, long server, AtomicBoolean running) {
    Random random = new Random(100 + id);
    Jedis j = null;
    long process = id * 1_000_000L;
    while (running.get()) {
      RedisKeyModel.Cmd cmd = nextCommand(random, System.nanoTime());
      String key = cmd.commands().get(0).get(1);
      long opId = invoke(process, key, cmd);
      try {
        if (j == null) {
          j = client(server);
        }
        Object reply = cmd.exec() ? exec(j, cmd.commands()) : call(j, cmd.commands().get(0));
        complete(key, opId, reply, System.nanoTime());
      } catch (JedisDataException e) {
        // An error reply (leader change, not yet leader): its fate is unknown.
        process++;
      } catch (RuntimeException e) {
        process++;
        if (j != null) {
          j.close();
        }
        j = null;
        sleepQuietly(50);
      }
    }
    if (j != null) {
      j.close();
    }
  }

  private static RedisKeyModel.Cmd nextCommand(Random r, long now) {
    int family = r.nextInt(3);
    String v = "v" + r.nextInt(1000);
    if (family == 0) {
      String k = STRINGS.get(r.nextInt(STRINGS.size()));
      String ttl = r.nextBoolean() ? "100" : "1500";
      return switch (r.nextInt(6)) {
        case 0 -> RedisKeyModel.Cmd.of(now, "SET", k, v, "PX", ttl);
        case 1 -> RedisKeyModel.Cmd.of(now, "SET", k, v);
        case 2 -> RedisKeyModel.Cmd.of(now, "PEXPIRE", k, ttl);
        case 3 -> RedisKeyModel.Cmd.of(now, "DEL", k);
        default -> RedisKeyModel.Cmd.of(now, "GET", k);
      };
    }
    if (family == 1) {
      String k = HASHES.get(r.nextInt(HASHES.size()));
      String f = "f" + r.nextInt(3);
      return switch (r.nextInt(5)) {
        case 0 -> RedisKeyModel.Cmd.of(now, "HSET", k, f, "" + r.nextInt(100));
        case 1 -> RedisKeyModel.Cmd.of(now, "HINCRBY", k, f, "" + (r.nextInt(10) - 3));
        case 2 -> RedisKeyModel.Cmd.of(now, "HDEL", k, f);
        default -> RedisKeyModel.Cmd.of(now, "HGET", k, f);
      };
    }
    if (r.nextBoolean()) {
      return RedisKeyModel.Cmd.of(now, "HMGET", ACCOUNT, "a", "b");
    }
    String amount = "" + (1 + r.nextInt(9));
    boolean toB = r.nextBoolean();
    return RedisKeyModel.Cmd.exec(now, List.of(
        List.of("HINCRBY", ACCOUNT, "a", toB ? "-" + amount : amount),
        List.of("HINCRBY", ACCOUNT, "b", toB ? amount : "-" + amount)));
  }

  private synchronized long invoke(long process, String key, RedisKeyModel.Cmd cmd) {
    long id = nextOpId++;
    ops.computeIfAbsent(key, k -> new ArrayList<>())
        .add(Operation.pending(id, process, cmd, cmd.invoked()));
    return id;
  }

  /** Replaces the pending operation {@code opId} of {@code key} by its answer. */
  private synchronized void complete(String key, long opId, Object reply, long time) {
    List<Operation<RedisKeyModel.Cmd, RedisKeyModel.Out>> list = ops.get(key);
    for (int i = list.size() - 1; i >= 0; i--) {
      Operation<RedisKeyModel.Cmd, RedisKeyModel.Out> o = list.get(i);
      if (o.id() == opId) {
        list.set(i, Operation.completed(opId, o.clientId(), o.input(),
            new RedisKeyModel.Out(reply, time), o.invokeTime(), time));
        checkSum(o.input(), reply);
        return;
      }
    }
    throw new IllegalStateException("no operation " + opId);
  }

  /** Every reply about the account (EXEC's new balances, HMGET's) sums to 0. */
  private void checkSum(RedisKeyModel.Cmd cmd, Object reply) {
    if (!cmd.commands().get(0).get(1).equals(ACCOUNT)) {
      return;
    }
    long sum = 0;
    for (Object o : (List<?>) reply) {
      sum += o instanceof Long n ? n : number((String) o);
    }
    if (sum != 0) {
      invariantBreaks.add(cmd + " -> " + reply);
    }
  }

  private static long number(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }

  /** MULTI, the queued commands, EXEC; an aborted EXEC or an error inside is unknown fate. */
  private static Object exec(Jedis j, List<List<String>> queued) {
    call(j, List.of("MULTI"));
    for (List<String> c : queued) {
      Object q = call(j, c);
      if (!"QUEUED".equals(q)) {
        throw new IllegalStateException("not queued: " + q);
      }
    }
    Object r = call(j, List.of("EXEC"));
    if (!(r instanceof List<?> l) || l.size() != queued.size()
        || !l.stream().allMatch(x -> x instanceof Long)) {
      throw new IllegalStateException("EXEC answered " + r);
    }
    return r;
  }

  private static Object call(Jedis j, List<String> args) {
    String[] rest = args.subList(1, args.size()).toArray(new String[0]);
    byte[] name = args.get(0).getBytes(StandardCharsets.UTF_8);
    return normalise(j.sendCommand(() -> name, rest));
  }

  private static Object normalise(Object o) {
    if (o instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalise(x)));
      return out;
    }
    if (o instanceof JedisDataException e) {
      throw e;
    }
    return o;
  }

  private long leader() throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      for (long pid : servers.keySet()) {
        if (!servers.get(pid).isAlive() || paused.contains(pid)) {
          continue;
        }
        try (Jedis j = client(pid)) {
          long l = Long.parseLong(KvCluster.info(j.info()).getOrDefault("leader", "0"));
          if (l > 0 && servers.get(l).isAlive()) {
            return l;
          }
        } catch (RuntimeException e) {
          // try the next server
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no leader");
  }

  private Jedis client(long pid) {
    return new Jedis(new HostAndPort("127.0.0.1", clientPorts.get(pid)),
        DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
