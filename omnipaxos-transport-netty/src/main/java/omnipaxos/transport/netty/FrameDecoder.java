package omnipaxos.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import omnipaxos.core.codec.CodecException;

/**
 * Splits the inbound byte stream into frames by their 4-byte length prefix and decodes each with
 * {@link FrameCodec}. A length below the header size or above the maximum frame size fails before
 * the body is read; a stream that ends inside a frame fails when the connection closes. Every
 * failure is a {@link CodecException} (wrapped by Netty in a {@code DecoderException}); after the
 * first failure the decoder discards all further input, so the connection's handler only has to
 * close it.
 */
final class FrameDecoder<T, S> extends ByteToMessageDecoder {

  private final FrameCodec<T, S> codec;
  private final int maxFrameSize;
  private boolean failed;

  FrameDecoder(FrameCodec<T, S> codec, int maxFrameSize) {
    this.codec = codec;
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < FrameCodec.LENGTH_BYTES) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length < FrameCodec.HEADER_BYTES) {
      throw fail("frame length " + length + " is shorter than the frame header");
    }
    if (length > maxFrameSize) {
      throw fail("frame length " + length + " exceeds the maximum frame size " + maxFrameSize);
    }
    if (in.readableBytes() < FrameCodec.LENGTH_BYTES + length) {
      return;
    }
    in.skipBytes(FrameCodec.LENGTH_BYTES);
    byte[] body = new byte[(int) length];
    in.readBytes(body);
    try {
      out.add(codec.decodeBody(body));
    } catch (CodecException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (!failed && in.isReadable()) {
      int left = in.readableBytes();
      in.skipBytes(left);
      throw fail("connection ended inside a frame, " + left + " bytes of a truncated frame");
    }
  }

  private CodecException fail(String reason) {
    failed = true;
    return new CodecException(reason);
  }
}
