package omnipaxos.kv.command;

/**
 * A command that goes through the log. {@link #apply} runs on every replica in log order and must
 * be deterministic: it may read only the keyspace, the arguments and the context. A read-only
 * command must not change the keyspace (it is also evaluated locally under a lease).
 */
@FunctionalInterface
public non-sealed interface ReplicatedCommand extends Command {

  /** Applies the command at one log position and returns its reply. */
  Reply apply(Keyspace.Db db, Args args, ApplyContext ctx);
}
