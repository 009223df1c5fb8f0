package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.KvState;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sends the same commands to a real Redis 7 and to our RESP server (over the replicated state
 * machine) and asserts byte-identical replies: values, reply types and error texts.
 */
class RedisDifferentialTest {

  /** Our command layer on one state machine, with a leader's clock tick before each command. */
  static final class LocalExecutor implements KvExecutor {
    private final KvState state = new KvState();

    @Override
    public synchronized CompletableFuture<Reply> execute(KvEntry.Invoke command) {
      state.apply(new KvEntry.Clock(System.currentTimeMillis()));
      return CompletableFuture.completedFuture(state.apply(command));
    }

    @Override
    public CompletableFuture<String> clusterInfo() {
      return CompletableFuture.completedFuture("leader:1\r\n");
    }
  }

  private RedisPair pair;
  private RespConnection theirs;
  private RespConnection mine;

  @BeforeEach
  void start() throws Exception {
    pair = new RedisPair(new LocalExecutor());
    theirs = pair.theirs;
    mine = pair.mine;
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  private void same(String... command) throws Exception {
    pair.same(command);
  }

  private void script(String text) throws Exception {
    pair.script(text);
  }

  @Test
  void strings() throws Exception {
    script("""
        GET a
        SET a 1
        GET a
        SET a 2 NX
        SET a 3 XX GET
        SET b 3 XX
        SET b 4 NX GET
        SET a 1 EX
        SET a 1 EX 0
        SET a 1 EX -5
        SET a 1 EX x
        SET a 1 PX 10 EX 10
        SET a 1 KEEPTTL EX 10
        SET a 1 NX XX
        SET a 1 FOO
        SET a
        SET c 5 EX 100
        TTL c
        SET c 6 KEEPTTL
        TTL c
        SET c 7
        TTL c
        GETSET c 8
        GETDEL c
        GETDEL c
        MSET x 1 y 2 z 3
        MSET x 1 y
        MGET x y nope z
        MSETNX x 1 w 2
        MSETNX v 1 w 2
        MGET v w
        SETNX x 9
        SETNX n 9
        SETEX e 100 v
        TTL e
        SETEX e 0 v
        SETEX e x v
        PSETEX e 100000 v
        TTL e
        PSETEX e -1 v
        APPEND s hello
        APPEND s world
        STRLEN s
        STRLEN nope
        GETRANGE s 0 4
        GETRANGE s -5 -1
        GETRANGE s 5 1
        GETRANGE s -1 -5
        GETRANGE s 0 100
        GETRANGE s x 1
        GETRANGE nope 0 1
        SETRANGE s 5 _
        GET s
        SETRANGE r 3 abc
        GET r
        SETRANGE q 0 ""
        SETRANGE s -1 a
        INCR i
        INCR i
        DECR i
        INCRBY i 10
        DECRBY i 20
        INCRBY i x
        INCR s
        SET big 9223372036854775807
        INCR big
        DECRBY i -9223372036854775808
        INCRBYFLOAT f 1.5
        INCRBYFLOAT f 0.1
        INCRBYFLOAT f -3
        INCRBYFLOAT f abc
        INCRBYFLOAT s 1
        INCRBYFLOAT f inf
        SET f 5.0e3
        INCRBYFLOAT f 200
        SET ff 010
        INCR ff
        GETEX x
        GETEX x EX 100
        TTL x
        GETEX x PERSIST
        TTL x
        GETEX x EX 0
        GETEX x EX 1 PX 1
        GETEX nope EX 10
        GET
        MGET
        INCR a b
        """);
  }

  @Test
  void repeatedSetAndGetexOptions() throws Exception {
    script("""
        SET k v NX NX
        SET k v XX XX
        SET k v GET GET
        SET k v NX GET NX
        SET k v XX NX
        SET k v EX 10 EX 20
        TTL k
        SET k v EX x EX 30
        TTL k
        SET k v EX 10 EX x
        SET k v EX 10 EX 0
        SET k v EX 0 EX 10
        SET k v PX 10 PX 100000
        SET k v EXAT 1 EXAT 4102444800
        EXPIRETIME k
        SET k v PXAT 1 PXAT 4102444800123
        PEXPIRETIME k
        SET k v EX 10 PX 100
        SET k v KEEPTTL KEEPTTL
        SET k v EX 10 KEEPTTL
        SET k v EX 10 EX
        GETEX k PERSIST PERSIST
        GETEX k EX 10 EX 40
        TTL k
        GETEX k EX x EX 50
        TTL k
        GETEX k PX 1 PX 60000
        TTL k
        GETEX k EX 5 EX 0
        GETEX k EX 10 PERSIST
        GETEX k PERSIST EX 10
        GETEX k EX 10 PX 10
        GETEX k NX
        GETEX nope EX x
        GETEX nope EX 0
        GETEX nope EX 10 PERSIST
        HSET h f v
        GETEX h EX x
        GETEX h EX 0
        SET h v GET EX x
        SET h v GET EX 0
        """);
  }

  @Test
  void hexadecimalFloats() throws Exception {
    script("""
        INCRBYFLOAT f 0x10
        INCRBYFLOAT f -0x.8
        INCRBYFLOAT f 0x1.
        INCRBYFLOAT f 0xA.Bp-3
        INCRBYFLOAT f 0x1p-1074
        INCRBYFLOAT f +0x1P+2
        INCRBYFLOAT f 0x
        INCRBYFLOAT f 0x1p
        INCRBYFLOAT f 0xg
        INCRBYFLOAT f 0x1.8p1x
        SET g 0X1p4
        INCRBYFLOAT g 0.1
        SET g 0x
        INCRBYFLOAT g 1
        HINCRBYFLOAT h x 0x10
        HSET h y 0x1P-1
        HINCRBYFLOAT h y 1
        HINCRBYFLOAT h y 0xff
        HINCRBYFLOAT h y 0x
        HINCRBYFLOAT h y 0x1p
        ZADD z 0x10 a
        ZADD z 0x1p4 b -0x.8 c
        ZADD z 0x1p z
        ZINCRBY z 0x10 a
        ZSCORE z a
        ZRANGEBYSCORE z 0x10 0x20 WITHSCORES
        ZRANGE z 0 -1 WITHSCORES
        """);
  }

  @Test
  void floatIncrementsAddInLongDoubles() throws Exception {
    script("""
        INCRBYFLOAT y 12345.1
        INCRBYFLOAT y 1234567.1
        INCRBYFLOAT y 0.3
        INCRBYFLOAT t -12345.1
        INCRBYFLOAT w 123456789012.1
        INCRBYFLOAT s 0.1
        INCRBYFLOAT s 0.1
        INCRBYFLOAT s 0.1
        INCRBYFLOAT u 1e20
        INCRBYFLOAT u 0.5
        INCRBYFLOAT v 3.14159265358979323846264
        INCRBYFLOAT v 2.5e-17
        INCRBYFLOAT v -1e-20
        INCRBYFLOAT m 1e4932
        INCRBYFLOAT m 1e4932
        INCRBYFLOAT m -1e4932
        INCRBYFLOAT n 1e400
        INCRBYFLOAT n 1
        INCRBYFLOAT n 1.2e4932
        INCRBYFLOAT n 1e5000
        INCRBYFLOAT n 1e-5000
        INCRBYFLOAT n 1e99999999999
        INCRBYFLOAT n 0e99999999999
        INCRBYFLOAT z 1e-4950
        INCRBYFLOAT z 0x1p-16445
        INCRBYFLOAT z 0x1p-16446
        INCRBYFLOAT z 0x1p16383
        INCRBYFLOAT z2 0x1p16384
        INCRBYFLOAT z2 0x1.ffffffffffffffffp0
        INCRBYFLOAT z2 0x1p99999999999
        INCRBYFLOAT z2 0x0p99999999999
        SET g 1e400
        INCRBYFLOAT g 1
        SET g inf
        INCRBYFLOAT g 1
        INCRBYFLOAT g x
        HINCRBYFLOAT h f 12345.1
        HINCRBYFLOAT h f 1e400
        HINCRBYFLOAT h f 1e4932
        HINCRBYFLOAT h f inf
        HINCRBYFLOAT h f 1e5000
        HSET h g inf
        HINCRBYFLOAT h g 1
        HSET h g x
        HINCRBYFLOAT h g 1
        """);
  }

  @Test
  void randomFloatIncrements() throws Exception {
    Random r = new Random(7);
    for (int i = 0; i < 600; i++) {
      StringBuilder f = new StringBuilder(r.nextBoolean() ? "-" : "");
      f.append(r.nextInt(1_000_000)).append('.').append(r.nextInt(1_000_000_000));
      if (r.nextInt(3) == 0) {
        f.append('e').append(r.nextInt(80) - 40);
      }
      String key = "f" + r.nextInt(4);
      if (r.nextBoolean()) {
        same("INCRBYFLOAT", key, f.toString());
      } else {
        same("HINCRBYFLOAT", "h", key, f.toString());
      }
    }
  }

  @Test
  void randomExpiryOptions() throws Exception {
    Random r = new Random(11);
    String[] options = {"NX", "XX", "GET", "EX", "PX", "EXAT", "PXAT", "KEEPTTL", "PERSIST", "GT",
        "LT", "nx", "FOO"};
    String[] numbers = {"100", "0", "-1", "x", "4102444800", "9223372036854775807"};
    String[][] heads = {{"SET", "k", "v"}, {"GETEX", "k"}, {"EXPIRE", "k", "#"},
        {"PEXPIRE", "k", "#"}, {"EXPIREAT", "k", "#"}, {"PEXPIREAT", "k", "#"}, {"SET", "h", "v"},
        {"GETEX", "h"}, {"GETEX", "nope"}};
    same("HSET", "h2", "f", "v");
    for (int i = 0; i < 1500; i++) {
      List<String> cmd = new ArrayList<>();
      for (String part : heads[r.nextInt(heads.length)]) {
        cmd.add(part.equals("#") ? numbers[r.nextInt(numbers.length)] : part);
      }
      for (int n = r.nextInt(4); n > 0; n--) {
        cmd.add(options[r.nextInt(options.length)]);
        if (r.nextInt(3) > 0) {
          cmd.add(numbers[r.nextInt(numbers.length)]);
        }
      }
      if (cmd.get(1).equals("h") && r.nextBoolean()) {
        cmd.set(1, "h2");
      }
      same(cmd.toArray(String[]::new));
      if (r.nextInt(10) == 0) {
        same("SET", "k", "v");
      }
    }
  }

  @Test
  void keysAndDatabases() throws Exception {
    script("""
        MSET a 1 b 2 c 3
        DEL a nope
        UNLINK b
        EXISTS a b c c
        TYPE c
        TYPE nope
        DBSIZE
        RENAME c d
        RENAME nope e
        RENAME d d
        SET e 5
        RENAMENX d e
        RENAMENX d f
        RENAMENX f f
        COPY f g
        COPY f g
        COPY f g REPLACE
        COPY f f
        COPY f h DB 3
        COPY f h DB 16
        COPY f h DB x
        COPY f h FOO
        COPY nope h
        SELECT 3
        GET h
        DBSIZE
        SELECT 16
        SELECT -1
        SELECT x
        SWAPDB 0 3
        GET h
        SWAPDB 0 16
        SWAPDB x 1
        SWAPDB 1 x
        SELECT 0
        GET h
        KEYS h*
        SET k:1 a
        KEYS k:?
        KEYS k:[0-9]
        KEYS k:[^1]
        FLUSHDB
        SET only 1
        RANDOMKEY
        FLUSHDB
        DBSIZE
        RANDOMKEY
        SCAN 0
        SCAN x
        FLUSHDB FOO
        FLUSHALL SYNC
        SELECT 3
        DBSIZE
        """);
  }

  @Test
  void scanCursors() throws Exception {
    script("""
        SCAN -1
        SCAN +0
        SCAN -0
        SCAN 18446744073709551615
        SCAN 9223372036854775808 COUNT 5
        SCAN -18446744073709551615
        SCAN 18446744073709551616
        SCAN -18446744073709551616
        SCAN +
        SCAN -
        SCAN 0x0
        SCAN 1e3
        SCAN 18446744073709551616 COUNT 0
        SCAN -1 COUNT 0
        SSCAN nope -1
        ZSCAN nope 18446744073709551615
        ZSCAN nope 18446744073709551616
        SET only 1
        SCAN +0
        SCAN 00
        """);
    same("SCAN", "");
    same("SCAN", " 0");
    same("SCAN", "0 ");
  }

  /** As the README says: KEYS lists what Redis lists, in SCAN's order (a hash's), not sorted. */
  @Test
  void keysListsRedisKeysInScanOrder() throws Exception {
    List<String> mset = new ArrayList<>(List.of("MSET"));
    for (int i = 0; i < 20; i++) {
      mset.add("key" + i);
      mset.add("v");
    }
    same(mset.toArray(String[]::new));
    RespTree ourKeys = RespTree.parse(mine.call(List.of("KEYS", "*")));
    assertThat(ourKeys.multiset(1))
        .isEqualTo(RespTree.parse(theirs.call(List.of("KEYS", "*"))).multiset(1));
    RespTree scan = RespTree.parse(mine.call(List.of("SCAN", "0", "COUNT", "100")));
    assertThat(scan.children().get(1).children()).isEqualTo(ourKeys.children());
    List<String> names = ourKeys.children().stream().map(RespTree::bulk).toList();
    assertThat(names).isNotEqualTo(names.stream().sorted().toList());
  }

  @Test
  void expiry() throws Exception {
    script("""
        SET a 1
        TTL a
        PTTL a
        EXPIRETIME a
        TTL nope
        PTTL nope
        EXPIRETIME nope
        PEXPIRETIME nope
        EXPIRE a 100
        TTL a
        EXPIRE a 200 NX
        EXPIRE a 200 XX
        TTL a
        EXPIRE a 100 GT
        EXPIRE a 300 GT
        TTL a
        EXPIRE a 400 LT
        EXPIRE a 50 LT
        TTL a
        EXPIRE a 10 NX XX
        EXPIRE a 10 GT LT
        EXPIRE a 10 FOO
        EXPIRE a x
        PERSIST a
        PERSIST a
        TTL a
        EXPIRE a 10 GT
        EXPIRE a 10 LT
        TTL a
        EXPIREAT a 4102444800
        EXPIRETIME a
        PEXPIRETIME a
        PEXPIREAT a 4102444800123
        PEXPIRETIME a
        EXPIRE nope 10
        EXPIRE a -1
        EXISTS a
        SET b 1
        EXPIREAT b 1
        GET b
        SET c 1
        EXPIRE c 9223372036854775807
        """);
  }

  @Test
  void expiryOptionsBeforeNumberAndLimits() throws Exception {
    script("""
        SET a 1
        EXPIRE a x FOO
        EXPIRE a x NX XX
        EXPIRE a x GT LT
        EXPIRE nope x FOO
        PEXPIRE a x LT GT
        EXPIREAT a x XX NX
        PEXPIREAT a x BAR
        EXPIRE a -9223372036854775808
        EXPIREAT a -9223372036854775808
        EXPIRE a -9223372036854775809
        EXPIRE nope -9223372036854775808
        EXPIRE a -9223372036854776
        EXPIRE a 9223372036854775
        EXPIREAT a 9223372036854776
        PEXPIRE a 9223372036854775807
        EXPIRE a -9223372036854775
        EXISTS a
        SET a 1
        PEXPIRE a -9223372036854775808
        EXISTS a
        SET a 1
        PEXPIREAT a -9223372036854775808
        EXISTS a
        SET a 1
        EXPIREAT a 9223372036854775
        EXPIRETIME a
        PEXPIREAT a 9223372036854775807
        PEXPIRETIME a
        PEXPIRE a 100000
        TTL a
        PEXPIRE a 200000 NX
        PEXPIRE a 200000 XX
        TTL a
        PEXPIRE a 100000 GT
        PEXPIRE a 300000 gt
        TTL a
        PEXPIRE a 50000 LT LT
        TTL a
        PEXPIRE a 0
        EXISTS a
        PEXPIRE nope 100
        PEXPIRE a
        """);
  }

  @Test
  void connection() throws Exception {
    script("""
        PING
        PING hello
        PING a b
        ECHO hi
        ECHO
        SELECT 1
        CLIENT SETNAME me
        CLIENT GETNAME
        CLIENT SETNAME "a b"
        CLIENT FOO
        FOO
        FOO a b
        HELLO 4
        HELLO x
        """);
  }

  @Test
  void resp3() throws Exception {
    List<String> hello = List.of("HELLO", "3");
    assertThat(mine.call(hello)).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
    theirs.call(hello);
    script("""
        GET nope
        SET a 1
        MGET a nope
        INCRBYFLOAT f 1.5
        TTL a
        """);
    mine.call(List.of("HELLO", "2"));
    theirs.call(List.of("HELLO", "2"));
    same("GET", "nope");
  }

  @Test
  void randomCommands() throws Exception {
    Random r = new Random(42);
    String[] keys = {"a", "b", "c", "d"};
    String[] values = {"1", "-7", "0", "x", "3.5", "", "9223372036854775807", "abc", "10"};
    String[][] shapes = {
        {"GET", "k"}, {"SET", "k", "v"}, {"SET", "k", "v", "NX"}, {"SET", "k", "v", "XX", "GET"},
        {"SET", "k", "v", "EX", "v"}, {"SET", "k", "v", "KEEPTTL"}, {"INCR", "k"},
        {"INCRBY", "k", "v"}, {"DECRBY", "k", "v"}, {"APPEND", "k", "v"}, {"STRLEN", "k"},
        {"DEL", "k", "k"}, {"EXISTS", "k", "k"}, {"TYPE", "k"}, {"GETSET", "k", "v"},
        {"GETDEL", "k"}, {"MGET", "k", "k", "k"}, {"MSET", "k", "v", "k", "v"},
        {"MSETNX", "k", "v", "k", "v"}, {"SETNX", "k", "v"}, {"GETRANGE", "k", "v", "v"},
        {"SETRANGE", "k", "v", "v"}, {"RENAME", "k", "k"}, {"RENAMENX", "k", "k"},
        {"COPY", "k", "k"}, {"EXPIRE", "k", "v"}, {"PERSIST", "k"}, {"TTL", "k"},
        {"DBSIZE"}, {"GETEX", "k", "PERSIST"}, {"SETEX", "k", "v", "v"},
    };
    for (int i = 0; i < 3000; i++) {
      String[] shape = shapes[r.nextInt(shapes.length)];
      List<String> cmd = new ArrayList<>();
      cmd.add(shape[0]);
      for (int j = 1; j < shape.length; j++) {
        switch (shape[j]) {
          case "k" -> cmd.add(keys[r.nextInt(keys.length)]);
          case "v" -> cmd.add(values[r.nextInt(values.length)]);
          default -> cmd.add(shape[j]);
        }
      }
      if (r.nextInt(30) == 0) {
        cmd.remove(cmd.size() - 1);
      }
      same(cmd.toArray(String[]::new));
    }
  }
}
