package omnipaxos.kv.command.server;

import java.util.EnumSet;
import java.util.List;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KeyPositions;
import omnipaxos.kv.command.Reply;

/**
 * Commands this server does not run, answered at once so that a client fails fast: scripting
 * (EVALSHA with Redis's NOSCRIPT, so clients fall back to EVAL, which is refused), pub/sub,
 * streams, loading modules ({@link Modules}), replication, and the cluster commands with Redis's
 * standalone error. Their arity and key positions are Redis's ({@link CommandFacts}).
 */
public final class Unsupported {

  private static final List<String> REFUSED = List.of("eval", "eval_ro", "script", "fcall",
      "fcall_ro", "function", "subscribe", "psubscribe", "ssubscribe", "unsubscribe",
      "punsubscribe", "sunsubscribe", "publish", "spublish", "pubsub", "xadd", "xrange",
      "xrevrange", "xlen", "xdel", "xtrim", "xread", "xreadgroup", "xgroup", "xack", "xpending",
      "xclaim", "xautoclaim", "xinfo", "xsetid", "monitor", "sync", "psync",
      "replicaof", "slaveof");

  private Unsupported() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    for (String name : REFUSED) {
      b.local(name, arity(name), EnumSet.of(Flag.UNSUPPORTED), keys(name), "Not supported here.",
          (s, a) -> new Reply.Error(Errors.unsupported(a.name())));
    }
    for (String name : List.of("evalsha", "evalsha_ro")) {
      b.local(name, arity(name), EnumSet.of(Flag.UNSUPPORTED), keys(name), "Knows no scripts.",
          (s, a) -> new Reply.Error("NOSCRIPT No matching script. Please use EVAL."));
    }
    for (String name : List.of("cluster", "readonly", "readwrite", "asking")) {
      b.local(name, arity(name), EnumSet.of(Flag.UNSUPPORTED), keys(name), "A standalone server.",
          (s, a) -> new Reply.Error("ERR This instance has cluster support disabled"));
    }
  }

  private static int arity(String name) {
    return CommandFacts.of(name).arity();
  }

  private static KeyPositions keys(String name) {
    return CommandFacts.of(name).keys();
  }
}
