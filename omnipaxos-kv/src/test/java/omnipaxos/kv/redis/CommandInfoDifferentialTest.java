package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COMMAND against a real Redis 7.0.15: COMMAND INFO of every command in our table byte for byte
 * (RESP2 and RESP3; only CAS and OMNIPAXOS, ours, are left out), COMMAND GETKEYS for a sample,
 * COMMAND COUNT as the README documents it (our table's size) and the shape of COMMAND DOCS.
 */
class CommandInfoDifferentialTest {

  private static final List<String> OURS = List.of("cas", "omnipaxos");

  private RedisPair pair;

  @BeforeEach
  void start() throws Exception {
    pair = new RedisPair(new RedisDifferentialTest.LocalExecutor());
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  private void everyCommandInfo() throws Exception {
    for (CommandSpec spec : CommandTable.standard().all()) {
      if (!OURS.contains(spec.name())) {
        pair.same("COMMAND", "INFO", spec.name());
        pair.same("COMMAND", "INFO", spec.name().toUpperCase());
      }
    }
    pair.same("COMMAND", "INFO", "get", "nosuchcommand", "hset");
  }

  @Test
  void commandInfoOfEveryCommandIsRedisInResp2AndResp3() throws Exception {
    everyCommandInfo();
    pair.theirs.call(List.of("HELLO", "3"));
    pair.mine.call(List.of("HELLO", "3"));
    everyCommandInfo();
  }

  @Test
  void getkeysPicksTheKeysRedisPicks() throws Exception {
    pair.script("""
        COMMAND GETKEYS GET k
        COMMAND GETKEYS SET k v EX 10
        COMMAND GETKEYS MSET a 1 b 2 c 3
        COMMAND GETKEYS MGET a b c
        COMMAND GETKEYS DEL a b c
        COMMAND GETKEYS RENAME a b
        COMMAND GETKEYS LMOVE a b LEFT RIGHT
        COMMAND GETKEYS SINTERSTORE d a b
        COMMAND GETKEYS SINTERCARD 2 a b LIMIT 1
        COMMAND GETKEYS ZUNIONSTORE d 2 a b WEIGHTS 1 2
        COMMAND GETKEYS ZRANGESTORE d s 0 1
        COMMAND GETKEYS COPY a b DB 1
        COMMAND GETKEYS EVAL s 2 a b c
        COMMAND GETKEYS BLMPOP 0 2 a b LEFT
        COMMAND GETKEYS PING
        COMMAND GETKEYS GET
        COMMAND GETKEYS NOSUCH a
        COMMAND GETKEYS SINTERCARD 5 a
        COMMAND GETKEYS
        """);
  }

  @Test
  void countIsOurTableAndDocsHaveRedisShape() throws Exception {
    assertThat(pair.mine.call(List.of("COMMAND", "COUNT")))
        .isEqualTo(":" + CommandTable.standard().all().size() + "\r\n");
    String theirs = pair.theirs.call(List.of("COMMAND", "COUNT"));
    assertThat(Integer.parseInt(theirs.substring(1).strip()))
        .isGreaterThan(CommandTable.standard().all().size());
    for (String name : List.of("get", "hset", "zadd", "client")) {
      String mine = pair.mine.call(List.of("COMMAND", "DOCS", name));
      String real = pair.theirs.call(List.of("COMMAND", "DOCS", name));
      assertThat(mine).startsWith("*2\r\n$" + name.length() + "\r\n" + name + "\r\n*");
      assertThat(real).startsWith("*2\r\n$" + name.length() + "\r\n" + name + "\r\n*");
      for (String field : List.of("$7\r\nsummary\r\n", "$5\r\ngroup\r\n")) {
        assertThat(mine).contains(field);
        assertThat(real).contains(field);
      }
    }
    pair.same("COMMAND", "DOCS", "nosuchcommand");
  }
}
