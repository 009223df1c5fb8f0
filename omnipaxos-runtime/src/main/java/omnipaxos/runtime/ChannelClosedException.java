package omnipaxos.runtime;

/**
 * The channel is closed: nothing more can be sent, or it is closed and every queued message was
 * received. A pump loop ends on it.
 */
public final class ChannelClosedException extends IllegalStateException {
  public ChannelClosedException(String message) {
    super(message);
  }
}
