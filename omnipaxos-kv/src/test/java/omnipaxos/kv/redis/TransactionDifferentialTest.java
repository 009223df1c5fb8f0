package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import omnipaxos.kv.resp.RespServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH sent to a real Redis 7 and to our RESP server, on two
 * connections each (one changes what the other watches): byte-identical replies.
 */
class TransactionDifferentialTest {

  private RealRedis redis;
  private RespServer ours;
  private RespConnection[] theirs;
  private RespConnection[] mine;

  @BeforeEach
  void start() throws Exception {
    redis = new RealRedis();
    ours = RespServer.start(new TxnExecutor(), new InetSocketAddress("127.0.0.1", 0), 1 << 20);
    theirs = new RespConnection[] {new RespConnection(redis.address()),
        new RespConnection(redis.address())};
    mine = new RespConnection[] {new RespConnection(ours.address()),
        new RespConnection(ours.address())};
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = 0; i < 2; i++) {
      theirs[i].close();
      mine[i].close();
    }
    ours.close();
    redis.close();
  }

  /**
   * Lines "n: COMMAND args", n the connection (1 or 2; "1:" may be left out); a line starting with
   * "~" is sent to both without comparing the replies (they name the connection).
   */
  private void script(String text) throws Exception {
    for (String line : text.strip().split("\n")) {
      String l = line.strip();
      boolean compare = !l.startsWith("~");
      l = compare ? l : l.substring(1);
      int c = 0;
      if (l.startsWith("2:")) {
        c = 1;
        l = l.substring(2).strip();
      } else if (l.startsWith("1:")) {
        l = l.substring(2).strip();
      }
      List<String> args = Arrays.asList(l.split(" +"));
      String ourReply = mine[c].call(args);
      String theirReply = theirs[c].call(args);
      if (compare) {
        assertThat(ourReply).as((c + 1) + ": " + l).isEqualTo(theirReply);
      }
    }
  }

  @Test
  void queueingExecAndRuntimeErrors() throws Exception {
    script("""
        EXEC
        DISCARD
        MULTI
        MULTI
        SET a x
        INCR a
        GET a
        GET nope
        EXEC
        EXEC
        MULTI
        EXEC
        MULTI
        SET b 1
        DISCARD
        GET b
        MULTI
        SELECT 1
        SET a in1
        SELECT 0
        GET a
        EXEC
        SELECT 1
        GET a
        SELECT 0
        MULTI
        PING
        ECHO hi
        SET c 5
        INCRBY c 2
        EXEC
        """);
  }

  @Test
  void errorsWhileQueueingAbortTheTransaction() throws Exception {
    script("""
        MULTI
        SET a 1
        FOO bar
        EXEC
        GET a
        MULTI
        SET a 1
        GET
        EXEC
        GET a
        MULTI
        SET a 2
        WATCH a
        EXEC
        GET a
        MULTI
        SET a b c d
        EXEC
        """);
  }

  @Test
  void watchAbortsWhenAnotherConnectionWrites() throws Exception {
    script("""
        SET k 1
        WATCH k
        2: SET k 2
        MULTI
        GET k
        EXEC
        WATCH k
        MULTI
        INCR k
        EXEC
        WATCH k nope
        2: SET nope 1
        MULTI
        GET k
        EXEC
        WATCH k
        2: DEL k
        MULTI
        GET k
        EXEC
        WATCH k
        UNWATCH
        2: SET k 9
        MULTI
        GET k
        EXEC
        WATCH k
        2: GET k
        2: SET k 9 NX
        MULTI
        GET k
        EXEC
        WATCH k
        2: SELECT 1
        2: SET k other-db
        2: SELECT 0
        MULTI
        GET k
        EXEC
        WATCH k
        2: EXPIRE k 100
        MULTI
        TTL k
        EXEC
        WATCH k
        2: FLUSHALL
        MULTI
        GET k
        EXEC
        WATCH k
        MULTI
        DISCARD
        2: SET k 3
        MULTI
        GET k
        EXEC
        WATCH absent
        2: SET absent 1
        2: DEL absent
        MULTI
        GET absent
        EXEC
        WATCH absent2
        2: DEL absent2
        2: FLUSHDB
        MULTI
        GET absent2
        EXEC
        """);
  }

  @Test
  void connectionCommandsOfAnAbortedTransactionDoNotRun() throws Exception {
    script("""
        SET a zero
        WATCH a
        2: SET a changed
        MULTI
        SELECT 1
        CLIENT SETNAME t1
        SET a one
        EXEC
        GET a
        CLIENT GETNAME
        """);
  }

  @Test
  void commandsPipelinedAfterExecSeeItsSelect() throws Exception {
    List<List<String>> batch = List.of(List.of("SET", "a", "zero"), List.of("MULTI"),
        List.of("SELECT", "1"), List.of("SET", "a", "one"), List.of("EXEC"), List.of("GET", "a"),
        List.of("SELECT", "0"), List.of("GET", "a"), List.of("WATCH", "a"),
        List.of("MULTI"), List.of("SELECT", "1"), List.of("EXEC"), List.of("GET", "a"));
    assertThat(mine[0].pipeline(batch)).isEqualTo(theirs[0].pipeline(batch));
  }

  @Test
  void resp3AbortedExecIsANull() throws Exception {
    script("""
        ~HELLO 3
        SET k 1
        WATCH k
        2: SET k 2
        MULTI
        GET k
        EXEC
        MULTI
        GET k
        EXEC
        MULTI
        RESET
        EXEC
        """);
  }
}
