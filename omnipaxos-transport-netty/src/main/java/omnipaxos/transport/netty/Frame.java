package omnipaxos.transport.netty;

import java.util.List;
import java.util.Objects;
import omnipaxos.core.Message;

/** One decoded frame of the wire format ({@code WIRE.md}): a handshake, a batch of messages, or a ping. */
sealed interface Frame<T, S> {

  /**
   * The first frame in each direction: who is speaking, to whom it believes it speaks, in which cluster,
   * and the latest configuration the speaker knows.
   */
  record Hello<T, S>(String clusterId, long senderPid, long receiverPid, int configurationId)
      implements Frame<T, S> {
    public Hello {
      Objects.requireNonNull(clusterId, "clusterId");
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
