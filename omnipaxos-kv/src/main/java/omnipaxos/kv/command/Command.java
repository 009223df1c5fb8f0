package omnipaxos.kv.command;

/**
 * The implementation of a command: replicated through the log, answered on the connection, or
 * answered by the server.
 */
public sealed interface Command permits ReplicatedCommand, LocalCommand, ServerCommand {}
