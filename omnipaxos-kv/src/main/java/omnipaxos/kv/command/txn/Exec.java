package omnipaxos.kv.command.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.LocalCommand;
import omnipaxos.kv.command.ReplicatedCommand;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;

/**
 * EXEC: the queued replicated commands (each on the database selected where it was queued) and the
 * watched keys go to the log as one {@link KvEntry.Txn}; the reply puts their replies and those of
 * the queued connection and server commands back in queue order. Connection commands (SELECT,
 * CLIENT SETNAME, ...) take effect when EXEC runs, before the log decides, so an EXEC that a
 * watched key aborts has still run them.
 */
final class Exec {

  private static final String ABORT =
      "EXECABORT Transaction discarded because of previous errors.";

  private Exec() {}

  static CompletableFuture<Reply> run(KvExecutor executor, Session s, Args a) {
    if (!s.inMulti()) {
      return done(new Reply.Error("ERR EXEC without MULTI"));
    }
    boolean failed = s.queueFailed();
    List<KvEntry.Watch> watches = s.watches();
    List<List<byte[]>> queue = s.endMulti();
    if (failed) {
      return done(new Reply.Error(ABORT));
    }
    List<KvEntry.Invoke> logged = new ArrayList<>();
    List<CompletableFuture<Reply>> others = new ArrayList<>();
    for (List<byte[]> command : queue) {
      Args args = new Args(command);
      CommandSpec spec = s.table().get(args.key(0));
      if (spec.command() instanceof ReplicatedCommand) {
        logged.add(new KvEntry.Invoke(s.db(), command));
        others.add(null);
      } else {
        others.add(runHere(executor, s, spec, args));
      }
    }
    CompletableFuture<Reply> log = logged.isEmpty() && watches.isEmpty()
        ? done(new Reply.Arr(List.of()))
        : executor.transact(new KvEntry.Txn(logged, watches)).exceptionally(CommandError::replyTo);
    CompletableFuture<?>[] all = others.stream().filter(f -> f != null)
        .toArray(CompletableFuture<?>[]::new);
    return log.thenCombine(CompletableFuture.allOf(all), (r, v) -> merge(r, others));
  }

  private static CompletableFuture<Reply> runHere(KvExecutor executor, Session s,
      CommandSpec spec, Args args) {
    try {
      if (spec.command() instanceof LocalCommand c) {
        return done(c.answer(s, args));
      }
      return ((ServerCommand) spec.command()).run(executor, s, args)
          .exceptionally(CommandError::replyTo);
    } catch (CommandError e) {
      return done(e.reply());
    }
  }

  /** The logged commands' replies and the others', in queue order. */
  private static Reply merge(Reply log, List<CompletableFuture<Reply>> others) {
    if (!(log instanceof Reply.Arr arr)) {
      return log;
    }
    List<Reply> out = new ArrayList<>(others.size());
    int next = 0;
    for (CompletableFuture<Reply> f : others) {
      out.add(f == null ? arr.items().get(next++) : f.join());
    }
    return new Reply.Arr(out);
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }
}
