package omnipaxos.transport.netty;

/**
 * Why a peer's handshake was refused; {@link TransportStats#refused} counts them. A refusal closes
 * the connection; the dialing side redials after its backoff, so a misconfigured peer is refused
 * (and counted) again and again until it is fixed.
 */
public enum HandshakeRefusal {
  /**
   * The peer names another cluster id: it belongs to another cluster, or one of the two is
   * misconfigured.
   */
  OTHER_CLUSTER,
  /**
   * The peer expected another pid at this end: its address book maps this node's address to another
   * pid.
   */
  WRONG_RECEIVER,
  /** The peer's pid is not among this node's peers (not yet added, removed, or misconfigured). */
  UNKNOWN_PEER,
  /**
   * A peer with a higher pid dialed this node, but of two nodes the one with the lower pid dials.
   */
  WRONG_DIRECTION,
  /** The node answering at a dialed peer's address names another pid than the one dialed. */
  WRONG_SENDER,
  /**
   * The peer names another incarnation of its durable state than it did before ({@link
   * PeerAdmission}): it came back with new (e.g. lost and recreated) storage, so it forgot what it
   * promised.
   */
  NEW_INCARNATION,
}
