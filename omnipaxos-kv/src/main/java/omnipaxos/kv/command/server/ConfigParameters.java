package omnipaxos.kv.command.server;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.keys.Glob;

/**
 * The parameters CONFIG GET reports and CONFIG SET changes, with Redis's defaults and checks. Most
 * only record what a client set (Redis's encoding and persistence tuning has no effect here);
 * {@code requirepass} is the password connections must AUTH with. Thread-safe.
 */
public final class ConfigParameters {

  private static final long INT_MAX = Integer.MAX_VALUE;
  private static final long UINT_MAX = 4294967295L;

  /** A parameter: its check-and-normalise of a new value (null for immutable) and its aliases. */
  private record Param(String name, UnaryOperator<String> check, List<String> aliases) {}

  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, String> values = new TreeMap<>();
  private volatile long protoMaxBulkLen;

  /**
   * The parameters with their defaults; {@code password} (null for none) is requirepass,
   * {@code maxBulkBytes} the largest proto-max-bulk-len (what the server can carry), its default.
   */
  public ConfigParameters(String password, int port, long maxBulkBytes) {
    memory("maxmemory", "0");
    memory("maxmemory-clients", "0");
    range("maxmemory-samples", "5", 1, 64);
    range("maxmemory-eviction-tenacity", "10", 0, 100);
    oneOf("maxmemory-policy", "noeviction", "volatile-lru", "volatile-lfu", "volatile-random",
        "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
    add("save", "3600 1 300 100 60 10000", ConfigParameters::save);
    yesNo("appendonly", "no");
    oneOf("appendfsync", "everysec", "everysec", "always", "no");
    range("timeout", "0", 0, INT_MAX);
    fixed("databases", "16");
    range("hash-max-listpack-entries", "512", 0, Long.MAX_VALUE, "hash-max-ziplist-entries");
    range("hash-max-listpack-value", "64", 0, Long.MAX_VALUE, "hash-max-ziplist-value");
    range("list-max-listpack-size", "-2", Integer.MIN_VALUE, INT_MAX, "list-max-ziplist-size");
    range("list-compress-depth", "0", 0, INT_MAX);
    range("zset-max-listpack-entries", "128", 0, Long.MAX_VALUE, "zset-max-ziplist-entries");
    range("zset-max-listpack-value", "64", 0, Long.MAX_VALUE, "zset-max-ziplist-value");
    range("set-max-intset-entries", "512", 0, Long.MAX_VALUE);
    range("maxclients", "10000", 1, UINT_MAX);
    range("tcp-keepalive", "300", 0, INT_MAX);
    range("hz", "10", 0, INT_MAX);
    oneOf("loglevel", "notice", "debug", "verbose", "notice", "warning");
    add("requirepass", password == null ? "" : password, v -> v);
    add("port", Integer.toString(port), this::port);
    fixed("cluster-enabled", "no");
    fixed("replica-read-only", "yes", "slave-read-only");
    add("notify-keyspace-events", "", KeyspaceEvents::normalise);
    range("slowlog-log-slower-than", "10000", -1, Long.MAX_VALUE);
    range("slowlog-max-len", "128", 0, Long.MAX_VALUE);
    add("proto-max-bulk-len", Long.toString(maxBulkBytes), v -> bulkLimit(v, maxBulkBytes));
    protoMaxBulkLen = maxBulkBytes;
  }

  private void add(String name, String value, UnaryOperator<String> check, String... aliases) {
    Param p = new Param(name, check, List.of(aliases));
    params.put(name, p);
    for (String a : aliases) {
      params.put(a, p);
    }
    values.put(name, value);
  }

  private void fixed(String name, String value, String... aliases) {
    add(name, value, null, aliases);
  }

  private void memory(String name, String value) {
    add(name, value, v -> {
      Long bytes = memoryValue(v);
      if (bytes == null) {
        throw new IllegalArgumentException("argument must be a memory value");
      }
      return Long.toString(bytes);
    });
  }

  private void oneOf(String name, String value, String... allowed) {
    add(name, value, v -> {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!List.of(allowed).contains(lower)) {
        throw new IllegalArgumentException("argument(s) must be one of the following: "
            + String.join(", ", allowed));
      }
      return lower;
    });
  }

