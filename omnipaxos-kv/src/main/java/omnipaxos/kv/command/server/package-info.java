/**
 * Connection and server commands (PING, ECHO, SELECT, HELLO, AUTH, CLIENT, COMMAND, INFO, CONFIG,
 * TIME, WAIT, SAVE, OMNIPAXOS, and the refused families), answered on the connection or by the
 * server, never logged. Entry types: {@link omnipaxos.kv.command.server.ConnectionCommands},
 * {@link omnipaxos.kv.command.server.ServerCommands}, {@link
 * omnipaxos.kv.command.server.AuthCommands}, {@link omnipaxos.kv.command.server.Unsupported};
 * {@link omnipaxos.kv.command.server.ServerContext} is what a server's connections share. They
 * run on the connection&#39;s event loop.
 */
package omnipaxos.kv.command.server;
