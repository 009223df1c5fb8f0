package omnipaxos.core.codec;

/**
 * Turns values of the application's entry or snapshot type into bytes and back, for durable storage
 * and the network. {@code decode(encode(v))} must equal {@code v}. {@code decode} must reject
 * malformed input with {@link CodecException}, never return a wrong value silently.
 */
public interface Codec<T> {

  byte[] encode(T value);

  /** @throws CodecException if {@code bytes} is not a valid encoding */
  T decode(byte[] bytes);
}
