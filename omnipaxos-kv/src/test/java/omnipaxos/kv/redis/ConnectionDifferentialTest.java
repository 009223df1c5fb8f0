package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import omnipaxos.kv.resp.RespServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.CommandInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection and server commands clients send on their own (AUTH, HELLO, CLIENT, CONFIG,
 * COMMAND GETKEYS, ECHO, WAIT, the refused families) against a real Redis 7: identical replies;
 * for INFO and CLIENT LIST, whose values differ, the same sections and field names.
 */
class ConnectionDifferentialTest {

  private RealRedis redis;
  private RespServer ours;
  private RespConnection theirs;
  private RespConnection mine;

  @BeforeEach
  void start() throws Exception {
    redis = new RealRedis();
    ours = RespServer.start(new TxnExecutor(), new InetSocketAddress("127.0.0.1", 0), 1 << 20);
    theirs = new RespConnection(redis.address());
    mine = new RespConnection(ours.address());
  }

  @AfterEach
  void stop() throws Exception {
    theirs.close();
    mine.close();
    ours.close();
    redis.close();
  }

  private void script(String text) throws Exception {
    for (String line : text.strip().split("\n")) {
      List<String> args = Arrays.asList(line.strip().split(" +"));
      assertThat(mine.call(args)).as(line.strip()).isEqualTo(theirs.call(args));
    }
  }

  @Test
  void authWithoutAndWithAPassword() throws Exception {
    script("""
        AUTH x
        AUTH default x
        AUTH bob x
        AUTH a b c
        CONFIG SET requirepass sekret
        """);
    mine.close();
    theirs.close();
    mine = new RespConnection(ours.address());
    theirs = new RespConnection(redis.address());
    script("""
        GET a
        PING
        FOO
        GET
        MULTI
        HELLO 3
        HELLO 3 AUTH default wrong
        AUTH wrong
        AUTH bob sekret
        GET a
        AUTH sekret
        GET a
        RESET
        GET a
        AUTH default sekret
        SET a 1
        RESET
        CLIENT GETNAME
        HELLO 2 AUTH default nope SETNAME n
        HELLO 2 AUTH default sekret SETNAME bad\tname
        CLIENT GETNAME
        """);
  }

  @Test
  void clientConfigCommandAndRefusedCommands() throws Exception {
    script("""
        CLIENT GETNAME
        CLIENT SETNAME worker-1
        CLIENT GETNAME
        CLIENT SETNAME
        CLIENT ID x
        CLIENT INFO x
        CLIENT LIST bad
        CLIENT LIST TYPE foo
        CLIENT LIST ID x
        CLIENT NOPE
        ECHO hello
        ECHO
        HELLO 4
        HELLO x
        HELLO 3 FOO
        HELLO 3 SETNAME
        CONFIG GET maxmemory
        CONFIG GET APPENDONLY
        CONFIG GET nosuch
        CONFIG GET
        CONFIG SET maxmemory 1mb
        CONFIG GET maxmemory
        CONFIG SET maxmemory abc
        CONFIG SET maxmemory -1
        CONFIG SET timeout -1
        CONFIG SET timeout x
        CONFIG SET appendonly maybe
        CONFIG SET appendonly YES
        CONFIG GET appendonly
        CONFIG SET maxmemory-policy foo
        CONFIG SET appendfsync x
        CONFIG SET databases 3
        CONFIG SET save 100
        CONFIG SET save x
        CONFIG SET nosuch 1
        CONFIG SET timeout 5 timeout 6
        CONFIG SET timeout 5 nosuch 1
        CONFIG SET a b c
        CONFIG SET maxmemory
        CONFIG SET hash-max-ziplist-entries 100
        CONFIG GET hash-max-listpack-entries
        CONFIG SET hash-max-listpack-entries -1
        CONFIG SET list-max-listpack-size 99999999999
        CONFIG SET maxclients 0
        CONFIG GET set-max-intset-entries
        CONFIG GET databases
        CONFIG REWRITE
        CONFIG NOPE
        COMMAND GETKEYS get
        COMMAND GETKEYS get a
        COMMAND GETKEYS mset a 1 b 2
        COMMAND GETKEYS get a b
        COMMAND GETKEYS ping x
        COMMAND GETKEYS nosuch a
        WAIT 0 0
        WAIT 1
        WAIT x 0
        WAIT 0 -1
        WAIT 0 x
        WAIT 0 1.5
        WAIT 0 -0
        WAIT 0 9223372036854775808
        WAIT x -1
        WAIT -1 0
        WAIT 9223372036854775808 0
        TIME x
        LASTSAVE x
        SAVE x
        BGSAVE x
        EVALSHA abc 0
        CLUSTER SLOTS
        CLUSTER INFO
        READONLY
        MODULE LIST
        MODULE list
        MODULE LIST x
        MODULE
        MODULE FOO
        MODULE LOAD
        MODULE UNLOAD
        MODULE UNLOAD a b
        MODULE LOADEX
        """);
    assertThat(mine.call(List.of("MODULE", "LOAD", "/x.so")))
        .isEqualTo("-ERR MODULE LOAD is not supported by this server (no module can be loaded)"
            + "\r\n");
  }

