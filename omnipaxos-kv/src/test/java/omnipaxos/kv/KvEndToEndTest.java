package omnipaxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import omnipaxos.testkit.linearizability.CheckResult;
import omnipaxos.testkit.linearizability.History;
import omnipaxos.testkit.linearizability.KvOp;
import omnipaxos.testkit.linearizability.LinearizabilityChecker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Three servers in separate JVMs over real TCP; Redis clients write and read concurrently while the
 * leader is killed with SIGKILL and restarted, and while a link between two servers is cut and healed.
 * Checks on the recorded history: it is linearizable (the testkit's checker), every acknowledged write
 * survives, no read returns a value that was never written, and all servers end with the same state.
 * It runs once with reads through the log and once with lease reads ({@code --read-mode=lease}).
 */
class KvEndToEndTest {

  /** One client operation as observed by the client. */
  record Op(int client, String kind, String key, String value, String result, boolean ok, long invoked,
      long completed) {}

  @TempDir
  Path dir;

  private final Map<Long, ServerProcess> servers = new LinkedHashMap<>();
  private final Map<Long, Integer> clientPorts = new HashMap<>();
  private final List<Op> history = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> acknowledgedUnique = new ConcurrentHashMap<>();
  private final History linearHistory = new History();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (ServerProcess s : servers.values()) {
      s.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"log", "lease"})
  void writesSurviveLeaderKillsAndLinkCuts(String readMode) throws Exception {
    try {
      run(readMode);
    } catch (Throwable e) {
      for (long pid : servers.keySet()) {
        Path log = dir.resolve("server" + pid + ".log");
        List<String> lines = java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
        System.err.println("---- server " + pid + " log (last 40 lines) ----");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
      }
      throw e;
    }
  }

  private void run(String readMode) throws Exception {
    servers.putAll(ServerProcess.startCluster(3, dir, clientPorts, "--read-mode=" + readMode));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int id = c;
      Thread t = new Thread(() -> clientLoop(id, running), "client-" + c);
      t.start();
      clients.add(t);
    }
    Thread.sleep(1500);
    long leader = leader();
    servers.get(leader).kill();
    Thread.sleep(2000);
    servers.get(leader).start();
    Thread.sleep(1500);
    long a = leader();
    long b = a == 1 ? 2 : 1;
    admin(a, "CUT", b);
    admin(b, "CUT", a);
    Thread.sleep(2500);
    admin(a, "HEAL");
    admin(b, "HEAL");
    Thread.sleep(1500);
    running.set(false);
    for (Thread t : clients) {
      t.join();
    }

    long acknowledged = history.stream().filter(Op::ok).count();
    System.out.printf("KvEndToEndTest: %d operations, %d acknowledged, %d unique writes acknowledged%n",
        history.size(), acknowledged, acknowledgedUnique.size());
    assertThat(acknowledgedUnique).as("some writes were acknowledged").hasSizeGreaterThan(20);
    checkReadsReturnWrittenValues();
    CheckResult<KvOp, omnipaxos.testkit.linearizability.KvResult> lin = LinearizabilityChecker.checkKv(linearHistory);
    System.out.printf("KvEndToEndTest: %d operations checked for linearizability: %s%n", linearHistory.size(),
        lin.verdict());
    assertThat(lin.verdict()).as("linearizability: %s", lin).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
    for (long pid = 1; pid <= 3; pid++) {
      try (Jedis j = client(pid)) {
        awaitValue(j, acknowledgedUnique);
        for (Map.Entry<String, String> e : acknowledgedUnique.entrySet()) {
          assertThat(j.get(e.getKey())).as("acknowledged write %s on server %d", e.getKey(), pid).isEqualTo(e.getValue());
        }
      }
    }
    Map<String, String> reference = registers(1);
    assertThat(registers(2)).isEqualTo(reference);
    assertThat(registers(3)).isEqualTo(reference);
    long leaseReads = 0;
    for (long pid = 1; pid <= 3; pid++) {
      leaseReads += infoField(pid, "lease_reads:");
    }
    System.out.printf("KvEndToEndTest (%s reads): %d reads served under a lease%n", readMode, leaseReads);
    if (readMode.equals("lease")) {
      assertThat(leaseReads).as("reads served under a lease").isPositive();
    } else {
      assertThat(leaseReads).isZero();
    }
  }

  private long infoField(long pid, String field) {
    try (Jedis j = client(pid)) {
      for (String line : j.info().split("\r\n")) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()));
        }
      }
    }
    throw new AssertionError("no " + field + " in INFO of server " + pid);
  }

  private void clientLoop(int id, AtomicBoolean running) {
    Random random = new Random(id);
    Jedis j = null;
    int seq = 0;
    // A client whose operation's fate is unknown continues as a new process of the history.
    long process = id * 1_000_000L;
    while (running.get()) {
      long pid = 1 + random.nextInt(3);
      long opId = -1;
      try {
        if (j == null) {
          j = client(pid);
        }
        String key = "r" + random.nextInt(4);
        long t0 = System.nanoTime();
        if (random.nextBoolean()) {
          String value = "c" + id + "-" + seq++;
          String unique = "u" + id + "-" + seq;
          history.add(new Op(id, "set", key, value, null, false, t0, -1));
          opId = linearHistory.invoke(process, new KvOp.Put(key, value), t0);
          String r = j.set(key, value);
          linearHistory.ok(opId, new omnipaxos.testkit.linearizability.KvResult.Ok(), System.nanoTime());
          opId = -1;
          history.add(new Op(id, "set", key, value, r, "OK".equals(r), t0, System.nanoTime()));
          if ("OK".equals(j.set(unique, value))) {
            acknowledgedUnique.put(unique, value);
          }
        } else {
          opId = linearHistory.invoke(process, new KvOp.Get(key), t0);
          String r = j.get(key);
          linearHistory.ok(opId, new omnipaxos.testkit.linearizability.KvResult.Value(Optional.ofNullable(r)),
              System.nanoTime());
          opId = -1;
          history.add(new Op(id, "get", key, null, r, true, t0, System.nanoTime()));
        }
      } catch (JedisDataException e) {
        // The command's fate is unknown (leader change, node closing): not acknowledged.
        process = unknownFate(opId, process);
      } catch (RuntimeException e) {
        process = unknownFate(opId, process);
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

  /** Records an operation whose fate is unknown; the client goes on as a fresh process. */
  private long unknownFate(long opId, long process) {
    if (opId >= 0 && linearHistory.running(opId)) {
      linearHistory.info(opId, System.nanoTime());
      return process + 1;
    }
    return process;
  }

  private void checkReadsReturnWrittenValues() {
    Map<String, Set<String>> written = new HashMap<>();
    synchronized (history) {
      for (Op op : history) {
        if (op.kind().equals("set")) {
          written.computeIfAbsent(op.key(), k -> new HashSet<>()).add(op.value());
        }
      }
      for (Op op : history) {
        if (op.kind().equals("get") && op.result() != null) {
          assertThat(written.getOrDefault(op.key(), Set.of())).as("value read from %s", op.key()).contains(op.result());
        }
      }
    }
  }

  private Map<String, String> registers(long pid) {
    Map<String, String> out = new HashMap<>();
    try (Jedis j = client(pid)) {
      for (int k = 0; k < 4; k++) {
        out.put("r" + k, j.get("r" + k));
      }
    }
    return out;
  }

  private static void awaitValue(Jedis j, Map<String, String> expected) throws InterruptedException {
    Map.Entry<String, String> any = expected.entrySet().iterator().next();
    for (int i = 0; i < 300 && !any.getValue().equals(j.get(any.getKey())); i++) {
      Thread.sleep(50);
    }
  }

  private long leader() throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (long pid : servers.keySet()) {
        if (!servers.get(pid).isAlive()) {
          continue;
        }
        try (Jedis j = client(pid)) {
          for (String line : j.info().split("\r\n")) {
            if (line.startsWith("leader:") && !line.equals("leader:0")) {
              long l = Long.parseLong(line.substring(7));
              if (servers.get(l).isAlive()) {
                return l;
              }
            }
          }
        } catch (RuntimeException e) {
          // try the next server
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no leader");
  }

  private void admin(long pid, String... args) {
    try (Jedis j = client(pid)) {
      String[] all = new String[args.length];
      System.arraycopy(args, 0, all, 0, args.length);
      Object r = j.sendCommand(() -> "OMNIPAXOS".getBytes(java.nio.charset.StandardCharsets.UTF_8), all);
      assertThat(new String((byte[]) r, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("OK");
    }
  }

  private void admin(long pid, String op, long peer) {
    admin(pid, op, Long.toString(peer));
  }

  private Jedis client(long pid) {
    return new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", clientPorts.get(pid)),
        redis.clients.jedis.DefaultJedisClientConfig.builder().timeoutMillis(5000).build());
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
