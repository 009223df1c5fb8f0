package omnipaxos.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import omnipaxos.core.Message;
import omnipaxos.core.codec.CodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection: runs the handshake, then checks and delivers messages. The
 * dialing side sends its {@link Frame.Hello} as soon as the connection is active and waits for the
 * reply; the accepting side waits for the dialer's, checks it and replies. Any violation closes the
 * connection with a logged reason: a frame that fails to decode, a frame before the handshake, a
 * second handshake, or a message whose sender or receiver is not the authenticated pair. A refused
 * handshake is counted and logged by {@link HandshakeCheck#refused}, at WARN only once per peer and
 * reason.
 */
final class ConnectionHandler<T, S> extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final NettyTransport<T, S> transport;
  /** The peer this side dialed, or null on an accepted connection. */
  private final PeerLink dialed;
  /** The peer's link after a completed handshake, null before. */
  private PeerLink link;
  private boolean closing;

  ConnectionHandler(NettyTransport<T, S> transport, PeerLink dialed) {
    this.transport = transport;
    this.dialed = dialed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (dialed != null) {
      ctx.writeAndFlush(
          Unpooled.wrappedBuffer(
              FrameCodec.hello(
                  transport.clusterId(),
                  transport.pid(),
                  dialed.pid,
                  transport.configurationId(),
                  transport.incarnation())));
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    if (msg instanceof Frame.Hello<?, ?> hello) {
      onHello(ctx, hello);
    } else if (link == null) {
      violation(ctx, "frame before the handshake");
    } else if (msg instanceof Frame.Batch<?, ?> batch) {
      onBatch(ctx, batch);
    }
  }

  private void onHello(ChannelHandlerContext ctx, Frame.Hello<?, ?> hello) {
    if (link != null) {
      violation(ctx, "second handshake");
      return;
    }
    Optional<HandshakeCheck.Refusal> refusal = transport.handshakes().check(hello, dialed);
    if (refusal.isPresent()) {
      transport.handshakes().refused(hello.senderPid(), refusal.get(), ctx.channel());
      closing = true;
      ctx.close();
      return;
    }
    long sender = hello.senderPid();
    if (dialed == null) {
      ctx.writeAndFlush(
          Unpooled.wrappedBuffer(
              FrameCodec.hello(
                  transport.clusterId(),
                  transport.pid(),
                  sender,
                  transport.configurationId(),
                  transport.incarnation())));
    }
    link = transport.established(dialed, sender, hello.configurationId(), ctx.channel());
    if (link == null) {
      closing = true;
    }
  }

  @SuppressWarnings("unchecked")
  private void onBatch(ChannelHandlerContext ctx, Frame.Batch<?, ?> batch) {
    for (Message<?, ?> m : batch.messages()) {
      if (m.from() != link.pid || m.to() != transport.pid()) {
        violation(
            ctx,
            "message from "
                + m.from()
                + " to "
                + m.to()
                + " on the connection between "
                + link.pid
                + " and "
                + transport.pid());
        return;
      }
    }
    for (Message<?, ?> m : batch.messages()) {
      transport.deliver((Message<T, S>) m);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        close(
            ctx,
            link == null
                ? "no handshake within the idle timeout"
                : "nothing received within the idle timeout");
      } else if (idle.state() == IdleState.WRITER_IDLE && link != null) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(FrameCodec.ping()));
      }
    } else if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
      transport.counters().rejectedConnections.increment();
      close(ctx, "TLS handshake failed: " + tls.cause());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (link != null && ctx.channel().isWritable()) {
      link.scheduleDrain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closing) {
      return;
    }
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof CodecException) {
      violation(ctx, "malformed input: " + root.getMessage());
    } else if (root instanceof SSLException) {
      transport.counters().rejectedConnections.increment();
      close(ctx, "TLS failure: " + root);
    } else if (root instanceof IOException) {
      LOG.debug(
          "node {}: connection {} failed: {}", transport.pid(), ctx.channel(), root.toString());
      closing = true;
      ctx.close();
    } else {
      LOG.warn(
          "node {}: closing connection {} after an unexpected error",
          transport.pid(),
          ctx.channel(),
          root);
      closing = true;
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (link != null) {
      transport.lost(link, ctx.channel());
    }
    ctx.fireChannelInactive();
  }

  private void violation(ChannelHandlerContext ctx, String reason) {
    transport.counters().decodeErrors.increment();
    close(ctx, reason);
  }

  private void close(ChannelHandlerContext ctx, String reason) {
    if (!closing) {
      closing = true;
      LOG.warn("node {}: closing connection {}{}: {}", transport.pid(), ctx.channel(),
          link != null ? " to " + link.pid : "", reason);
      ctx.close();
    }
  }
}
