package omnipaxos.kv.command;

/** A command answered on the connection from its session, never logged. */
@FunctionalInterface
public non-sealed interface LocalCommand extends Command {

  /** Answers the command; may change the session. */
  Reply answer(Session session, Args args);
}
