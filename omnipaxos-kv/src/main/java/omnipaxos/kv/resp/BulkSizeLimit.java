package omnipaxos.kv.resp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.kv.command.server.ConfigParameters;

/**
 * Refuses a bulk string larger than the limit (proto-max-bulk-len, which CONFIG SET may lower)
 * before any of it is buffered, with Redis's error, and closes the connection.
 */
final class BulkSizeLimit extends ChannelInboundHandlerAdapter {

  private final ConfigParameters config;
  private final AtomicLong protocolErrors;
  private boolean refused;

  BulkSizeLimit(ConfigParameters config, AtomicLong protocolErrors) {
    this.config = config;
    this.protocolErrors = protocolErrors;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    long max = config.protoMaxBulkLen();
    if (msg instanceof BulkStringHeaderRedisMessage h && h.bulkStringLength() > max) {
      refused = true;
      ReferenceCountUtil.release(msg);
      protocolErrors.incrementAndGet();
      ctx.writeAndFlush(new ErrorRedisMessage("ERR Protocol error: invalid bulk length"))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
