package omnipaxos.transport.netty;

import java.util.List;
import java.util.Objects;
import omnipaxos.core.Message;

/**
 * One decoded frame of the wire format ({@code WIRE.md}): a handshake, a batch of messages, or a
 * ping.
 */
sealed interface Frame<T, S> {

  /**
   * The first frame in each direction: who is speaking, to whom it believes it speaks, in which
   * cluster, the latest configuration the speaker knows, and the incarnation of its durable state
   * (0 if it names none): a peer that comes back with another incarnation lost what it promised
   * before.
   */
  record Hello<T, S>(
      String clusterId, long senderPid, long receiverPid, int configurationId, long incarnation)
      implements Frame<T, S> {
    public Hello {
      Objects.requireNonNull(clusterId, "clusterId");
    }

    /** A handshake that names no incarnation. */
    public Hello(String clusterId, long senderPid, long receiverPid, int configurationId) {
      this(clusterId, senderPid, receiverPid, configurationId, 0);
    }
  }

  /** Messages in the order they were sent. */
  record Batch<T, S>(List<Message<T, S>> messages) implements Frame<T, S> {
    public Batch {
      messages = List.copyOf(messages);
    }
  }

  /** Keeps an idle connection alive; carries nothing. */
  record Ping<T, S>() implements Frame<T, S> {}
}
