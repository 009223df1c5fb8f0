/**
 * The wire format of the core's messages and log entries: a compact binary encoding that
 * transports and durable storage share.
 *
 * <p>Entry types: {@link omnipaxos.core.codec.Codec} (one per entry or snapshot type) and {@link
 * omnipaxos.core.codec.Codecs}; bytes are written with {@link omnipaxos.core.codec.WireWriter} and
 * read with {@link omnipaxos.core.codec.WireReader}; malformed input throws {@link
 * omnipaxos.core.codec.CodecException}.
 *
 * <p>Threading and determinism: codecs are stateless and may be shared between threads; the same
 * value always encodes to the same bytes.
 */
package omnipaxos.core.codec;
