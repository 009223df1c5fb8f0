package omnipaxos.kv.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.KvState;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.kv.command.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** The RESP front end against a local state machine that answers after random delays. */
class RespServerTest {

  /** Applies commands in submission order but completes their futures after random delays. */
  static final class DelayedLocalExecutor implements KvExecutor {
    private final KvState state = new KvState();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(1);

    @Override
    public synchronized CompletableFuture<Reply> execute(KvEntry.Invoke command) {
      Reply r = state.apply(command);
      CompletableFuture<Reply> f = new CompletableFuture<>();
      timer.schedule(() -> f.complete(r), random.nextInt(3), TimeUnit.MILLISECONDS);
      return f;
    }

    @Override
    public CompletableFuture<String> clusterInfo() {
      return CompletableFuture.completedFuture("leader:1\r\n");
    }
  }

  private final DelayedLocalExecutor executor = new DelayedLocalExecutor();
  private RespServer server;

  @BeforeEach
  void start() throws InterruptedException {
    server = RespServer.start(executor, new InetSocketAddress("127.0.0.1", 0), 1 << 20);
  }

  @AfterEach
  void stop() {
    server.close();
    executor.timer.shutdownNow();
  }

  private Jedis client() {
    return new Jedis("127.0.0.1", server.address().getPort());
  }

  @Test
  void redisCommandsWork() {
    try (Jedis j = client()) {
      assertThat(j.ping()).isEqualTo("PONG");
      assertThat(j.set("a", "1")).isEqualTo("OK");
      assertThat(j.get("a")).isEqualTo("1");
      assertThat(j.get("missing")).isNull();
      assertThat(j.incr("a")).isEqualTo(2);
      assertThat(j.decr("a")).isEqualTo(1);
      assertThat(j.incrBy("a", 10)).isEqualTo(11);
      assertThat(j.setnx("a", "x")).isZero();
      assertThat(j.setnx("b", "x")).isOne();
      assertThat(j.exists("a", "b", "c")).isEqualTo(2);
      assertThat(j.sendCommand(() -> "CAS".getBytes(StandardCharsets.UTF_8), "b", "x", "y")).isEqualTo(1L);
      assertThat(j.sendCommand(() -> "CAS".getBytes(StandardCharsets.UTF_8), "b", "x", "z")).isEqualTo(0L);
      assertThat(j.get("b")).isEqualTo("y");
      assertThat(j.del("a", "b", "c")).isEqualTo(2);
      assertThat(j.info()).contains("leader:1");
      byte[] binary = {0, -1, 13, 10, 42};
      j.set("bin".getBytes(StandardCharsets.UTF_8), binary);
      assertThat(j.get("bin".getBytes(StandardCharsets.UTF_8))).isEqualTo(binary);
    }
  }

  @Test
  void commandErrorsKeepTheConnection() {
    try (Jedis j = client()) {
      assertThatThrownBy(() -> j.sendCommand(() -> "FLY".getBytes(StandardCharsets.UTF_8), "x"))
          .isInstanceOf(JedisDataException.class).hasMessageContaining("unknown command 'FLY'");
      assertThatThrownBy(() -> j.sendCommand(() -> "GET".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(JedisDataException.class).hasMessageContaining("wrong number of arguments for 'get'");
      j.set("s", "text");
      assertThatThrownBy(() -> j.incr("s")).isInstanceOf(JedisDataException.class).hasMessageContaining("not an integer");
      assertThatThrownBy(() -> j.sendCommand(() -> "INCRBY".getBytes(StandardCharsets.UTF_8), "s", "abc"))
          .isInstanceOf(JedisDataException.class).hasMessageContaining("not an integer");
      assertThat(j.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void pipelinedRepliesComeBackInRequestOrder() {
    try (Jedis j = client()) {
      Pipeline p = j.pipelined();
      List<Response<Long>> incrs = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        incrs.add(p.incr("counter"));
      }
      p.sync();
      for (int i = 0; i < 500; i++) {
        assertThat(incrs.get(i).get()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void garbageGetsAnErrorAndOnlyThatConnectionCloses() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("*2\r\n$3\r\nGET\r\n:oops\r\n*x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = readAll(s.getInputStream());
      assertThat(reply).contains("-ERR");
    }
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("*1\r\n$" + (2 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      String reply = readAll(s.getInputStream());
      assertThat(reply).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
    }
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("SET inline value\r\nGET inline\r\nnonsense words here\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[256];
      StringBuilder sb = new StringBuilder();
      while (!sb.toString().contains("unknown command")) {
        int n = s.getInputStream().read(buf);
        assertThat(n).isPositive();
        sb.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
      }
      assertThat(sb.toString()).startsWith("+OK\r\n$5\r\nvalue\r\n-ERR unknown command 'nonsense'");
    }
    assertThat(server.protocolErrors()).isGreaterThanOrEqualTo(2);
    try (Jedis j = client()) {
      assertThat(j.get("inline")).isEqualTo("value");
    }
  }

  private static String readAll(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
  }
}
