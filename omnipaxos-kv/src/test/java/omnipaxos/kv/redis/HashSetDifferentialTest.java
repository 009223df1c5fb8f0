package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hash and set commands against a real Redis 7.0: byte-identical replies where Redis's order
 * is defined (hashes it keeps as listpacks, sets it keeps as intsets, unions and differences of
 * integers), and where it is not (larger hashes, sets with other members, intersections led by
 * such a set) the replies compared as multisets. Random picks (SPOP, SRANDMEMBER, HRANDFIELD)
 * come from the log position here and from Redis's own generator there, so only their reply type,
 * their size, that each pick is an element (distinct when the count is positive) and whole
 * answers (a count as large as the collection) are compared.
 */
class HashSetDifferentialTest {

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

  /** The replies as multisets of groups of {@code group} elements (a scan: of its items). */
  private void unordered(int group, List<String> args) throws Exception {
    RespTree a = RespTree.parse(mine.call(args));
    RespTree b = RespTree.parse(theirs.call(args));
    String what = String.join(" ", args);
    boolean scan = args.get(0).toUpperCase().endsWith("SCAN");
    if (scan && b.children().size() == 2) {
      assertThat(a.children().get(0).text()).as(what).isEqualTo(b.children().get(0).text());
      a = a.children().get(1);
      b = b.children().get(1);
    }
    assertThat(a.header()).as(what).isEqualTo(b.header());
    assertThat(a.multiset(group)).as(what).isEqualTo(b.multiset(group));
  }

  private void unordered(int group, String... command) throws Exception {
    unordered(group, Arrays.asList(command));
  }

  /** The elements at {@code key}: a hash's fields (or field-value texts), a set's members. */
  private Set<String> elements(String key, boolean hash, boolean pairs) throws Exception {
    String command = pairs ? "HGETALL" : hash ? "HKEYS" : "SMEMBERS";
    RespTree t = RespTree.parse(theirs.call(List.of(command, key)));
    Set<String> out = new HashSet<>();
    for (int i = 0; i < t.children().size(); i += pairs ? 2 : 1) {
      out.add(t.children().get(i).text() + (pairs ? t.children().get(i + 1).text() : ""));
    }
    return out;
  }

  /**
   * A random pick from the collection at args[1] (WITHVALUES: field-value pairs): the same reply
   * type and size, each pick an element, distinct for a positive count; the whole collection
   * compared as a multiset when the count covers it. Returns whether both took all of it.
   */
  private boolean picked(List<String> args) throws Exception {
    boolean pairs = args.size() == 4 && args.get(3).equalsIgnoreCase("WITHVALUES");
    boolean hash = args.get(0).equalsIgnoreCase("HRANDFIELD");
    Keyed keyed = keyed(args.get(1));
    Set<String> valid = keyed.hash == hash ? elements(args.get(1), hash, pairs) : Set.of();
    String what = String.join(" ", args);
    RespTree a = RespTree.parse(mine.call(args));
    RespTree b = RespTree.parse(theirs.call(args));
    assertThat(a.header().charAt(0)).as(what).isEqualTo(b.header().charAt(0));
    if (a.header().startsWith("-") || a.header().startsWith("_") || a.header().equals("$-1")) {
      assertThat(a.text()).as(what).isEqualTo(b.text());
      return true;
    }
    List<String> mineItems = items(a, pairs);
    assertThat(mineItems).as(what).hasSameSizeAs(items(b, pairs));
    if (a.header().startsWith("$")) {
      assertThat(valid).as(what).contains(a.text());
      return valid.size() == 1;
    }
    assertThat(valid).as(what).containsAll(mineItems);
    boolean positive = !args.get(2).startsWith("-");
    if (positive) {
      assertThat(new HashSet<>(mineItems)).as(what).hasSameSizeAs(mineItems);
    }
    boolean whole = positive && mineItems.size() == valid.size();
    if (whole) {
      assertThat(new HashSet<>(mineItems)).as(what).isEqualTo(new HashSet<>(items(b, pairs)));
    }
    return whole;
  }

