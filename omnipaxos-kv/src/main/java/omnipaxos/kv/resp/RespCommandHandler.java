package omnipaxos.kv.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.KvResult;
import omnipaxos.kv.resp.RespCommandParser.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes the commands of one connection and writes the replies in request order. */
final class RespCommandHandler extends SimpleChannelInboundHandler<RedisMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(RespCommandHandler.class);

  private final KvExecutor executor;
  private final AtomicLong protocolErrors;
  /** Replies not yet written, in request order; only touched on the channel's event loop. */
  private final ArrayDeque<CompletableFuture<RedisMessage>> pending = new ArrayDeque<>();

  RespCommandHandler(KvExecutor executor, AtomicLong protocolErrors) {
    this.executor = executor;
    this.protocolErrors = protocolErrors;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RedisMessage msg) {
    List<byte[]> args = arguments(msg);
    CompletableFuture<RedisMessage> reply = args == null
        ? CompletableFuture.completedFuture(new ErrorRedisMessage("ERR Protocol error: expected an array of bulk strings"))
        : execute(args);
    pending.add(reply);
    reply.whenComplete((r, e) -> ctx.channel().eventLoop().execute(() -> writeReady(ctx)));
  }

  private CompletableFuture<RedisMessage> execute(List<byte[]> args) {
    RespCommandParser.Request req = RespCommandParser.parse(args);
    if (req instanceof RespCommandParser.Immediate i) {
      return CompletableFuture.completedFuture(toMessage(i.reply()));
    }
    if (req instanceof RespCommandParser.Info) {
      return executor.clusterInfo().handle((info, e) -> e != null ? error(e)
          : new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(info.getBytes(StandardCharsets.UTF_8))));
    }
    if (req instanceof RespCommandParser.Admin a) {
      return executor.admin(a.args()).handle((reply, e) -> e != null ? error(e)
          : reply instanceof KvExecutor.AdminReply.Status s ? new SimpleStringRedisMessage(s.text())
          : new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(((KvExecutor.AdminReply.Data) reply).bytes())));
    }
    RespCommandParser.Replicated r = (RespCommandParser.Replicated) req;
    return executor.execute(r.command()).handle((res, e) -> e != null ? error(e) : toMessage(res, r.kind()));
  }

  private void writeReady(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (!pending.isEmpty() && pending.peek().isDone()) {
      ctx.write(pending.poll().join());
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
  }

  private static RedisMessage toMessage(KvResult res, RespCommandParser.ReplyKind kind) {
    if (res instanceof KvResult.Error err) {
      return new ErrorRedisMessage(err.message());
    }
    if (res instanceof KvResult.Value v) {
      return v.value().<RedisMessage>map(b -> new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(b)))
          .orElse(FullBulkStringRedisMessage.NULL_INSTANCE);
    }
    if (res instanceof KvResult.Integer i) {
      return new IntegerRedisMessage(i.value());
    }
    return kind == RespCommandParser.ReplyKind.OK ? new SimpleStringRedisMessage("OK")
        : new ErrorRedisMessage("ERR unexpected result " + res);
  }

  private static RedisMessage toMessage(Reply reply) {
    if (reply instanceof Reply.Simple s) {
      return new SimpleStringRedisMessage(s.text());
    }
    if (reply instanceof Reply.Error e) {
      return new ErrorRedisMessage(e.text());
    }
    if (reply instanceof Reply.Bulk b) {
      return new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(b.value()));
    }
    return ArrayRedisMessage.EMPTY_INSTANCE;
  }

  private static RedisMessage error(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ErrorRedisMessage("ERR " + text.replace('\r', ' ').replace('\n', ' '));
  }

  /** The command's arguments, or null if the message is not a command. */
  private static List<byte[]> arguments(RedisMessage msg) {
    if (msg instanceof InlineCommandRedisMessage inline) {
      List<byte[]> out = new ArrayList<>();
      for (String part : inline.content().trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part.getBytes(StandardCharsets.UTF_8));
        }
      }
      return out;
    }
    if (!(msg instanceof ArrayRedisMessage array) || array.isNull()) {
      return null;
    }
    List<byte[]> out = new ArrayList<>(array.children().size());
    for (RedisMessage child : array.children()) {
      if (!(child instanceof FullBulkStringRedisMessage bulk) || bulk.isNull()) {
        return null;
      }
      ByteBuf content = bulk.content();
      out.add(ByteBufUtil.getBytes(content));
    }
    return out;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    protocolErrors.incrementAndGet();
    LOG.debug("closing client connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.writeAndFlush(new ErrorRedisMessage("ERR Protocol error: " + String.valueOf(cause.getMessage())
        .replace('\r', ' ').replace('\n', ' '))).addListener(ChannelFutureListener.CLOSE);
  }
}