  @Test
  void configOfNotificationsSlowlogAndBulkLength() throws Exception {
    script("""
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events KEA
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events Kx$
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events ghzlsetdmn
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events g$lshzxetd
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events KEnA
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events Amn
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events AAgg
        CONFIG GET notify-keyspace-events
        CONFIG SET notify-keyspace-events Q
        CONFIG SET notify-keyspace-events k
        CONFIG GET notify-keyspace-events
        CONFIG GET slowlog-log-slower-than
        CONFIG SET slowlog-log-slower-than -1
        CONFIG GET slowlog-log-slower-than
        CONFIG SET slowlog-log-slower-than -2
        CONFIG SET slowlog-log-slower-than x
        CONFIG SET slowlog-log-slower-than 1k
        CONFIG SET slowlog-log-slower-than 9223372036854775808
        CONFIG SET slowlog-max-len -1
        CONFIG SET proto-max-bulk-len x
        CONFIG SET proto-max-bulk-len -1
        CONFIG SET proto-max-bulk-len 1.5mb
        CONFIG SET proto-max-bulk-len 1000
        CONFIG SET proto-max-bulk-len 1kb
        CONFIG SET proto-max-bulk-len mb
        CONFIG SET proto-max-bulk-len 1048575
        CONFIG SET proto-max-bulk-len 9223372036854775808
        CONFIG SET proto-max-bulk-len 18446744073709551616
        CONFIG SET proto-max-bulk-len 1mb
        CONFIG GET proto-max-bulk-len
        CONFIG SET proto-max-bulk-len 1048576b
        CONFIG SET proto-max-bulk-len 1MB
        CONFIG GET proto-max-bulk-len
        """);
    assertThat(mine.call(List.of("CONFIG", "SET", "proto-max-bulk-len", "2mb")))
        .contains("argument must be at most 1048576 here");
    String header = "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + ((1 << 20) + 1) + "\r\n";
    assertThat(rawUntilClosed(ours.address(), header)).isEqualTo(
        rawUntilClosed(redis.address(), header)).isEqualTo(
        "-ERR Protocol error: invalid bulk length\r\n");
    script("EXISTS big");
  }

