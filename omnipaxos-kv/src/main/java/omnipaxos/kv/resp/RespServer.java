package omnipaxos.kv.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing server: speaks RESP (the Redis protocol), so redis-cli, redis-benchmark and
 * Redis client libraries work unchanged. Each command is executed by a {@link KvExecutor}; replies
 * on a connection come back in request order, so pipelining works.
 *
 * <p>Errors: an unknown command, a wrong number of arguments or a non-integer argument get an error
 * reply and the connection goes on. Bytes that are not RESP at all, or a bulk string larger than
 * {@code maxBulkBytes} (or than a lower proto-max-bulk-len from CONFIG SET), get an error reply
 * and the connection is closed, as Redis does; the server keeps serving every other connection.
 */
public final class RespServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);

  private final KvExecutor executor;
  private final int maxBulkBytes;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final AtomicLong protocolErrors = new AtomicLong();
  private final AtomicLong clientIds = new AtomicLong();

  private RespServer(KvExecutor executor, InetSocketAddress address, int maxBulkBytes,
      String password) throws InterruptedException {
    this.executor = executor;
    ServerContext context = new ServerContext(password, address.getPort(), maxBulkBytes);
    this.maxBulkBytes = maxBulkBytes;
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            // The encoder comes first so that replies written by any later handler are encoded.
            ch.pipeline().addLast(new RedisEncoder(), new RedisDecoder(true),
                new BulkSizeLimit(context.config(), protocolErrors),
                new RedisBulkStringAggregator(), new RedisArrayAggregator(),
                new RespCommandHandler(executor, protocolErrors, clientIds.incrementAndGet(),
                    context));
          }
        });
    ChannelFuture bound;
    try {
      bound = b.bind(address).await();
    } catch (InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      Throwable cause = bound.cause();
      throw new UncheckedIOException("cannot listen for clients on " + address,
          cause instanceof IOException io ? io : new IOException(cause));
    }
    this.serverChannel = bound.channel();
    context.listening(address().getPort());
    LOG.info("RESP server listening on {}", serverChannel.localAddress());
  }

  /**
   * Starts a server on {@code address} (port 0 picks a free port).
   *
   * @throws UncheckedIOException if it cannot listen there (its cause says why, e.g. a
   *     BindException)
   */
  public static RespServer start(KvExecutor executor, InetSocketAddress address, int maxBulkBytes)
      throws InterruptedException {
    return new RespServer(executor, address, maxBulkBytes, null);
  }

  /** Starts a server whose clients must AUTH with {@code password} (null: none) first. */
  public static RespServer start(KvExecutor executor, InetSocketAddress address, int maxBulkBytes,
      String password) throws InterruptedException {
    return new RespServer(executor, address, maxBulkBytes, password);
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Connections closed because their bytes were not valid RESP or too large. */
  public long protocolErrors() {
    return protocolErrors.get();
  }

  @Override
  public void close() {
    serverChannel.close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  int maxBulkBytes() {
    return maxBulkBytes;
  }

  KvExecutor executor() {
    return executor;
  }
}