  private static List<String> items(RespTree t, boolean pairs) {
    List<String> out = new ArrayList<>();
    List<RespTree> c = t.children();
    for (int i = 0; i < c.size(); i++) {
      if (pairs && c.get(i).header().equals("*2")) {
        out.add(c.get(i).children().get(0).text() + c.get(i).children().get(1).text());
      } else if (pairs) {
        out.add(c.get(i).text() + c.get(++i).text());
      } else {
        out.add(c.get(i).text());
      }
    }
    return out;
  }

  /** What Redis holds at a key: whether a hash, and whether in a compact encoding. */
  private record Keyed(boolean hash, boolean compact) {}

  private Keyed keyed(String key) throws Exception {
    String enc = theirs.call(List.of("OBJECT", "ENCODING", key));
    String type = theirs.call(List.of("TYPE", key));
    return new Keyed(type.contains("hash"), !enc.contains("hashtable"));
  }

  private void hello3() throws Exception {
    mine.call(List.of("HELLO", "3"));
    theirs.call(List.of("HELLO", "3"));
  }

  @Test
  void hashes() throws Exception {
    script("""
        HSET h a 1 b 2 c 3
        HSET h b 20 d 4
        HGETALL h
        HKEYS h
        HVALS h
        HLEN h
        HGET h b
        HGET h zz
        HGET nope a
        HMGET h a zz d
        HMGET nope a b
        HMSET h e 5 a 10
        HGETALL h
        HSETNX h a 99
        HSETNX h f 6
        HEXISTS h f
        HEXISTS h zz
        HEXISTS nope a
        HSTRLEN h b
        HSTRLEN h zz
        HSTRLEN nope a
        HDEL h a zz
        HDEL h a
        HDEL nope a
        HGETALL h
        HDEL h b c d e f
        EXISTS h
        TYPE h
        HGETALL nope
        HKEYS nope
        HVALS nope
        HLEN nope
        HSET h x 1
        TYPE h
        EXPIRE h 100
        HSET h y 2
        TTL h
        HDEL h x y
        TTL h
        """);
  }

  @Test
  void hashCounters() throws Exception {
    script("""
        HINCRBY h n 5
        HINCRBY h n -7
        HINCRBY h n x
        HINCRBY h n 1.5
        HSET h s abc f 1.5 big 9223372036854775807 small -9223372036854775808 z 010
        HINCRBY h s 1
        HINCRBY h f 1
        HINCRBY h z 1
        HINCRBY h big 1
        HINCRBY h big 0
        HINCRBY h small -1
        HINCRBY h small 9223372036854775807
        HINCRBY h new 9223372036854775808
        HINCRBYFLOAT h f 0.1
        HINCRBYFLOAT h f -1.6
        HINCRBYFLOAT h nf 2.5e2
        HINCRBYFLOAT h nf 1
        HINCRBYFLOAT h n 0.5
        HINCRBYFLOAT h s 1
        HINCRBYFLOAT h f abc
        HINCRBYFLOAT h f inf
        HINCRBYFLOAT h f -inf
        HINCRBYFLOAT h f nan
        HINCRBYFLOAT h f +inf
        HINCRBYFLOAT nope f inf
        HINCRBYFLOAT h z 1
        HGETALL h
        HINCRBY h
        HINCRBY h f
        HINCRBYFLOAT h f 1 2
        SET str v
        HINCRBY str f 1
        HINCRBYFLOAT str f 1
        HINCRBYFLOAT str f inf
        HINCRBY str f x
        """);
  }

