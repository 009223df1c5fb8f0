package omnipaxos.kv.redis;

import java.util.Random;

/**
 * Command shapes for the random differential sequence over strings, lists and sorted sets: each
 * lower-case placeholder is replaced by a random choice of its kind.
 */
final class RandomShapes {

  static final String[][] SHAPES = {
      {"SET", "k", "v"}, {"GET", "k"}, {"APPEND", "k", "v"}, {"INCR", "k"}, {"DEL", "k"},
      {"TYPE", "k"}, {"EXISTS", "k"}, {"RENAME", "k", "k"}, {"COPY", "k", "k"},
      {"EXPIRE", "k", "100"}, {"PERSIST", "k"}, {"MGET", "k", "k"},
      {"LPUSH", "k", "v", "v"}, {"RPUSH", "k", "v"}, {"LPUSHX", "k", "v"}, {"RPUSHX", "k", "v"},
      {"LPOP", "k"}, {"RPOP", "k"}, {"LPOP", "k", "n"}, {"RPOP", "k", "n"}, {"LLEN", "k"},
      {"LINDEX", "k", "i"}, {"LSET", "k", "i", "v"}, {"LRANGE", "k", "i", "i"},
      {"LTRIM", "k", "i", "i"}, {"LINSERT", "k", "where", "v", "v"}, {"LREM", "k", "i", "v"},
      {"LPOS", "k", "v"}, {"LPOS", "k", "v", "RANK", "i", "COUNT", "n"},
      {"LPOS", "k", "v", "MAXLEN", "n"}, {"LMOVE", "k", "k", "side", "side"},
      {"RPOPLPUSH", "k", "k"},
      {"ZADD", "k", "score", "m"}, {"ZADD", "k", "score", "m", "score", "m"},
      {"ZADD", "k", "flag", "score", "m"}, {"ZADD", "k", "flag", "flag", "score", "m"},
      {"ZADD", "k", "INCR", "score", "m"}, {"ZINCRBY", "k", "score", "m"}, {"ZREM", "k", "m", "m"},
      {"ZSCORE", "k", "m"}, {"ZMSCORE", "k", "m", "m"}, {"ZCARD", "k"}, {"ZCOUNT", "k", "b", "b"},
      {"ZRANK", "k", "m"}, {"ZREVRANK", "k", "m"}, {"ZRANGE", "k", "i", "i"},
      {"ZRANGE", "k", "i", "i", "WITHSCORES"}, {"ZRANGE", "k", "b", "b", "BYSCORE", "opt"},
      {"ZRANGE", "k", "b", "b", "BYSCORE", "REV", "LIMIT", "i", "i"},
      {"ZRANGE", "k", "lex", "lex", "BYLEX", "opt"},
      {"ZRANGEBYSCORE", "k", "b", "b", "WITHSCORES"}, {"ZREVRANGEBYSCORE", "k", "b", "b"},
      {"ZRANGEBYLEX", "k", "lex", "lex"}, {"ZREVRANGEBYLEX", "k", "lex", "lex"},
      {"ZLEXCOUNT", "k", "lex", "lex"}, {"ZREVRANGE", "k", "i", "i", "WITHSCORES"},
      {"ZREMRANGEBYSCORE", "k", "b", "b"}, {"ZREMRANGEBYRANK", "k", "i", "i"},
      {"ZREMRANGEBYLEX", "k", "lex", "lex"}, {"ZPOPMIN", "k"}, {"ZPOPMAX", "k", "n"},
      {"ZRANGESTORE", "k", "k", "i", "i"}, {"ZSCAN", "k", "0"},
  };

  private static final String[] KEYS = {"a", "b", "c", "d"};
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
