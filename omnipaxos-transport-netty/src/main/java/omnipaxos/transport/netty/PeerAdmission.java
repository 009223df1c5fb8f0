package omnipaxos.transport.netty;

import java.util.Optional;

/**
 * Decides whether a peer that passed the handshake's other checks may connect, given the
 * incarnation of its durable state it names. A node that keeps, durably, the incarnation each peer
 * first named can refuse a peer that comes back with another one: its storage was lost or replaced,
 * so it no longer knows what it promised or accepted, and letting it vote could undo decisions.
 * Called on event-loop threads; must not block for long (a durable write of a small file is fine).
 */
@FunctionalInterface
public interface PeerAdmission {

  /** Admits every peer. */
  PeerAdmission ALL = (pid, incarnation) -> Optional.empty();

  /** Why {@code pid} with {@code incarnation} is refused, or empty to admit it. */
  Optional<String> admit(long pid, long incarnation);
}