  @Test
  void hashErrorsAndArity() throws Exception {
    script("""
        SET str v
        HSET str a 1
        HMSET str a 1
        HSETNX str a 1
        HGET str a
        HMGET str a
        HDEL str a
        HLEN str
        HKEYS str
        HVALS str
        HGETALL str
        HEXISTS str a
        HSTRLEN str a
        HRANDFIELD str
        HRANDFIELD str 2
        HSCAN str 0
        HSCAN str x
        HSET h a
        HSET h a 1 b
        HSET h
        HMSET h a
        HSETNX h a
        HGET h
        HMGET h
        HDEL h
        HLEN
        HLEN h h
        HGETALL
        HKEYS h h
        HVALS
        HEXISTS h
        HSTRLEN h
        HINCRBY
        HRANDFIELD
        HSCAN h
        HSET h a 1
        HRANDFIELD h x
        HRANDFIELD h 1 foo
        HRANDFIELD h 1 withvalues x
        HRANDFIELD h -9223372036854775808
        HRANDFIELD h -9223372036854775807 withvalues
        HRANDFIELD h 4611686018427387904 WITHVALUES
        HRANDFIELD h 0
        HRANDFIELD h 0 withvalues
        HRANDFIELD nope
        HRANDFIELD nope 3
        HRANDFIELD nope 3 withvalues
        HRANDFIELD nope x
        HRANDFIELD h 5
        HRANDFIELD h 5 WITHVALUES
        HRANDFIELD h -3
        HRANDFIELD h -2 withvalues
        HRANDFIELD h
        GET h
        INCR h
        APPEND h x
        STRLEN h
        GETRANGE h 0 1
        SETRANGE h 0 x
        GETSET h x
        GETDEL h
        INCRBYFLOAT h 1
        MGET h str
        SADD h x
        """);
  }

  @Test
  void hashScan() throws Exception {
    script("""
        HSET h a 1 b 2 ab 3 c 4
        HSCAN h 0
        HSCAN h 5
        HSCAN h 18446744073709551615
        HSCAN h -2
        HSCAN h +1
        HSCAN h 00
        HSCAN h 1.5
        HSCAN h x
        HSCAN h 18446744073709551616
        HSCAN h 0 MATCH a*
        HSCAN h 0 match *b count 1
        HSCAN h 0 COUNT 1
        HSCAN h 0 COUNT 0
        HSCAN h 0 COUNT -1
        HSCAN h 0 COUNT x
        HSCAN h 0 MATCH
        HSCAN h 0 TYPE string
        HSCAN h 0 FOO bar
        HSCAN nope 0
        HSCAN nope x
        HSCAN nope 0 COUNT 0
        """);
  }

  @Test
  void sets() throws Exception {
    script("""
        SADD s 3 1 2 1
        SMEMBERS s
        SADD s -5 10
        SMEMBERS s
        SCARD s
        SISMEMBER s 1
        SISMEMBER s 4
        SISMEMBER nope 1
        SMISMEMBER s 1 4 -5
        SMISMEMBER nope 1 2
        SREM s 1 4
        SREM nope 1
        SMEMBERS s
        SCARD nope
        SMEMBERS nope
        TYPE s
        SREM s 3 2 -5 10
        EXISTS s
        SADD s 007 -0 +1 1
        SCARD s
        SADD t 9223372036854775807 -9223372036854775808 0
        SMEMBERS t
        SADD u a
        TYPE u
        SMOVE t u 0
        SMOVE t u 0
        SMOVE nope u a
        SMOVE t t 0
        SMOVE t t 0
        SMOVE t t 9223372036854775807
        SMOVE t new 9223372036854775807
        SMEMBERS new
        SMOVE t new -9223372036854775808
        EXISTS t
        SMEMBERS new
        EXPIRE new 100
        SADD new 5
        TTL new
        SMOVE new fresh 5
        TTL fresh
        TTL new
        """);
    unordered(1, "SMEMBERS", "u");
  }

