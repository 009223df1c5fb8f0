package omnipaxos.kv.command.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.LocalCommand;
import omnipaxos.kv.command.ReplicatedCommand;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;

/**
 * EXEC: the queued replicated commands (each on the database the queued SELECTs leave it on) and
 * the watched keys go to the log as one {@link KvEntry.Txn}. Once it is applied, and only if no
 * watched key aborted it, the queued connection and server commands run, on the connection's
 * event loop and in queue order, and the replies are put back in queue order. The connection
 * holds its later commands until then.
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
    int db = s.db();
    for (List<byte[]> command : queue) {
      Args args = new Args(command);
      CommandSpec spec = s.table().get(args.key(0));
      if (spec.command() instanceof ReplicatedCommand) {
        logged.add(new KvEntry.Invoke(db, command));
      } else if (spec.name().equals("select")) {
        db = selected(args, db);
      }
    }
    CompletableFuture<Reply> log = logged.isEmpty() && watches.isEmpty()
        ? done(new Reply.Arr(List.of()))
        : executor.transact(new KvEntry.Txn(logged, watches)).exceptionally(CommandError::replyTo);
    return log.thenComposeAsync(r -> r instanceof Reply.Arr applied
        ? runTheRest(executor, s, queue, applied) : done(r), s.loop());
  }

  /** The database a queued SELECT switches to (the current one if it will fail). */
  private static int selected(Args select, int db) {
    Long to = Args.parseLong(select.bytes(1));
    return to != null && to >= 0 && to < Keyspace.DATABASES ? to.intValue() : db;
  }

  /** Runs the commands not logged and merges every reply in queue order. */
  private static CompletableFuture<Reply> runTheRest(KvExecutor executor, Session s,
      List<List<byte[]>> queue, Reply.Arr applied) {
    List<CompletableFuture<Reply>> replies = new ArrayList<>(queue.size());
    int next = 0;
    for (List<byte[]> command : queue) {
      Args args = new Args(command);
      CommandSpec spec = s.table().get(args.key(0));
      replies.add(spec.command() instanceof ReplicatedCommand
          ? done(applied.items().get(next++)) : runHere(executor, s, spec, args));
    }
    return CompletableFuture.allOf(replies.toArray(CompletableFuture<?>[]::new))
        .thenApply(v -> new Reply.Arr(replies.stream().map(CompletableFuture::join).toList()));
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

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }
}
