package omnipaxos.kv.redis;

import java.util.Random;

/**
 * Command shapes for the random differential sequence over strings, lists and sorted sets: each
 * lower-case placeholder is replaced by a random choice of its kind (keys mostly of the command's
 * own type, sometimes of another).
 */
final class RandomShapes {

  static final String[][] SHAPES = {
      {"SET", "sk", "v"}, {"GET", "sk"}, {"APPEND", "sk", "v"}, {"INCR", "sk"}, {"DEL", "k"},
      {"TYPE", "k"}, {"EXISTS", "k"}, {"RENAME", "k", "k"}, {"COPY", "k", "k"},
      {"EXPIRE", "k", "100"}, {"PERSIST", "k"}, {"MGET", "sk", "sk"},
      {"LPUSH", "lk", "v", "v"}, {"RPUSH", "lk", "v"}, {"LPUSHX", "lk", "v"}, {"RPUSHX", "lk", "v"},
      {"LPOP", "lk"}, {"RPOP", "lk"}, {"LPOP", "lk", "n"}, {"RPOP", "lk", "n"}, {"LLEN", "lk"},
      {"LINDEX", "lk", "i"}, {"LSET", "lk", "i", "v"}, {"LRANGE", "lk", "i", "i"},
      {"LTRIM", "lk", "i", "i"}, {"LINSERT", "lk", "where", "v", "v"}, {"LREM", "lk", "i", "v"},
      {"LPOS", "lk", "v"}, {"LPOS", "lk", "v", "RANK", "i", "COUNT", "n"},
      {"LPOS", "lk", "v", "MAXLEN", "n"}, {"LMOVE", "lk", "lk", "side", "side"},
      {"RPOPLPUSH", "lk", "lk"},
      {"ZADD", "zk", "score", "m"}, {"ZADD", "zk", "score", "m", "score", "m"},
      {"ZADD", "zk", "flag", "score", "m"}, {"ZADD", "zk", "flag", "flag", "score", "m"},
      {"ZADD", "zk", "INCR", "score", "m"}, {"ZINCRBY", "zk", "score", "m"},
      {"ZREM", "zk", "m", "m"}, {"ZSCORE", "zk", "m"}, {"ZMSCORE", "zk", "m", "m"}, {"ZCARD", "zk"},
      {"ZCOUNT", "zk", "b", "b"},
      {"ZRANK", "zk", "m"}, {"ZREVRANK", "zk", "m"}, {"ZRANGE", "zk", "i", "i"},
      {"ZRANGE", "zk", "i", "i", "WITHSCORES"}, {"ZRANGE", "zk", "b", "b", "BYSCORE", "opt"},
      {"ZRANGE", "zk", "b", "b", "BYSCORE", "REV", "LIMIT", "i", "i"},
      {"ZRANGE", "zk", "lex", "lex", "BYLEX", "opt"},
      {"ZRANGEBYSCORE", "zk", "b", "b", "WITHSCORES"}, {"ZREVRANGEBYSCORE", "zk", "b", "b"},
      {"ZRANGEBYLEX", "zk", "lex", "lex"}, {"ZREVRANGEBYLEX", "zk", "lex", "lex"},
      {"ZLEXCOUNT", "zk", "lex", "lex"}, {"ZREVRANGE", "zk", "i", "i", "WITHSCORES"},
      {"ZREMRANGEBYSCORE", "zk", "b", "b"}, {"ZREMRANGEBYRANK", "zk", "i", "i"},
      {"ZREMRANGEBYLEX", "zk", "lex", "lex"}, {"ZPOPMIN", "zk"}, {"ZPOPMAX", "zk", "n"},
      {"ZRANGESTORE", "zk", "zk", "i", "i"}, {"ZSCAN", "zk", "0"},
  };

  private static final String[] KEYS = {"s", "l1", "l2", "z1", "z2", "x"};
  private static final String[] LIST_KEYS = {"l1", "l2", "l1", "l2", "x", "z1", "s"};
  private static final String[] ZSET_KEYS = {"z1", "z2", "z1", "z2", "x", "l1", "s"};
  private static final String[] STRING_KEYS = {"s", "s", "x", "l2", "z2"};
  private static final String[] VALUES = {"1", "x", "", "a", "b", "10", "-3", "m1"};
  private static final String[] MEMBERS = {"m1", "m2", "m3", "a", "b", "ab", ""};
  private static final String[] SCORES = {"1", "2", "-2", "0", "1.5", "0.1", "inf", "-inf",
      "x", "3e2", "-0"};
  private static final String[] BOUNDS = {"-inf", "+inf", "(1", "1", "0", "2.5", "x", "(0",
      "(-inf", "2"};
  private static final String[] LEX = {"-", "+", "[a", "(b", "[m2", "(m1", "x", "[", "(ab"};
  private static final String[] INDICES = {"0", "1", "-1", "-2", "2", "5", "-100", "x"};
  private static final String[] COUNTS = {"0", "1", "2", "5", "-1", "x"};
  private static final String[] FLAGS = {"NX", "XX", "GT", "LT", "CH", "INCR"};
  private static final String[] OPTIONS = {"WITHSCORES", "REV", "LIMIT", "FOO"};

  private RandomShapes() {}

  /** The placeholder {@code part} filled in, or {@code part} itself if it is not one. */
  static String fill(String part, Random r) {
    String[] choices = switch (part) {
      case "k" -> KEYS;
      case "lk" -> LIST_KEYS;
      case "zk" -> ZSET_KEYS;
      case "sk" -> STRING_KEYS;
      case "v" -> VALUES;
      case "m" -> MEMBERS;
      case "score" -> SCORES;
      case "b" -> BOUNDS;
      case "lex" -> LEX;
      case "i" -> INDICES;
      case "n" -> COUNTS;
      case "flag" -> FLAGS;
      case "opt" -> OPTIONS;
      case "where" -> new String[] {"BEFORE", "AFTER"};
      case "side" -> new String[] {"LEFT", "RIGHT"};
      default -> null;
    };
    return choices == null ? part : choices[r.nextInt(choices.length)];
  }
}