  @Test
  void setAlgebra() throws Exception {
    script("""
        SADD a 1 2 3 4 5
        SADD b 4 5 6 7
        SADD c 5 4 9
        SINTER a b
        SINTER a b c
        SINTER c a
        SINTER a nope
        SINTER nope a
        SINTER a
        SUNION a b
        SUNION b c nope
        SUNION nope
        SDIFF a b
        SDIFF a b c
        SDIFF b a
        SDIFF nope a
        SDIFF a nope
        SDIFF a a
        SINTERSTORE d a b
        SMEMBERS d
        SINTERSTORE d a nope
        EXISTS d
        SUNIONSTORE d a b c
        SMEMBERS d
        SDIFFSTORE d a b
        SMEMBERS d
        SDIFFSTORE d a a
        EXISTS d
        SET str v
        EXPIRE str 100
        SINTERSTORE str a b
        TYPE str
        TTL str
        SUNIONSTORE a a b
        SMEMBERS a
        SINTERCARD 2 a b
        SINTERCARD 3 a b c
        SINTERCARD 2 a b LIMIT 1
        SINTERCARD 2 a b LIMIT 0
        SINTERCARD 2 a b LIMIT 100
        SINTERCARD 1 nope
        SINTERCARD 2 a nope
        SINTERCARD 0 a
        SINTERCARD -1 a
        SINTERCARD x a
        SINTERCARD 3 a b
        SINTERCARD 1 a LIMIT -1
        SINTERCARD 1 a LIMIT x
        SINTERCARD 1 a FOO 1
        SINTERCARD 1 a LIMIT
        SINTERCARD 1 a LIMIT 1 LIMIT 2
        """);
  }

  @Test
  void setErrorsAndArity() throws Exception {
    script("""
        SET str v
        SADD s 1
        SADD str 1
        SREM str 1
        SMEMBERS str
        SISMEMBER str 1
        SMISMEMBER str 1
        SCARD str
        SMOVE str s 1
        SMOVE s str 1
        SMOVE nope str 1
        SINTER s str
        SINTER str nope
        SINTER nope str
        SUNION s str
        SDIFF s str
        SDIFF nope str
        SINTERSTORE d s str
        SUNIONSTORE d str
        SDIFFSTORE d s str
        SINTERCARD 2 s str
        SPOP str
        SPOP str 1
        SPOP str 0
        SRANDMEMBER str
        SRANDMEMBER str 2
        SSCAN str 0
        SSCAN str x
        SADD s
        SADD
        SREM s
        SMEMBERS
        SMEMBERS s s
        SISMEMBER s
        SMISMEMBER s
        SCARD
        SMOVE s t
        SINTER
        SUNION
        SDIFF
        SINTERSTORE d
        SUNIONSTORE d
        SDIFFSTORE d
        SINTERCARD 1
        SPOP
        SRANDMEMBER
        SSCAN s
        SPOP s -1
        SPOP s x
        SPOP s 1 2
        SPOP nope
        SPOP nope 2
        SPOP nope 0
        SPOP s 0
        SRANDMEMBER s x
        SRANDMEMBER s 1 2
        SRANDMEMBER s -9223372036854775808
        SRANDMEMBER nope
        SRANDMEMBER nope 2
        SRANDMEMBER nope -2
        SRANDMEMBER s 0
        SRANDMEMBER s 5
        SRANDMEMBER s -3
        SRANDMEMBER s
        SPOP s
        EXISTS s
        GET s
        HSET s a 1
        SADD h 1
        HGET s a
        """);
  }

  @Test
  void setScan() throws Exception {
    script("""
        SADD s 5 3 1 30
        SSCAN s 0
        SSCAN s 7
        SSCAN s 18446744073709551615
        SSCAN s 0 MATCH 3*
        SSCAN s 0 COUNT 1
        SSCAN s 0 COUNT 0
        SSCAN s 0 MATCH
        SSCAN s 0 TYPE set
        SSCAN s x
        SSCAN nope 0
        """);
  }

  @Test
  void typesAcrossKeyCommands() throws Exception {
    script("""
        HSET h a 1 b 2
        SADD s 1 2
        SET str v
        TYPE h
        TYPE s
        SCAN 0 TYPE hash
        SCAN 0 TYPE set
        SCAN 0 TYPE string
        RENAME h h2
        HGETALL h2
        COPY s s2
        SADD s2 3
        SMEMBERS s
        SMEMBERS s2
        COPY h2 h3
        HSET h3 c 3
        HGETALL h2
        HGETALL h3
        COPY h3 h4 DB 2
        SELECT 2
        HGETALL h4
        HSET h4 d 4
        SELECT 0
        HGETALL h3
        RENAMENX s2 s
        RENAMENX s2 s3
        SMEMBERS s3
        EXPIRE h3 100
        COPY h3 h5
        TTL h5
        DEL h2 s3 str
        EXISTS h2 s3 h3
        DBSIZE
        SWAPDB 0 2
        HGETALL h4
        FLUSHALL
        DBSIZE
        """);
    same("SADD", "b", "\u0000", "\r\n", "\u00ff");
    same("HSET", "bin", "\u0000\u00ff", "\r\n", "", "empty");
    same("HGETALL", "bin");
    same("HGET", "bin", "");
    same("SISMEMBER", "b", "\u0000");
  }

