package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.resp.RespServer;

/**
 * A real Redis 7 and our RESP server side by side, one connection to each: what every
 * differential test starts with. {@link #same} sends one command to both and asserts identical
 * replies.
 */
final class RedisPair implements AutoCloseable {

  final RealRedis redis;
  final RespServer ours;
  final RespConnection theirs;
  final RespConnection mine;

  /** Starts a redis-server and our server on {@code executor}, and connects to both. */
  RedisPair(KvExecutor executor) throws Exception {
    redis = new RealRedis();
    ours = RespServer.start(executor, new InetSocketAddress("127.0.0.1", 0), 1 << 20);
    theirs = new RespConnection(redis.address());
    mine = new RespConnection(ours.address());
  }

  /** Sends {@code command} to both and asserts byte-identical replies. */
  void same(String... command) throws Exception {
    List<String> args = Arrays.asList(command);
    assertThat(mine.call(args)).as(String.join(" ", args)).isEqualTo(theirs.call(args));
  }

  /** {@link #same} for each line of {@code text} (arguments split on spaces). */
  void script(String text) throws Exception {
    for (String line : text.strip().split("\n")) {
      same(line.strip().split(" +"));
    }
  }

  @Override
  public void close() throws Exception {
    theirs.close();
    mine.close();
    ours.close();
    redis.close();
  }
}
