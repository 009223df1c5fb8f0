package omnipaxos.kv.resp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a bulk string larger than the limit before any of it is buffered, and closes the
 * connection.
 */
final class BulkSizeLimit extends ChannelInboundHandlerAdapter {

  private final int maxBulkBytes;
  private final AtomicLong protocolErrors;
  private boolean refused;

  BulkSizeLimit(int maxBulkBytes, AtomicLong protocolErrors) {
    this.maxBulkBytes = maxBulkBytes;
    this.protocolErrors = protocolErrors;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof BulkStringHeaderRedisMessage h && h.bulkStringLength() > maxBulkBytes) {
      refused = true;
      ReferenceCountUtil.release(msg);
      protocolErrors.incrementAndGet();
      ctx.writeAndFlush(
              new ErrorRedisMessage(
                  "ERR Protocol error: bulk string of "
                      + h.bulkStringLength()
                      + " bytes exceeds the limit of "
                      + maxBulkBytes))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
