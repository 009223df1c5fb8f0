package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list and sorted-set commands against a real Redis 7: scripted cases for every command (wrong
 * types, bad arity, bad numbers and bounds, RESP3 replies) and a long random sequence mixing
 * strings, lists and sorted sets; every reply byte-identical.
 */
class ListZsetDifferentialTest {

  private RedisPair pair;
  private RespConnection theirs;
  private RespConnection mine;

  @BeforeEach
  void start() throws Exception {
    pair = new RedisPair(new RedisDifferentialTest.LocalExecutor());
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
  void pushPopAndIndex() throws Exception {
    script("""
        SET s x
        LPUSH l a b c
        RPUSH l d e
        LRANGE l 0 -1
        LPUSHX nope a
        RPUSHX nope a
        LPUSHX l z
        RPUSHX l y
        LPUSHX s a
        LPUSH s a
        RPUSH s a
        LPUSH l
        LLEN l
        LLEN nope
        LLEN s
        LPOP l
        RPOP l
        LPOP l 2
        RPOP l 2
        LPOP l 0
        LPOP l -1
        LPOP l x
        LPOP l 1 2
        LPOP nope
        LPOP nope 0
        LPOP nope 3
        LPOP s
        LPOP s 1
        LPOP s x
        RPOP l 100
        EXISTS l
        TYPE l
        RPUSH l a b c d e f
        TYPE l
        LINDEX l 0
        LINDEX l -1
        LINDEX l 6
        LINDEX l -7
        LINDEX l x
        LINDEX nope x
        LINDEX s 0
        LINDEX l 9223372036854775807
        LSET l 0 A
        LSET l -1 F
        LSET l 6 x
        LSET l x y
        LSET nope 0 x
        LSET s 0 x
        LRANGE l 1 3
        LRANGE l -3 -1
        LRANGE l 3 1
        LRANGE l -100 100
        LRANGE l 6 10
        LRANGE l x 1
        LRANGE nope 0 -1
        LRANGE s 0 -1
        LRANGE l 0 -9223372036854775808
        LTRIM l 1 -2
        LRANGE l 0 -1
        LTRIM l -100 100
        LTRIM l x 1
        LTRIM s 0 1
        LTRIM nope 0 1
        LTRIM l 5 1
        EXISTS l
        """);
  }

  @Test
  void searchesAndMoves() throws Exception {
    script("""
        SET s x
        RPUSH l a b a c a d
        LINSERT l BEFORE a X
        LINSERT l AFTER d Y
        LINSERT l after nope Z
        LINSERT l MIDDLE a Z
        LINSERT nope BEFORE a Z
        LINSERT nope FOO a Z
        LINSERT s BEFORE a Z
        LINSERT l BEFORE a
        LRANGE l 0 -1
        LREM l 1 a
        LREM l -1 a
        LREM l 0 nope
        LRANGE l 0 -1
        LREM l 0 a
        LREM l x a
        LREM nope 1 a
        LREM s 1 a
        RPUSH m a b a c a d a
        LPOS m a
        LPOS m a RANK 2
        LPOS m a RANK -1
        LPOS m a RANK -2 COUNT 2
        LPOS m a COUNT 0
        LPOS m a COUNT 2 MAXLEN 3
        LPOS m a RANK 2 MAXLEN 2
        LPOS m a RANK -1 MAXLEN 1
        LPOS m q
        LPOS m q COUNT 3
        LPOS m a RANK 0
        LPOS m a COUNT -1
        LPOS m a MAXLEN -1
        LPOS m a RANK x
        LPOS m a RANK
        LPOS m a FOO 1
        LPOS m a RANK 9223372036854775807
        LPOS m a RANK -9223372036854775808
        LPOS nope a
        LPOS nope a COUNT 1
        LPOS nope a RANK 0
        LPOS s a
        LPOS m
        LMOVE m n LEFT RIGHT
        LMOVE m n RIGHT LEFT
        LMOVE m n left left
        LMOVE m m LEFT RIGHT
        LMOVE m n UP LEFT
        LMOVE m n LEFT DOWN
        LMOVE nope n LEFT LEFT
        LMOVE m s LEFT LEFT
        LMOVE s m LEFT LEFT
        LMOVE m n LEFT
        LRANGE m 0 -1
        LRANGE n 0 -1
        RPOPLPUSH m n
        RPOPLPUSH nope n
        RPOPLPUSH m s
        RPOPLPUSH s m
        RPOPLPUSH m
        RPUSH one x
        LMOVE one one LEFT RIGHT
        LMOVE one other RIGHT LEFT
        EXISTS one
        LRANGE other 0 -1
        RPOPLPUSH other other
        LRANGE other 0 -1
        """);
  }

  @Test
  void listsKeepTheirExpiryAndTypeChecks() throws Exception {
    script("""
        RPUSH l a b c
        EXPIRE l 1000
        LPUSH l z
        LSET l 0 y
        TTL l
        GET l
        SET l v
        TYPE l
        RPUSH l a
        APPEND l x
        INCR l
        RPUSH k a b
        COPY k k2
        RPUSH k2 c
        LRANGE k 0 -1
        LRANGE k2 0 -1
        RENAME k k3
        LRANGE k3 0 -1
        MGET k3 l
        STRLEN k3
        GETRANGE k3 0 1
        DEL k2
        SCAN 0 TYPE list
        SCAN 0 TYPE string
        SCAN 0 TYPE zset
        """);
  }

  @Test
  void addScoresAndRanks() throws Exception {
    script("""
        SET s x
        ZADD z 1 a 2 b 3 c
        ZADD z
        ZADD z 1
        ZADD z 1 a 2
        ZADD z NX
        ZADD z NX 1
        ZADD z NX XX 1 a
        ZADD z GT LT 1 a
        ZADD z NX GT 1 a
        ZADD z NX LT 1 a
        ZADD z XX GT 1 nope
        ZADD z INCR 1 a 2 b
        ZADD z x a
        ZADD z nan a
        ZADD z 1e400 a
        ZADD z 1e-400 a
        ZADD z 0x10 hex
        ZADD z .5 half
        ZADD z 5. five
        ZADD z +inf top
        ZADD z -infinity bottom
        ZADD z -0 zero
        ZADD z 1.5e bad
        ZADD z FOO 1 a
        ZADD s 1 a
        ZADD s x a
        ZADD z CH 1 a 5 b 4 d
        ZADD z GT CH 0 a 9 b
        ZADD z LT CH 0 a 10 b
        ZADD z XX 1 new
        ZADD z NX 100 a
        ZADD z XX INCR 1 new
        ZADD z NX INCR 1 a
        ZADD z GT INCR -1 a
        ZADD z LT INCR -1 a
        ZADD z INCR 0.1 a
        ZADD z INCR inf top
        ZADD z INCR -inf top
        ZADD nz XX 1 a
        ZADD nz XX INCR 1 a
        EXISTS nz
        ZINCRBY z 1 a
        ZINCRBY z x a
        ZINCRBY z nan a
        ZINCRBY z -inf top
        ZINCRBY z 2.5 fresh
        ZINCRBY s 1 a
        ZINCRBY z 1
        ZINCRBY new 1e308 a
        ZINCRBY new 1e308 a
        ZSCORE z a
        ZSCORE z zero
        ZSCORE z top
        ZSCORE z nope
        ZSCORE nope a
        ZSCORE s a
        ZMSCORE z a nope top
        ZMSCORE nope a b
        ZMSCORE s a
        ZMSCORE z
        ZCARD z
        ZCARD nope
        ZCARD s
        ZRANK z a
        ZRANK z nope
        ZRANK nope a
        ZRANK s a
        ZRANK z a WITHSCORE
        ZREVRANK z a
        ZREVRANK z top
        ZRANGE z 0 -1 WITHSCORES
        ZREM z a nope hex
        ZREM nope a
        ZREM s a
        ZREM z
        ZADD t 1 a
        ZREM t a
        EXISTS t
        TYPE z
        """);
  }

  @Test
  void ranges() throws Exception {
    script("""
        SET s x
        ZADD z 1 a 1 ab 2 b 3 c 3 d 0.1 e -5 f
        ZRANGE z 0 -1
        ZRANGE z 0 -1 WITHSCORES
        ZRANGE z 2 4 WITHSCORES
        ZRANGE z -2 -1
        ZRANGE z 5 1
        ZRANGE z -100 100
        ZRANGE z 0 -1 REV WITHSCORES
        ZRANGE z 0 1 REV REV
        ZRANGE z x 1
        ZRANGE s x 1
        ZRANGE nope x 1
        ZRANGE s 0 1
        ZRANGE nope 0 1
        ZRANGE z 0 1 LIMIT 0 1
        ZRANGE z 0 1 LIMIT 0 -1
        ZRANGE z 0 1 BYSCORE BYLEX
        ZRANGE z 0 1 FOO
        ZRANGE z (1 3 BYSCORE WITHSCORES
        ZRANGE z 3 (1 BYSCORE REV WITHSCORES
        ZRANGE z -inf +inf BYSCORE LIMIT 1 3
        ZRANGE z +inf -inf BYSCORE REV LIMIT 1 3 WITHSCORES
        ZRANGE z - + BYSCORE
        ZRANGE z 0 1 BYLEX
        ZRANGE z - + BYLEX WITHSCORES
        ZRANGEBYSCORE z -inf +inf
        ZRANGEBYSCORE z -inf +inf WITHSCORES
        ZRANGEBYSCORE z (1 (3
        ZRANGEBYSCORE z 1 1
        ZRANGEBYSCORE z (1 (1
        ZRANGEBYSCORE z 3 1
        ZRANGEBYSCORE z x 1
        ZRANGEBYSCORE z 1 x
        ZRANGEBYSCORE z 1e400 +inf
        ZRANGEBYSCORE z 0x1p-2 +inf
        ZRANGEBYSCORE z -inf +inf LIMIT 2 2
        ZRANGEBYSCORE z -inf +inf LIMIT -1 2
        ZRANGEBYSCORE z -inf +inf LIMIT 1 -5
        ZRANGEBYSCORE z -inf +inf LIMIT 1 0
        ZRANGEBYSCORE z -inf +inf LIMIT x 1
        ZRANGEBYSCORE z -inf +inf LIMIT 0
        ZRANGEBYSCORE z -inf +inf LIMIT 0 1 LIMIT 1 1
        ZRANGEBYSCORE z -inf +inf LIMIT 9223372036854775807 1
        ZRANGEBYSCORE z -inf +inf REV
        ZRANGEBYSCORE z -inf +inf WITHSCORES FOO
        ZRANGEBYSCORE s 0 1
        ZRANGEBYSCORE s x 1
        ZRANGEBYSCORE nope 0 1
        ZREVRANGEBYSCORE z +inf -inf WITHSCORES
        ZREVRANGEBYSCORE z (3 (1
        ZREVRANGEBYSCORE z 3 1 LIMIT 1 2 WITHSCORES
        ZREVRANGEBYSCORE z 1 3
        ZREVRANGE z 0 2 WITHSCORES
        ZREVRANGE z 0 1 BYSCORE
        ZREVRANGE z -1 -1
        ZCOUNT z -inf +inf
        ZCOUNT z (1 3
        ZCOUNT z (1 (1
        ZCOUNT z 5 1
        ZCOUNT z x 1
        ZCOUNT s x 1
        ZCOUNT s 0 1
        ZCOUNT nope 0 1
        ZRANGESTORE d z 0 2
        ZRANGE d 0 -1 WITHSCORES
        ZRANGESTORE d z (1 +inf BYSCORE LIMIT 0 2
        ZRANGE d 0 -1 WITHSCORES
        ZRANGESTORE d z 0 1 WITHSCORES
        ZRANGESTORE d s 0 1
        ZRANGESTORE s z 0 1
        TYPE s
        ZRANGESTORE d nope 0 1
        EXISTS d
        ZRANGESTORE d z 5 1
        ZRANGESTORE d z
        """);
  }

  @Test
  void lexRanges() throws Exception {
    script("""
        SET s x
        ZADD l 0 a 0 b 0 c 0 d 0 e 0 ab 0 ba
        ZRANGEBYLEX l - +
        ZRANGEBYLEX l [b +
        ZRANGEBYLEX l (b +
        ZRANGEBYLEX l - (c
        ZRANGEBYLEX l [a [b
        ZRANGEBYLEX l (a (b
        ZRANGEBYLEX l [c [a
        ZRANGEBYLEX l + -
        ZRANGEBYLEX l + +
        ZRANGEBYLEX l - -
        ZRANGEBYLEX l [b [b
        ZRANGEBYLEX l (b [b
        ZRANGEBYLEX l - + LIMIT 1 2
        ZRANGEBYLEX l - + LIMIT -1 2
        ZRANGEBYLEX l - + LIMIT 2 -1
        ZRANGEBYLEX l - + WITHSCORES
        ZRANGEBYLEX l a +
        ZRANGEBYLEX l [a x
        ZRANGEBYLEX s - +
        ZRANGEBYLEX s a +
        ZRANGEBYLEX nope - +
        ZREVRANGEBYLEX l + -
        ZREVRANGEBYLEX l (c [a
        ZREVRANGEBYLEX l + - LIMIT 1 2
        ZRANGE l [b (d BYLEX
        ZRANGE l (d [b BYLEX REV
        ZRANGE l + - BYLEX REV LIMIT 1 3
        ZLEXCOUNT l - +
        ZLEXCOUNT l [b (d
        ZLEXCOUNT l a +
        ZLEXCOUNT l [a (
        ZLEXCOUNT s - +
        ZLEXCOUNT s a +
        ZLEXCOUNT nope - +
        ZREMRANGEBYLEX l [b (c
        ZRANGE l 0 -1
        ZREMRANGEBYLEX l x +
        ZREMRANGEBYLEX s - +
        ZREMRANGEBYLEX nope - +
        ZREMRANGEBYLEX l - +
        EXISTS l
        ZADD m 1 a 2 b 0 c 3 d 1 e
        ZRANGEBYLEX m [b +
        ZRANGEBYLEX m - [c
        ZREVRANGEBYLEX m [d -
        ZLEXCOUNT m [b [e
        """);
  }

  @Test
  void removalsPopsAndScans() throws Exception {
    script("""
        SET s x
        ZADD z 1 a 2 b 3 c 4 d 5 e 6 f
        ZREMRANGEBYSCORE z (1 2
        ZREMRANGEBYSCORE z x 1
        ZREMRANGEBYSCORE s x 1
        ZREMRANGEBYSCORE s 0 1
        ZREMRANGEBYSCORE nope 0 1
        ZREMRANGEBYRANK z -1 -1
        ZREMRANGEBYRANK z x 1
        ZREMRANGEBYRANK z 5 1
        ZREMRANGEBYRANK s 0 1
        ZRANGE z 0 -1 WITHSCORES
        ZPOPMIN z
        ZPOPMAX z
        ZPOPMIN z 0
        ZPOPMIN z -1
        ZPOPMIN z x
        ZPOPMIN z 1 2
        ZPOPMAX z 5
        EXISTS z
        ZPOPMIN nope
        ZPOPMIN nope 2
        ZPOPMAX s
        ZPOPMAX s x
        ZADD w 1 a 2 b 3 c 1 ab 0.5 x
        ZSCAN w 0
        ZSCAN w 0 MATCH a*
        ZSCAN w 0 COUNT 1
        ZSCAN w 5
        ZSCAN w -1
        ZSCAN w +3
        ZSCAN w 18446744073709551615
        ZSCAN w 18446744073709551616
        ZSCAN w x
        ZSCAN w 0 COUNT 0
        ZSCAN w 0 COUNT x
        ZSCAN w 0 MATCH
        ZSCAN w 0 FOO bar
        ZSCAN w 0 TYPE zset
        ZSCAN s 0
        ZSCAN s x
        ZSCAN nope 0
        ZSCAN nope 0 FOO
        ZSCAN w
        """);
  }

  @Test
  void zsetsAcrossKeyCommands() throws Exception {
    script("""
        ZADD z 1 a 2 b
        EXPIRE z 1000
        ZADD z 3 c
        ZINCRBY z 1 a
        TTL z
        COPY z z2
        ZADD z2 9 q
        ZCARD z
        ZCARD z2
        RENAME z2 z3
        ZRANGE z3 0 -1 WITHSCORES
        GET z
        SET z v
        TYPE z
        ZADD z 1 a
        INCR z3
        DEL z
        SCAN 0 TYPE zset
        SCAN 0 TYPE list
        """);
  }

  @Test
  void blockingCommandsFailAtOnce() throws Exception {
    script("""
        BLPOP l
        BRPOP l
        BLMOVE a b LEFT RIGHT
        BRPOPLPUSH a b
        BLMPOP 0 1
        BZPOPMIN z
        BZPOPMAX z
        BZMPOP 0 1
        """);
    for (String cmd : List.of("BLPOP l 0", "BRPOP l 0", "BLMOVE a b LEFT RIGHT 0",
        "BRPOPLPUSH a b 0", "BLMPOP 0 1 l LEFT", "BZPOPMIN z 0", "BZPOPMAX z 0",
        "BZMPOP 0 1 z MIN")) {
      String name = cmd.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
      assertThat(mine.call(Arrays.asList(cmd.split(" ")))).isEqualTo("-ERR '" + name
          + "' is not supported by this server (blocking commands, scripting, pub/sub and"
          + " streams are not replicated here)\r\n");
    }
  }

  @Test
  void binaryAndEmptyArguments() throws Exception {
    same("RPUSH", "bin", "", "\u0000\u00ff", "a b");
    same("LRANGE", "bin", "0", "-1");
    same("LPOS", "bin", "");
    same("ZADD", "zb", "1", "", "1", "\u00ff", "1", "\u0001", "2", "a\u0000b");
    same("ZRANGE", "zb", "0", "-1", "WITHSCORES");
    same("ZRANGEBYLEX", "zb", "[\u0001", "+");
    same("ZCOUNT", "zb", "", "+inf");
    same("ZCOUNT", "zb", "(", "+inf");
    same("ZCOUNT", "zb", " 1", "+inf");
    same("ZCOUNT", "zb", "1 ", "+inf");
    same("ZCOUNT", "zb", "1\u0000x", "+inf");
    same("ZADD", "zb", " 1", "m");
    same("ZADD", "zb", "1\u0000", "m");
    same("ZADD", "zb", "", "m");
    same("ZADD", "zb", "0x", "m");
    same("ZADD", "zb", "0x1.8p1", "m");
    same("ZADD", "zb", "4.9e-324", "tiny");
    same("ZSCAN", "zb", "");
    same("ZLEXCOUNT", "zb", "", "+");
  }

  @Test
  void doublesAsRedisWritesThem() throws Exception {
    for (String score : List.of("0.1", "1e20", "1e17", "1e16", "123456789012345678", "1e-5",
        "0.0001", "1.5", "-2.25", "3.0", "1e308", "-1e-320", "2.5e-310", "100", "1e15",
        "0.30000000000000004", "33.33333333333333333", "-0.0", "7e-5", "12345.678e10")) {
      same("ZADD", "d", score, "m");
      same("ZSCORE", "d", "m");
      same("ZINCRBY", "d", "0.1", "m");
    }
  }

  @Test
  void resp3Replies() throws Exception {
    assertThat(mine.call(List.of("HELLO", "3"))).startsWith("%7");
    theirs.call(List.of("HELLO", "3"));
    script("""
        ZADD z 1 a 2.5 b inf c
        ZSCORE z b
        ZSCORE z c
        ZSCORE z nope
        ZMSCORE z a nope
        ZRANGE z 0 -1 WITHSCORES
        ZRANGE z 0 -1
        ZRANGEBYSCORE z -inf +inf WITHSCORES
        ZREVRANGE z 0 1 WITHSCORES
        ZINCRBY z 1 a
        ZADD z INCR 1 a
        ZADD z NX INCR 1 a
        ZPOPMIN z
        ZPOPMIN z 2
        ZPOPMIN nope
        ZPOPMIN nope 2
        ZSCAN z 0
        RPUSH l a b c
        LPOP l 2
        LPOP l 0
        LPOP nope 2
        LPOP nope
        LPOS l q
        LINDEX l 5
        """);
  }

  @Test
  void randomCommands() throws Exception {
    random(7, 4000);
  }

  @Test
  void randomCommandsInResp3() throws Exception {
    mine.call(List.of("HELLO", "3"));
    theirs.call(List.of("HELLO", "3"));
    random(8, 2000);
  }

  private void random(long seed, int commands) throws Exception {
    Random r = new Random(seed);
    String[][] shapes = RandomShapes.SHAPES;
    for (int i = 0; i < commands; i++) {
      String[] shape = shapes[r.nextInt(shapes.length)];
      List<String> cmd = new ArrayList<>();
      for (String part : shape) {
        cmd.add(RandomShapes.fill(part, r));
      }
      if (r.nextInt(40) == 0) {
        cmd.remove(cmd.size() - 1);
      }
      same(cmd.toArray(String[]::new));
    }
  }

  @Test
  void largeListsAndSortedSets() throws Exception {
    for (int i = 0; i < 300; i++) {
      same(i % 2 == 0 ? "RPUSH" : "LPUSH", "big", "e" + (i % 17));
      same("ZADD", "bz", Integer.toString(i % 11 - 5), "m" + i);
    }
    script("""
        LLEN big
        LINDEX big 150
        LRANGE big 140 160
        LPOS big e3 RANK -3 COUNT 4
        LPOS big e5 COUNT 0 MAXLEN 100
        LREM big 5 e1
        LREM big -5 e2
        LINSERT big BEFORE e4 new
        LSET big -10 set
        LTRIM big 10 -10
        LRANGE big 0 20
        LMOVE big big RIGHT LEFT
        RPOP big 30
        LPOP big 30
        LRANGE big 0 -1
        ZCARD bz
        ZADD bz -0 negzero
        ZSCORE bz negzero
        ZINCRBY bz -0 negzero
        ZADD bz INCR -0 m5
        ZRANGE bz 100 120 WITHSCORES
        ZRANGE bz -5 0 BYSCORE LIMIT 10 10 WITHSCORES
        ZREVRANGE bz 0 9 WITHSCORES
        ZRANK bz m100
        ZREVRANK bz m100
        ZCOUNT bz (-2 2
        ZRANGESTORE small bz -1 0 BYSCORE LIMIT 0 200
        ZRANGE small 0 -1 WITHSCORES
        ZRANGESTORE small2 bz 0 0 BYSCORE
        ZSCORE small2 negzero
        ZREMRANGEBYSCORE bz (3 +inf
        ZREMRANGEBYRANK bz 0 50
        ZPOPMIN bz 5
        ZPOPMAX bz 5
        ZRANGE bz 0 -1 WITHSCORES
        """);
  }

  @Test
  void stringCommandsOnListsAndSortedSets() throws Exception {
    same("RPUSH", "l", "1");
    same("ZADD", "z", "1", "a");
    for (String key : List.of("l", "z")) {
      assertThat(mine.call(List.of("CAS", key, "1", "2")))
          .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
      for (String cmd : List.of("GET k", "GETSET k v", "GETDEL k", "GETEX k", "APPEND k v",
          "STRLEN k", "GETRANGE k 0 1", "SETRANGE k 0 v", "INCR k", "DECR k", "INCRBY k 2",
          "DECRBY k 2", "INCRBYFLOAT k 1", "SETNX k v", "MSETNX k v", "MGET k",
          "LPUSH k v", "RPUSHX k v", "LLEN k", "LPOP k", "LRANGE k 0 1", "ZADD k 1 a",
          "ZSCORE k a", "ZRANGE k 0 1", "ZCARD k", "ZPOPMIN k", "EXISTS k", "TYPE k",
          "EXPIRE k 100", "PERSIST k", "RENAMENX k other", "COPY k other")) {
        same(cmd.replace("k", key).split(" "));
      }
    }
    script("""
        SET l v
        TYPE l
        SET z v EX 100
        TYPE z
        """);
  }
}
