package omnipaxos.runtime;

/** The outcome of a non-blocking {@link ChannelSender#offer}. */
public enum OfferResult {
  /** The message was queued. */
  ACCEPTED,
  /** The channel was full; the message was not queued and the caller still owns it. */
  FULL,
  /** The channel is closed; the message was not queued. */
  CLOSED,
}