  @Test
  void orderOfLargerCollections() throws Exception {
    List<String> hset = new ArrayList<>(List.of("HSET", "big"));
    List<String> sadd = new ArrayList<>(List.of("SADD", "ints"));
    for (int i = 0; i < 600; i++) {
      hset.addAll(List.of("f" + i, "v" + i));
      sadd.add(Integer.toString(600 - i));
    }
    same(hset.subList(0, 2 + 2 * 128).toArray(String[]::new));
    same("HGETALL", "big");
    assertThat(theirs.call(List.of("OBJECT", "ENCODING", "big"))).contains("listpack");
    same(hset.toArray(String[]::new));
    unordered(2, "HGETALL", "big");
    unordered(1, "HKEYS", "big");
    unordered(1, "HVALS", "big");
    same("HSET", "long", "f", "x".repeat(65));
    unordered(2, "HGETALL", "long");
    same(sadd.subList(0, 2 + 512).toArray(String[]::new));
    same("SMEMBERS", "ints");
    same("SUNION", "ints", "nope");
    same(sadd.toArray(String[]::new));
    unordered(1, "SMEMBERS", "ints");
    unordered(1, "SUNION", "ints");
    same("SADD", "small", "7", "8", "9");
    same("SINTER", "small", "ints");
    same("SREM", "ints", "1");
    unordered(1, "SINTER", "ints", "ints");
    same("SADD", "mixed", "b", "a", "3");
    unordered(1, "SMEMBERS", "mixed");
    same("SREM", "mixed", "a", "b");
    same("SMEMBERS", "mixed");
    for (String key : List.of("big", "ints")) {
      fullScan(key.equals("big") ? "HSCAN" : "SSCAN", key);
    }
  }

  /** A whole scan of a large collection: the same elements, each once, as Redis's. */
  private void fullScan(String command, String key) throws Exception {
    List<List<String>> all = new ArrayList<>();
    for (RespConnection c : List.of(mine, theirs)) {
      List<String> seen = new ArrayList<>();
      String cursor = "0";
      do {
        RespTree t = RespTree.parse(c.call(List.of(command, key, cursor, "COUNT", "7")));
        cursor = t.children().get(0).bulk();
        t.children().get(1).children().forEach(x -> seen.add(x.text()));
      } while (!cursor.equals("0"));
      seen.sort(null);
      all.add(seen);
    }
    assertThat(all.get(0)).as(command).isEqualTo(all.get(1));
  }

  @Test
  void randomPicks() throws Exception {
    same("HSET", "h", "a", "1", "b", "2", "c", "3");
    same("SADD", "s", "1", "2", "3", "x");
    for (String c : List.of("1", "2", "3", "4", "-1", "-5", "-10")) {
      picked(List.of("HRANDFIELD", "h", c));
      picked(List.of("HRANDFIELD", "h", c, "WITHVALUES"));
      picked(List.of("SRANDMEMBER", "s", c));
    }
    picked(List.of("HRANDFIELD", "h"));
    picked(List.of("SRANDMEMBER", "s"));
    hello3();
    picked(List.of("HRANDFIELD", "h", "2", "WITHVALUES"));
    picked(List.of("HRANDFIELD", "h", "-4", "WITHVALUES"));
    picked(List.of("SRANDMEMBER", "s", "-3"));
    Set<String> before = elements("s", false, false);
    RespTree a = RespTree.parse(mine.call(List.of("SPOP", "s", "2")));
    RespTree b = RespTree.parse(theirs.call(List.of("SPOP", "s", "2")));
    assertThat(a.header()).isEqualTo(b.header()).isEqualTo("~2");
    assertThat(before).containsAll(items(a, false));
    RespTree rest = RespTree.parse(mine.call(List.of("SMEMBERS", "s")));
    Set<String> union = new HashSet<>(items(rest, false));
    union.addAll(items(a, false));
    assertThat(union).isEqualTo(before);
    same("DEL", "s");
    same("SADD", "s", "5", "6");
    assertThat(RespTree.parse(mine.call(List.of("SPOP", "s"))).header()).isEqualTo("$1");
    theirs.call(List.of("SPOP", "s"));
    same("SCARD", "s");
    same("SADD", "all", "1", "2", "x");
    unordered(1, "SPOP", "all", "5");
    same("EXISTS", "all");
    same("SADD", "ints", "3", "1", "2");
    same("SPOP", "ints", "3");
  }