  private void yesNo(String name, String value) {
    add(name, value, v -> {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!lower.equals("yes") && !lower.equals("no")) {
        throw new IllegalArgumentException("argument must be 'yes' or 'no'");
      }
      return lower;
    });
  }

  private void range(String name, String value, long min, long max, String... aliases) {
    add(name, value, v -> integerIn(v, min, max), aliases);
  }

  private static String integerIn(String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument couldn't be parsed into an integer");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("argument must be between " + min + " and " + max
          + " inclusive");
    }
    return Long.toString(n);
  }

  /** A port as Redis checks it, which must be the one the server listens on. */
  private String port(String v) {
    String n = integerIn(v, 0, 65535);
    if (!n.equals(values.get("port"))) {
      throw new IllegalArgumentException("the port cannot change while this server runs (clients"
          + " and peers know it by its address): restart it with another client address");
    }
    return n;
  }

  private static String save(String v) {
    String[] parts = v.trim().isEmpty() ? new String[0] : v.trim().split(" +");
    if (parts.length % 2 != 0) {
      throw new IllegalArgumentException("Invalid save parameters");
    }
    for (String p : parts) {
      if (!p.matches("[0-9]{1,18}")) {
        throw new IllegalArgumentException("Invalid save parameters");
      }
    }
    return String.join(" ", parts);
  }

  /** A proto-max-bulk-len: Redis's checks, then at most {@code max}, what this server carries. */
  private static String bulkLimit(String v, long max) {
    if (!v.matches("[0-9]*([bBkKmMgG]|[kKmMgG][bB])?")) {
      throw new IllegalArgumentException("argument must be a memory value");
    }
    String digits = v.replaceAll("[^0-9]", "");
    String unit = v.substring(digits.length()).toLowerCase(Locale.ROOT);
    long mul = unit.isEmpty() ? 1 : memoryValue("1" + unit);
    BigInteger n =
        new BigInteger(digits.isEmpty() ? "0" : digits).multiply(BigInteger.valueOf(mul));
    if (n.compareTo(BigInteger.valueOf(1 << 20)) < 0
        || n.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "argument must be between 1048576 and 9223372036854775807 inclusive");
    }
    if (n.longValue() > max) {
      throw new IllegalArgumentException("argument must be at most " + max
          + " here (the largest bulk string this server's replication carries)");
    }
    return n.toString();
  }

  /** The largest bulk string a client may send now (proto-max-bulk-len). */
  public long protoMaxBulkLen() {
    return protoMaxBulkLen;
  }

  /** Bytes of a Redis memory value: digits with an optional b, k, kb, m, mb, g or gb. */
  static Long memoryValue(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 18) {
      return null;
    }
    long mul = switch (s.substring(end)) {
      case "", "b" -> 1;
      case "k" -> 1000;
      case "kb" -> 1024;
      case "m" -> 1000_000;
      case "mb" -> 1 << 20;
      case "g" -> 1000_000_000;
      case "gb" -> 1L << 30;
      default -> 0;
    };
    return mul == 0 ? null : Long.parseLong(s.substring(0, end)) * mul;
  }

  /** Sets the reported value of a parameter the server fixed. */
  synchronized void report(String name, String value) {
    values.put(name, value);
  }

  /** The value of {@code name}. */
  public synchronized String get(String name) {
    Param p = params.get(name);
    return p == null ? null : values.get(p.name());
  }

  /** CONFIG GET: name and value of every parameter matching one of the patterns. */
  public synchronized List<String[]> matching(List<String> patterns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pattern : patterns) {
      String lower = pattern.toLowerCase(Locale.ROOT);
      if (params.containsKey(lower)) {
        out.putIfAbsent(pattern, values.get(params.get(lower).name()));
        continue;
      }
      for (String name : params.keySet()) {
        if (Glob.matches(lower, name)) {
          out.putIfAbsent(name, values.get(params.get(name).name()));
        }
      }
    }
    List<String[]> pairs = new ArrayList<>();
    out.forEach((k, v) -> pairs.add(new String[] {k, v}));
    return pairs;
  }

  /** CONFIG SET of name/value pairs: all or none, with Redis's errors. */
  public synchronized void set(List<String> pairs) {
    Map<String, String> updates = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      String name = pairs.get(i).toLowerCase(Locale.ROOT);
      Param p = params.get(name);
      if (p == null) {
        throw new CommandError("ERR Unknown option or number of arguments for CONFIG SET - '"
            + pairs.get(i) + "'");
      }
      if (updates.containsKey(p.name())) {
        throw failed(pairs.get(i), "duplicate parameter");
      }
      if (p.check() == null) {
        throw failed(pairs.get(i), "can't set immutable config");
      }
      try {
        updates.put(p.name(), p.check().apply(pairs.get(i + 1)));
      } catch (IllegalArgumentException e) {
        throw failed(pairs.get(i), e.getMessage());
      }
    }
    values.putAll(updates);
    protoMaxBulkLen = Long.parseLong(values.get("proto-max-bulk-len"));
  }

  private static CommandError failed(String name, String why) {
    return new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name
        + "') - " + why);
  }
}
