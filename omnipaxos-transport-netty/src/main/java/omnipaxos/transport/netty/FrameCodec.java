package omnipaxos.transport.netty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.Message;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/**
 * Encodes and strictly decodes the frames of the wire format described in {@code WIRE.md}:
 * {@code length:u32 | version:u8 | type:u8 | payload}, where {@code length} counts the bytes after
 * itself. Pure Java, no Netty: the Netty {@link FrameDecoder} only splits the stream by length.
 */
final class FrameCodec<T, S> {

  /** The only wire format version this code speaks; version 1 had no configuration id in HELLO. */
  static final int VERSION = 2;

  static final int HELLO = 1;
  static final int MESSAGES = 2;
  static final int PING = 3;

  /** Bytes of the length prefix. */
  static final int LENGTH_BYTES = 4;
  /** Bytes after the length prefix and before the payload: version and type. */
  static final int HEADER_BYTES = 2;
  /** Longest cluster id in UTF-8 bytes. */
  static final int MAX_CLUSTER_ID_BYTES = 255;
  /** Bytes a batch frame needs besides its messages: header and message count. */
  static final int BATCH_OVERHEAD = HEADER_BYTES + 4;
  /** Bytes a batch frame needs per message besides the message: its length. */
  static final int PER_MESSAGE_OVERHEAD = 4;

  private final MessageCodec<T, S> messages;

  FrameCodec(MessageCodec<T, S> messages) {
    this.messages = messages;
  }

  MessageCodec<T, S> messageCodec() {
    return messages;
  }

  /** A whole handshake frame naming no incarnation, length prefix included. */
  static byte[] hello(String clusterId, long senderPid, long receiverPid, int configurationId) {
    return hello(clusterId, senderPid, receiverPid, configurationId, 0);
  }

  /** A whole handshake frame, length prefix included. */
  static byte[] hello(
      String clusterId, long senderPid, long receiverPid, int configurationId, long incarnation) {
    WireWriter w = start(HELLO, 40 + clusterId.length());
    w.writeBytes(clusterId.getBytes(StandardCharsets.UTF_8))
        .writeLong(senderPid)
        .writeLong(receiverPid)
        .writeInt(configurationId)
        .writeLong(incarnation);
    return finish(w);
  }

  /** A whole ping frame, length prefix included. */
  static byte[] ping() {
    return finish(start(PING, 0));
  }

  /** A whole batch frame of already encoded messages, length prefix included. */
  static byte[] batch(List<byte[]> encodedMessages) {
    int size = 4;
    for (byte[] m : encodedMessages) {
      size += PER_MESSAGE_OVERHEAD + m.length;
    }
    WireWriter w = start(MESSAGES, size);
    w.writeInt(encodedMessages.size());
    for (byte[] m : encodedMessages) {
      w.writeBytes(m);
    }
    return finish(w);
  }

  private static WireWriter start(int type, int payloadSize) {
    WireWriter w = new WireWriter(LENGTH_BYTES + HEADER_BYTES + payloadSize);
    w.writeInt(0).writeByte(VERSION).writeByte(type);
    return w;
  }

  private static byte[] finish(WireWriter w) {
    byte[] frame = w.toByteArray();
    int length = frame.length - LENGTH_BYTES;
    frame[0] = (byte) (length >>> 24);
    frame[1] = (byte) (length >>> 16);
    frame[2] = (byte) (length >>> 8);
    frame[3] = (byte) length;
    return frame;
  }

  /**
   * Decodes the bytes that follow one frame's length prefix.
   *
   * @throws CodecException on a wrong version, an unknown type, or a malformed, truncated or
   *     over-long payload
   */
  Frame<T, S> decodeBody(byte[] body) {
    WireReader r = new WireReader(body);
    int version = r.readByte();
    if (version != VERSION) {
      throw new CodecException(
          "unsupported wire format version " + version + " (this node speaks " + VERSION + ")");
    }
    int type = r.readByte();
    Frame<T, S> frame;
    switch (type) {
      case HELLO:
        frame = readHello(r);
        break;
      case MESSAGES:
        frame = readBatch(r);
        break;
      case PING:
        frame = new Frame.Ping<>();
        break;
      default:
        throw new CodecException("unknown frame type " + type);
    }
    r.expectEnd();
    return frame;
  }

  private static <T, S> Frame<T, S> readHello(WireReader r) {
    byte[] id = r.readBytes();
    if (id.length == 0 || id.length > MAX_CLUSTER_ID_BYTES) {
      throw new CodecException(
          "cluster id of " + id.length + " bytes, must be 1.." + MAX_CLUSTER_ID_BYTES);
    }
    String clusterId = Codecs.utf8().decode(id);
    long sender = r.readLong();
    long receiver = r.readLong();
    int configurationId = r.readInt();
    if (configurationId <= 0) {
      throw new CodecException("configuration id must be positive, got " + configurationId);
    }
    return new Frame.Hello<>(clusterId, sender, receiver, configurationId, r.readLong());
  }

  private Frame<T, S> readBatch(WireReader r) {
    int n = r.readCount(PER_MESSAGE_OVERHEAD + MessageCodec.MIN_ENCODED_BYTES);
    if (n == 0) {
      throw new CodecException("empty message batch");
    }
    List<Message<T, S>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(messages.decode(r.readBytes()));
    }
    return new Frame.Batch<>(out);
  }
}
