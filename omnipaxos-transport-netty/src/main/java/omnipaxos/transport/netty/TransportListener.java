package omnipaxos.transport.netty;

import omnipaxos.core.Message;

/**
 * Receives what a {@link NettyTransport} delivers. Called on the transport's event-loop threads:
 * hand the work to the node's own thread and return quickly; a call that blocks stalls reading from
 * that peer (and from the peers sharing its event loop). An exception thrown here is logged and
 * ignored.
 */
public interface TransportListener<T, S> {

  /**
   * A message from a peer, already checked to name that peer as sender and this node as receiver.
   */
  void onMessage(Message<T, S> message);

  /**
   * The connection to {@code pid} was established again after it had been up before: messages sent
   * in between may have been lost, so the node should be told ({@code OmniPaxos.reconnected(pid)}).
   * Not called for the first connection to a peer; a peer removed and added again is the same peer,
   * so its first connection after being added again is reported. Called before any message that
   * arrives on the new connection.
   */
  default void onReconnected(long pid) {}

  /**
   * A handshake with {@code pid} completed, and the peer named {@code configurationId} as the
   * latest configuration it knows. Called after every completed handshake, the first included,
   * before {@link #onReconnected} and before any message that arrives on the new connection. Peers
   * may differ in configuration (during a reconfiguration they do): the connection is up either
   * way.
   */
  default void onPeerConfiguration(long pid, int configurationId) {}
}
