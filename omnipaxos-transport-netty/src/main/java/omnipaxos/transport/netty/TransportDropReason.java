package omnipaxos.transport.netty;

/**
 * Why a message given to {@link NettyTransport#send} was not sent; {@link TransportStats} counts
 * them.
 */
public enum TransportDropReason {
  /** The peer's outbound queue was full (the peer is down, slow, or the link is congested). */
  QUEUE_FULL,
  /** The encoded message does not fit in a frame of the configured maximum size. */
  MESSAGE_TOO_LARGE,
  /** The message was written to a connection that failed before the write completed. */
  CONNECTION_LOST,
  /**
   * The transport was closed, or the receiver removed as a peer ({@link
   * NettyTransport#removePeer}), before the message was sent.
   */
  CLOSED,
}