  /** Sends {@code bytes} on a new connection and returns what comes until the server closes it. */
  private static String rawUntilClosed(InetSocketAddress address, String bytes) throws Exception {
    try (java.net.Socket s = new java.net.Socket(address.getAddress(), address.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void configSetPortChecksAsRedisAndKeepsOurs() throws Exception {
    script("""
        CONFIG SET port x
        CONFIG SET port 70000
        CONFIG SET port -1
        CONFIG SET port 1.5
        """);
    String port = Integer.toString(ours.address().getPort());
    assertThat(mine.call(List.of("CONFIG", "SET", "port", port))).isEqualTo("+OK\r\n");
    assertThat(mine.call(List.of("CONFIG", "SET", "port", port.equals("1") ? "2" : "1")))
        .startsWith("-ERR CONFIG SET failed (possibly related to argument 'port') - the port"
            + " cannot change while this server runs");
    assertThat(mine.call(List.of("CONFIG", "GET", "port"))).endsWith("$" + port.length() + "\r\n"
        + port + "\r\n");
  }

  /** Both servers' replies to {@code text}'s commands, sent at once, of which {@code n} come. */
  private void pipelined(int n, String text) throws Exception {
    List<List<String>> commands = new ArrayList<>();
    for (String line : text.strip().split("\n")) {
      commands.add(Arrays.asList(line.strip().split(" +")));
    }
    commands.add(List.of("PING", "end"));
    assertThat(mine.pipeline(commands, n + 1)).as(text)
        .isEqualTo(theirs.pipeline(commands, n + 1)).endsWith("$3\r\nend\r\n");
  }

  @Test
  void clientReplyOffOnSkip() throws Exception {
    pipelined(7, """
        CLIENT REPLY ON
        CLIENT REPLY OFF
        SET a 1
        GET a
        FOO
        CLIENT REPLY SKIP
        CLIENT REPLY ON
        GET a
        CLIENT REPLY SKIP
        GET a
        GET a
        CLIENT REPLY SKIP
        CLIENT REPLY SKIP
        GET a
        GET a
        CLIENT REPLY SKIP
        CLIENT REPLY OFF
        GET a
        CLIENT REPLY ON
        CLIENT REPLY MAYBE
        """);
    script("""
        CLIENT REPLY
        CLIENT REPLY ON x
        CLIENT NO-EVICT on
        CLIENT NO-EVICT OFF
        CLIENT NO-EVICT maybe
        CLIENT NO-EVICT
        CLIENT NO-EVICT on x
        CLIENT TRACKING off
        CLIENT TRACKING maybe
        CLIENT TRACKING
        CLIENT TRACKING off noloop bcast prefix a optin optout
        CLIENT TRACKING off prefix
        CLIENT TRACKING off redirect x
        CLIENT TRACKING off redirect 99999
        CLIENT TRACKING on foo
        CLIENT GETREDIR
        CLIENT GETREDIR x
        CLIENT TRACKINGINFO
        CLIENT TRACKINGINFO x
        CLIENT CACHING yes
        CLIENT CACHING maybe
        CLIENT CACHING
        CLIENT UNPAUSE
        CLIENT UNPAUSE x
        CLIENT UNBLOCK
        CLIENT UNBLOCK x
        CLIENT UNBLOCK 5
        CLIENT UNBLOCK -1 timeout
        CLIENT UNBLOCK 5 ERROR
        CLIENT UNBLOCK 5 foo
        CLIENT UNBLOCK 5 timeout x
        CLIENT UNBLOCK x foo
        MODULE HELP
        MODULE help x
        """);
    mine.call(List.of("HELLO", "3"));
    theirs.call(List.of("HELLO", "3"));
    script("CLIENT TRACKINGINFO\nCLIENT GETREDIR");
    assertThat(mine.call(List.of("CLIENT", "TRACKING", "ON"))).startsWith(
        "-ERR CLIENT TRACKING ON is not supported");
  }

  @Test
  void quitAnswersOkAndCloses() throws Exception {
    // QUIT comes last: bytes the server leaves unread when it closes would make it reset the
    // connection, and the client might lose the reply.
    for (String text : List.of("QUIT", "QUIT x", "QUIT x y", "MULTI\nQUIT", "SET a 1\nquit",
        "AUTH x\nQUIT", "PING\nMULTI\nSET a 1\nQUIT")) {
      List<List<String>> commands = new ArrayList<>();
      for (String line : text.split("\n")) {
        commands.add(Arrays.asList(line.split(" ")));
      }
      try (RespConnection a = new RespConnection(ours.address());
          RespConnection b = new RespConnection(redis.address())) {
        assertThat(a.untilClosed(commands)).as(text).isEqualTo(b.untilClosed(commands));
      }
    }
  }

  @Test
  void clientKill() throws Exception {
    script("""
        CLIENT KILL
        CLIENT KILL 1.2.3.4:5
        CLIENT KILL foo
        CLIENT KILL id
        CLIENT KILL id 99999
        CLIENT KILL id 0
        CLIENT KILL id -1
        CLIENT KILL id x
        CLIENT KILL ID 99999 foo
        CLIENT KILL foo bar
        CLIENT KILL addr 1.2.3.4:5
        CLIENT KILL type foo
        CLIENT KILL type replica
        CLIENT KILL type PUBSUB
        CLIENT KILL user nobody
        CLIENT KILL user default
        CLIENT KILL skipme maybe
        CLIENT KILL skipme yes
        CLIENT KILL maxage 5
        CLIENT KILL type normal type normal
        """);
    try (RespConnection other = new RespConnection(ours.address());
        RespConnection another = new RespConnection(ours.address())) {
      String id = mine.call(List.of("CLIENT", "ID")).substring(1).strip();
      String otherId = other.call(List.of("CLIENT", "ID")).substring(1).strip();
      assertThat(mine.call(List.of("CLIENT", "KILL", "ID", id))).isEqualTo(":0\r\n");
      assertThat(mine.call(List.of("CLIENT", "KILL", "ID", otherId))).isEqualTo(":1\r\n");
      assertThat(other.untilClosed(List.of())).isEmpty();
      String addr = RespTree.parse(another.call(List.of("CLIENT", "INFO"))).bulk()
          .replaceAll("(?s).*? addr=([^ ]*) .*", "$1");
      assertThat(mine.call(List.of("CLIENT", "KILL", addr))).isEqualTo("+OK\r\n");
      assertThat(another.untilClosed(List.of())).isEmpty();
      assertThat(mine.call(List.of("CLIENT", "KILL", "ID", id, "SKIPME", "no")))
          .isEqualTo(":1\r\n");
      assertThat(mine.untilClosed(List.of())).isEmpty();
    }
  }

  @Test
  void configGetPatternsMatchTheSameParameters() throws Exception {
    for (String pattern : List.of("*-max-listpack-*", "*-max-ziplist-*", "*max-*-entries*",
        "maxmemory*", "timeout", "slowlog*", "notify-keyspace-events")) {
      List<String> args = List.of("CONFIG", "GET", pattern);
      assertThat(pairs(mine.call(args))).as(pattern).isEqualTo(pairs(theirs.call(args)));
    }
  }

  /** A CONFIG GET reply as a sorted set of "name=value" (Redis's order is its hash table's). */
  private static TreeSet<String> pairs(String reply) {
    List<String> lines = new ArrayList<>(Arrays.asList(reply.split("\r\n")));
    TreeSet<String> out = new TreeSet<>();
    for (int i = 2; i + 2 < lines.size(); i += 4) {
      out.add(lines.get(i) + "=" + lines.get(i + 2));
    }
    return out;
  }

  @Test
  void infoHasRedisSectionsAndFieldNames() throws Exception {
    script("SET k v\nSET t v EX 100");
    Map<String, List<String>> redisInfo = sections(theirs.call(List.of("INFO", "everything")));
    Map<String, List<String>> ourInfo = sections(mine.call(List.of("INFO")));
    for (String section : List.of("Server", "Clients", "Memory", "Persistence", "Stats",
        "Replication", "Keyspace")) {
      assertThat(ourInfo.get(section)).as(section).isNotEmpty();
      // Our own fields (omnipaxos_..., e.g. the dataset estimate in Memory) are not Redis's.
      List<String> redisNamed =
          ourInfo.get(section).stream().filter(f -> !f.startsWith("omnipaxos_")).toList();
      assertThat(redisInfo.get(section)).as(section).containsAll(redisNamed);
    }
    assertThat(ourInfo).containsKeys("OmniPaxos", "Cluster");
    assertThat(sections(mine.call(List.of("INFO", "keyspace")))).containsOnlyKeys("Keyspace");
    assertThat(sections(mine.call(List.of("INFO", "server", "clients")))).containsOnlyKeys(
        "Server", "Clients");
    assertThat(mine.call(List.of("INFO", "nosuch"))).isEqualTo(theirs.call(
        List.of("INFO", "nosuch")));
    assertThat(withoutTtl(mine.call(List.of("INFO", "keyspace"))))
        .isEqualTo(withoutTtl(theirs.call(List.of("INFO", "keyspace"))));
  }

  /** A bulk's lines without its length and with avg_ttl (an estimate) cut off. */
  private static String withoutTtl(String bulk) {
    return bulk.substring(bulk.indexOf("\r\n") + 2).replaceAll(",avg_ttl=[0-9]+", "");
  }

  private static Map<String, List<String>> sections(String bulk) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : bulk.split("\r\n")) {
      if (line.startsWith("# ")) {
        current = new ArrayList<>();
        out.put(line.substring(2), current);
      } else if (current != null && line.contains(":")) {
        current.add(line.substring(0, line.indexOf(':')));
      }
    }
    return out;
  }

  @Test
  void clientListAndInfoHaveRedisFieldsInRedisOrder() throws Exception {
    for (List<String> command : List.of(List.of("CLIENT", "LIST"), List.of("CLIENT", "INFO"),
        List.of("CLIENT", "LIST", "TYPE", "normal"))) {
      List<String> theirFields = fields(theirs.call(command));
      List<String> ourFields = fields(mine.call(command));
      assertThat(ourFields.subList(0, theirFields.size())).as(command.toString())
          .isEqualTo(theirFields);
    }
  }

  @Test
  void jedisReadsCommandInfoAsFromRedis() throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", ours.address().getPort());
        Jedis r = new Jedis("127.0.0.1", redis.address().getPort())) {
      for (String name : List.of("get", "mset", "rename", "exists", "ping", "multi")) {
        CommandInfo mine = j.commandInfo(name).get(name);
        CommandInfo theirs = r.commandInfo(name).get(name);
        assertThat(List.of(mine.getArity(), mine.getFirstKey(), mine.getLastKey(),
            mine.getStep())).as(name).isEqualTo(List.of(theirs.getArity(), theirs.getFirstKey(),
            theirs.getLastKey(), theirs.getStep()));
      }
      assertThat(j.commandGetKeys("mset", "a", "1", "b", "2")).containsExactly("a", "b");
      assertThat(j.commandList()).contains("get", "multi", "client|id")
          .hasSizeGreaterThan((int) j.commandCount());
      assertThat(r.commandList()).hasSizeGreaterThan((int) r.commandCount());
    }
  }

  /** The field names of the first line of a CLIENT LIST or INFO reply. */
  private static List<String> fields(String reply) {
    String line = reply.split("\r\n")[1];
    List<String> out = new ArrayList<>();
    for (String f : line.split(" ")) {
      out.add(f.substring(0, f.indexOf('=')));
    }
    return out;
  }
}
