package omnipaxos.kv.command;

import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;

/** A command answered by the server from its node and cluster state (INFO, OMNIPAXOS). */
@FunctionalInterface
public non-sealed interface ServerCommand extends Command {

  /** Answers the command. */
  CompletableFuture<Reply> run(KvExecutor executor, Session session, Args args);
}
