/**
 * The Redis protocol (RESP) front end of the key-value server: Netty glue, request parsing and
 * replies.
 *
 * <p>Entry type: {@link omnipaxos.kv.resp.RespServer}; each connection's requests go through
 * {@link omnipaxos.kv.resp.RespCommandParser} to {@link omnipaxos.kv.resp.RespCommandHandler}.
 *
 * <p>Threading: handlers run on Netty event-loop threads and hand commands to the server; they
 * never touch replicated state directly.
 */
package omnipaxos.kv.resp;
