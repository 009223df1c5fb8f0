package omnipaxos.kv.command.txn;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KeyPositions;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. While a transaction is open every other command except
 * QUIT and RESET is queued ({@link #queues}); a command refused then (unknown, wrong arity) makes
 * EXEC answer EXECABORT.
 */
public final class TransactionCommands {

  /** The reply to a queued command. */
  public static final Reply QUEUED = new Reply.Simple("QUEUED");

  private static final Set<Flag> SESSION = EnumSet.of(Flag.SESSION);
  /** Run at once even inside a transaction. */
  private static final Set<String> NOT_QUEUED =
      Set.of("exec", "discard", "multi", "watch", "quit", "reset");

  private TransactionCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.local("multi", 1, SESSION, NONE, "Starts a transaction.", (s, a) -> {
      if (s.inMulti()) {
        return new Reply.Error("ERR MULTI calls can not be nested");
      }
      s.multi();
      return Reply.OK;
    });
    b.add("exec", 1, EnumSet.of(Flag.WRITE, Flag.SESSION), NONE,
        "Applies the queued commands as one log entry.", (ServerCommand) Exec::run);
    b.local("discard", 1, SESSION, NONE, "Drops the queued commands.", (s, a) -> {
      if (!s.inMulti()) {
        return new Reply.Error("ERR DISCARD without MULTI");
      }
      s.endMulti();
      return Reply.OK;
    });
    b.add("watch", -2, SESSION, KeyPositions.ALL, "EXEC aborts if one of these keys changes.",
        (ServerCommand) TransactionCommands::watch);
    b.local("unwatch", 1, SESSION, NONE, "Forgets the watched keys.", (s, a) -> {
      s.unwatch();
      return Reply.OK;
    });
  }

  /** Whether {@code spec} is queued rather than run, in the session's state. */
  public static boolean queues(Session s, CommandSpec spec) {
    return s.inMulti() && !NOT_QUEUED.contains(spec.name());
  }

  private static CompletableFuture<Reply> watch(KvExecutor executor, Session s, Args a) {
    if (s.inMulti()) {
      return CompletableFuture.completedFuture(
          new Reply.Error("ERR WATCH inside MULTI is not allowed"));
    }
    executor.watch(s.db(), a.keysFrom(1)).forEach(s::watch);
    return CompletableFuture.completedFuture(Reply.OK);
  }
}