  @Test
  void resp3() throws Exception {
    hello3();
    script("""
        HSET h a 1 b 2
        HGETALL h
        HGETALL nope
        HKEYS h
        HMGET h a zz
        HGET h zz
        HINCRBYFLOAT h a 1.5
        HRANDFIELD nope
        HRANDFIELD h 2 WITHVALUES
        HRANDFIELD h 0 WITHVALUES
        HSCAN h 0
        SADD s 3 1 2
        SMEMBERS s
        SMEMBERS nope
        SINTER s s
        SUNION s nope
        SDIFF s nope
        SDIFF nope s
        SMISMEMBER s 1 7
        SRANDMEMBER s 5
        SRANDMEMBER nope
        SRANDMEMBER nope 2
        SPOP nope
        SPOP nope 2
        SPOP s 0
        SSCAN s 0
        SPOP s 3
        """);
  }

  @Test
  void randomCommands() throws Exception {
    Random r = new Random(7);
    String[] keys = {"a", "b", "h1", "h2", "s1", "s2", "s3", "x"};
    String[][] families = {{"h1", "h2", "x"}, {"s1", "s2", "s3", "x"}, {"a", "b", "x"}, keys};
    String[] values = {"1", "-7", "0", "x", "3.5", "", "abc", "10", "2"};
    String[] fields = {"f", "g", "h", "1", "fg"};
    String[] members = {"1", "2", "-3", "10", "x", "y", "", "07"};
    String[] counts = {"0", "1", "2", "-2", "5", "-5", "x"};
    String[] types = {"string", "hash", "set"};
    String[][] shapes = {
        {"GET", "k"}, {"SET", "k", "v"}, {"INCR", "k"}, {"APPEND", "k", "v"}, {"STRLEN", "k"},
        {"GETSET", "k", "v"}, {"MGET", "k", "k"}, {"DEL", "k", "k"}, {"EXISTS", "k", "k"},
        {"TYPE", "k"}, {"RENAME", "k", "k"}, {"RENAMENX", "k", "k"}, {"COPY", "k", "k"},
        {"COPY", "k", "k", "REPLACE"}, {"EXPIRE", "k", "v"}, {"TTL", "k"}, {"PERSIST", "k"},
        {"DBSIZE"}, {"SCAN", "0", "COUNT", "1000", "TYPE", "t"},
        {"HSET", "k", "f", "v"}, {"HSET", "k", "f", "v", "f", "v"}, {"HMSET", "k", "f", "v"},
        {"HSETNX", "k", "f", "v"}, {"HGET", "k", "f"}, {"HMGET", "k", "f", "f"},
        {"HDEL", "k", "f", "f"}, {"HGETALL", "k"}, {"HKEYS", "k"}, {"HVALS", "k"}, {"HLEN", "k"},
        {"HEXISTS", "k", "f"}, {"HSTRLEN", "k", "f"}, {"HINCRBY", "k", "f", "v"},
        {"HINCRBYFLOAT", "k", "f", "v"}, {"HRANDFIELD", "k"}, {"HRANDFIELD", "k", "n"},
        {"HRANDFIELD", "k", "n", "WITHVALUES"}, {"HSCAN", "k", "0", "COUNT", "1000"},
        {"HSCAN", "k", "0", "MATCH", "f*"},
        {"SADD", "k", "m", "m", "m"}, {"SADD", "k", "m"}, {"SREM", "k", "m", "m"},
        {"SMEMBERS", "k"}, {"SISMEMBER", "k", "m"}, {"SMISMEMBER", "k", "m", "m"},
        {"SCARD", "k"}, {"SMOVE", "k", "k", "m"}, {"SINTER", "k", "k"}, {"SUNION", "k", "k"},
        {"SDIFF", "k", "k"}, {"SINTERSTORE", "k", "k", "k"}, {"SUNIONSTORE", "k", "k", "k"},
        {"SDIFFSTORE", "k", "k", "k"}, {"SINTERCARD", "2", "k", "k"},
        {"SINTERCARD", "2", "k", "k", "LIMIT", "n"}, {"SPOP", "k"}, {"SPOP", "k", "n"},
        {"SRANDMEMBER", "k"}, {"SRANDMEMBER", "k", "n"}, {"SSCAN", "k", "0", "COUNT", "1000"},
    };
    for (int i = 0; i < 3000; i++) {
      if (i == 1500) {
        hello3();
      }
      String[] shape = shapes[r.nextInt(shapes.length)];
      List<String> cmd = new ArrayList<>();
      cmd.add(shape[0]);
      for (int j = 1; j < shape.length; j++) {
        String[] pool = switch (shape[j]) {
          case "k" -> r.nextInt(10) == 0 ? keys : families[family(shape[0])];
          case "v" -> values;
          case "f" -> fields;
          case "m" -> members;
          case "n" -> counts;
          case "t" -> types;
          default -> new String[] {shape[j]};
        };
        cmd.add(pool[r.nextInt(pool.length)]);
      }
      if (cmd.size() > 1 && r.nextInt(30) == 0) {
        cmd.remove(cmd.size() - 1);
      }
      compare(cmd);
    }
  }

