package omnipaxos.kv.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import omnipaxos.kv.KvCommand;

/**
 * Turns a Redis command (name and binary arguments) into what the server must do: a replicated
 * {@link KvCommand}, a local reply, or an error in Redis' wording.
 */
final class RespCommandParser {

  /** What a request asks for. */
  sealed interface Request {}

  /** A command that goes through the replicated log. {@code kind} selects how its result is shown. */
  record Replicated(KvCommand command, ReplyKind kind) implements Request {}

  /** A reply the server gives at once. */
  record Immediate(Reply reply) implements Request {}

  /** The cluster description. */
  record Info() implements Request {}

  /** An administrative command, e.g. cutting a link in tests. */
  record Admin(List<String> args) implements Request {}

  /** How the result of a replicated command is shown to the client. */
  enum ReplyKind { OK, BULK, INTEGER }

  /** A reply independent of the log. */
  sealed interface Reply {
    record Simple(String text) implements Reply {}

    record Error(String text) implements Reply {}

    record Bulk(byte[] value) implements Reply {}

    record EmptyArray() implements Reply {}
  }

  private RespCommandParser() {}

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static Request parse(List<byte[]> args) {
    if (args.isEmpty()) {
      return new Immediate(new Reply.Error("ERR empty command"));
    }
    String name = new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    int n = args.size() - 1;
    switch (name) {
      case "ping":
        if (n > 1) {
          return arity(name);
        }
        return new Immediate(n == 0 ? new Reply.Simple("PONG") : new Reply.Bulk(args.get(1)));
      case "get":
        return n != 1 ? arity(name) : replicated(new KvCommand.Get(latin1(args.get(1))), ReplyKind.BULK);
      case "set":
        if (n < 2) {
          return arity(name);
        }
        if (n > 2) {
          return new Immediate(new Reply.Error("ERR syntax error (SET options are not supported)"));
        }
        return replicated(new KvCommand.Put(latin1(args.get(1)), args.get(2)), ReplyKind.OK);
      case "setnx":
        return n != 2 ? arity(name)
            : replicated(new KvCommand.CompareAndSet(latin1(args.get(1)), Optional.empty(), args.get(2)), ReplyKind.INTEGER);
      case "cas":
        return n != 3 ? arity(name)
            : replicated(new KvCommand.CompareAndSet(latin1(args.get(1)), Optional.of(args.get(2)), args.get(3)),
                ReplyKind.INTEGER);
      case "del":
        return n < 1 ? arity(name) : replicated(new KvCommand.Delete(keys(args)), ReplyKind.INTEGER);
      case "exists":
        return n < 1 ? arity(name) : replicated(new KvCommand.Exists(keys(args)), ReplyKind.INTEGER);
      case "incr":
        return n != 1 ? arity(name) : replicated(new KvCommand.Increment(latin1(args.get(1)), 1), ReplyKind.INTEGER);
      case "decr":
        return n != 1 ? arity(name) : replicated(new KvCommand.Increment(latin1(args.get(1)), -1), ReplyKind.INTEGER);
      case "incrby":
        if (n != 2) {
          return arity(name);
        }
        try {
          long delta = Long.parseLong(new String(args.get(2), StandardCharsets.US_ASCII));
          return replicated(new KvCommand.Increment(latin1(args.get(1)), delta), ReplyKind.INTEGER);
        } catch (NumberFormatException e) {
          return new Immediate(new Reply.Error("ERR value is not an integer or out of range"));
        }
      case "omnipaxos":
        if (n == 0 || latin1(args.get(1)).equalsIgnoreCase("info")) {
          return new Info();
        }
        return new Admin(keys(args));
      case "info":
        return new Info();
      case "command":
      case "config":
        return new Immediate(new Reply.EmptyArray());
      default:
        return new Immediate(new Reply.Error("ERR unknown command '" + printable(args.get(0)) + "'"));
    }
  }

  private static Request replicated(KvCommand c, ReplyKind kind) {
    return new Replicated(c, kind);
  }

  private static Request arity(String name) {
    return new Immediate(new Reply.Error("ERR wrong number of arguments for '" + name + "' command"));
  }

  private static List<String> keys(List<byte[]> args) {
    List<String> keys = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      keys.add(latin1(args.get(i)));
    }
    return keys;
  }

  private static String printable(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8);
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
