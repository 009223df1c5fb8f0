package omnipaxos.kv.command;

/** The implementation of a command: replicated through the log, or answered on the connection, or by the server. */
public sealed interface Command permits ReplicatedCommand, LocalCommand, ServerCommand {}