  /**
   * The key pool of a command: 0 hash, 1 set, 2 string, 3 any (mostly keys of the command's own
   * type, so that most commands do more than answer WRONGTYPE).
   */
  private static int family(String command) {
    if (command.startsWith("H")) {
      return 0;
    }
    if (List.of("GET", "SET", "INCR", "APPEND", "STRLEN", "GETSET", "MGET").contains(command)) {
      return 2;
    }
    return command.startsWith("S") && !command.equals("SCAN") ? 1 : 3;
  }

  /** Compares one command's replies in the way its reply order allows. */
  private void compare(List<String> cmd) throws Exception {
    String name = cmd.get(0).toUpperCase();
    boolean sized = cmd.size() >= 2;
    switch (name) {
      case "HGETALL", "HKEYS", "HVALS", "HSCAN", "SMEMBERS", "SSCAN" -> {
        if (sized && !keyed(cmd.get(1)).compact()) {
          unordered(name.equals("HGETALL") || name.equals("HSCAN") ? 2 : 1, cmd);
          return;
        }
      }
      case "SINTER", "SUNION", "SDIFF", "SCAN" -> {
        unorderedUnlessIntsets(cmd);
        return;
      }
      case "HRANDFIELD", "SRANDMEMBER" -> {
        if (sized) {
          picked(cmd);
          return;
        }
      }
      case "SPOP" -> {
        if (sized && !picked(cmd)) {
          same("DEL", cmd.get(1));
        }
        return;
      }
      default -> { }
    }
    same(cmd.toArray(String[]::new));
  }

  /** Exact when every key holds an intset or nothing (then Redis lists members in order). */
  private void unorderedUnlessIntsets(List<String> cmd) throws Exception {
    boolean exact = !cmd.get(0).equalsIgnoreCase("SCAN");
    for (String k : cmd.subList(1, cmd.size())) {
      String enc = theirs.call(List.of("OBJECT", "ENCODING", k));
      exact &= enc.contains("intset") || enc.startsWith("$-1") || enc.startsWith("_");
    }
    if (exact) {
      same(cmd.toArray(String[]::new));
    } else {
      unordered(1, cmd);
    }
  }
}
