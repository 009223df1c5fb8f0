package omnipaxos.kv.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.LocalCommand;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;
import omnipaxos.kv.command.server.AuthCommands;
import omnipaxos.kv.command.server.ServerContext;
import omnipaxos.kv.command.txn.TransactionCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes the commands of one connection and writes the replies in request order. */
final class RespCommandHandler extends SimpleChannelInboundHandler<RedisMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(RespCommandHandler.class);

  private final KvExecutor executor;
  private final AtomicLong protocolErrors;
  /** Replies not yet written, in request order; only touched on the channel's event loop. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final CommandTable table = CommandTable.standard();
  private final Session session;
  /** Commands with subcommands, which CLIENT LIST shows as "client|list". */
  private static final Set<String> CONTAINERS = Set.of("client", "config", "command");

  /**
   * A command that changes the session when its future completes (EXEC): later commands of the
   * connection wait for it, in {@link #held}, so they see the session as it leaves them.
   */
  private CompletableFuture<Reply> barrier = CompletableFuture.completedFuture(null);
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  /** A command's arguments, null for a message that is not a command. */
  private record Held(List<byte[]> args) {}

  /**
   * A reply, with the protocol to write it in, whether to write it at all (CLIENT REPLY) and
   * whether to close afterwards.
   */
  private record Pending(CompletableFuture<Reply> reply, int protocol, boolean write,
      boolean close) {}

  RespCommandHandler(KvExecutor executor, AtomicLong protocolErrors, long clientId,
      ServerContext server) {
    this.executor = executor;
    this.protocolErrors = protocolErrors;
    this.session = new Session(clientId, table, server);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    session.addresses(address(ctx.channel().remoteAddress()),
        address(ctx.channel().localAddress()));
    session.server().opened(session);
    session.loop(ctx.channel().eventLoop());
    session.onKill(() -> ctx.channel().close());
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    session.server().closed(session);
    super.channelInactive(ctx);
  }

  private static String address(java.net.SocketAddress a) {
    return a instanceof InetSocketAddress i
        ? i.getAddress().getHostAddress() + ":" + i.getPort() : String.valueOf(a);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RedisMessage msg) {
    Held command = new Held(arguments(msg));
    if (!barrier.isDone() || !held.isEmpty()) {
      held.add(command);
      return;
    }
    process(ctx, command);
  }

  private void process(ChannelHandlerContext ctx, Held command) {
    CompletableFuture<Reply> reply = command.args() == null
        ? done(new Reply.Error("ERR Protocol error: expected an array of bulk strings"))
        : execute(command.args());
    boolean closing = session.closing();
    int protocol = session.protocol();
    pending.add(new Pending(reply, protocol, session.replyWanted(), closing));
    reply.whenComplete((r, e) -> ctx.channel().eventLoop().execute(() -> {
      writeReady(ctx);
      runHeld(ctx);
    }));
  }

  /** Runs the commands that waited for the barrier, until the next barrier. */
  private void runHeld(ChannelHandlerContext ctx) {
    while (barrier.isDone() && !held.isEmpty() && ctx.channel().isActive()) {
      process(ctx, held.poll());
    }
  }

  private CompletableFuture<Reply> execute(List<byte[]> list) {
    if (list.isEmpty()) {
      return done(new Reply.Error("ERR empty command"));
    }
    Args args = new Args(list);
    CommandSpec spec = table.get(args.key(0));
    session.server().counted();
    String refused = spec == null ? unknown(args)
        : !spec.arityOk(args.size()) ? Errors.arity(spec.name())
        : AuthCommands.refuses(session, spec);
    if (refused != null) {
      session.failQueue();
      return done(new Reply.Error(refused));
    }
    session.lastCommand(args.size() > 1 && CONTAINERS.contains(spec.name())
        ? spec.name() + "|" + args.key(1).toLowerCase(Locale.ROOT) : spec.name());
    if (TransactionCommands.queues(session, spec)) {
      session.queue(list);
      return done(TransactionCommands.QUEUED);
    }
    try {
      if (spec.command() instanceof LocalCommand c) {
        return done(c.answer(session, args));
      }
      if (spec.command() instanceof ServerCommand c) {
        CompletableFuture<Reply> reply =
            c.run(executor, session, args).exceptionally(CommandError::replyTo);
        if (spec.has(Flag.SESSION)) {
          barrier = reply;
        }
        return reply;
      }
    } catch (CommandError e) {
      return done(e.reply());
    }
    return executor.execute(new KvEntry.Invoke(session.db(), list))
        .exceptionally(CommandError::replyTo);
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  /** Redis's reply to an unknown command, quoting its first arguments. */
  static String unknown(Args args) {
    StringBuilder b = new StringBuilder("ERR unknown command '").append(cut(args.key(0)))
        .append("', with args beginning with: ");
    for (int i = 1; i < args.size() && b.length() < 256; i++) {
      b.append('\'').append(cut(args.key(i))).append("' ");
    }
    return b.toString();
  }

  private static String cut(String s) {
    return s.length() > 128 ? s.substring(0, 128) : s;
  }

  private void writeReady(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (!pending.isEmpty() && pending.peek().reply().isDone()) {
      Pending p = pending.poll();
      if (p.write()) {
        ctx.write(ReplyWriter.render(ctx.alloc(), p.reply().join(), p.protocol()));
        wrote = true;
      }
      if (p.close()) {
        ctx.flush();
        ctx.close();
        pending.clear();
        return;
      }
    }
    if (wrote) {
      ctx.flush();
    }
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
    ctx.writeAndFlush(
            new ErrorRedisMessage(
                "ERR Protocol error: "
                    + String.valueOf(cause.getMessage()).replace('\r', ' ').replace('\n', ' ')))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
