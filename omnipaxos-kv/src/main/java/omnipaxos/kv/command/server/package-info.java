/**
 * Connection and server commands (PING, ECHO, SELECT, HELLO, CLIENT, COMMAND, INFO, OMNIPAXOS),
 * answered on the connection or by the server, never logged. Entry types: {@link
 * omnipaxos.kv.command.server.ConnectionCommands} and {@link
 * omnipaxos.kv.command.server.ServerCommands}. They run on the connection&#39;s event loop.
 */
package omnipaxos.kv.command.server;
