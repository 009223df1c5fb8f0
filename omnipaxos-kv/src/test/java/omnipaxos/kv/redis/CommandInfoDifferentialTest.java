package omnipaxos.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COMMAND against a real Redis 7.0.15: COMMAND INFO of every command in our table and of
 * subcommands ({@code client|id}), RESP2 and RESP3, identical but for two things Redis's replies
 * leave to chance or we leave out: the order of a command's subcommands (from a dict, it changes
 * from one redis-server start to the next) and the free-text notes of key specifications; only
 * CAS and OMNIPAXOS, ours, are not compared. COMMAND GETKEYS and GETKEYSANDFLAGS for a sample of
 * lines and errors, COMMAND COUNT and COMMAND INFO without names (our table's size), the shape of
 * COMMAND DOCS.
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

  /**
   * Sends {@code command} (a COMMAND INFO) to both and asserts identical replies but for the order
   * of each command's subcommands, which Redis takes from a dict and changes from one start to the
   * next.
   */
  private void sameInfo(String... command) throws Exception {
    List<String> args = List.of(command);
    assertThat(canonical(pair.mine.call(args))).as(String.join(" ", args))
        .isEqualTo(canonical(pair.theirs.call(args)));
  }

  /** A COMMAND INFO reply's text with each command's subcommands in sorted order. */
  static String canonical(String reply) {
    RespTree t = RespTree.parse(reply);
    assertThat(t.text()).isEqualTo(reply);
    StringBuilder b = new StringBuilder(t.header()).append("\r\n");
    t.children().forEach(entry -> b.append(canonicalEntry(entry)));
    return b.toString();
  }

  private static String canonicalEntry(RespTree entry) {
    if (entry.children().size() != 10) {
      return entry.text();
    }
    StringBuilder b = new StringBuilder(entry.header()).append("\r\n");
    entry.children().subList(0, 8).forEach(field -> b.append(field.text()));
    RespTree specs = entry.children().get(8);
    b.append(specs.header()).append("\r\n");
    specs.children().forEach(spec -> b.append(withoutNotes(spec)));
    RespTree subs = entry.children().get(9);
    b.append(subs.header()).append("\r\n");
    subs.children().stream().map(CommandInfoDifferentialTest::canonicalEntry).sorted()
        .forEach(b::append);
    return b.toString();
  }

  /** A key specification's text without Redis's free-text notes (which we leave out). */
  private static String withoutNotes(RespTree spec) {
    List<RespTree> c = spec.children();
    int start = !c.isEmpty() && c.get(0).text().equals("$5\r\nnotes\r\n") ? 2 : 0;
    int pairs = (c.size() - start) / 2;
    char type = spec.header().charAt(0);
    StringBuilder b = new StringBuilder().append(type).append(type == '%' ? pairs : 2 * pairs);
    b.append("\r\n");
    c.subList(start, c.size()).forEach(field -> b.append(field.text()));
    return b.toString();
  }

  private void everyCommandInfo() throws Exception {
    for (CommandSpec spec : CommandTable.standard().all()) {
      if (!OURS.contains(spec.name())) {
        sameInfo("COMMAND", "INFO", spec.name());
        sameInfo("COMMAND", "INFO", spec.name().toUpperCase());
      }
    }
    sameInfo("COMMAND", "INFO", "get", "nosuchcommand", "hset");
    sameInfo("COMMAND", "INFO", "client|id", "CLIENT|ID", "Config|Get", "command|info");
    sameInfo("COMMAND", "INFO", "client|nosuch", "get|x", "client|id|x", "client|", "|id");
    sameInfo("COMMAND", "INFO", "nosuch|id", "client", "client|list");
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
        COMMAND GETKEYS BZMPOP 0 2 a b MIN
        COMMAND GETKEYS XREAD COUNT 2 STREAMS a b 0 0
        COMMAND GETKEYS EVAL s 0
        COMMAND GETKEYS ECHO x
        COMMAND GETKEYS GET a b
        COMMAND GETKEYS PING x y
        COMMAND GETKEYS EVAL s x
        COMMAND GETKEYS EVAL s 2 a
        COMMAND GETKEYS FCALL f 1 a
        COMMAND GETKEYS SINTERCARD 0 a
        COMMAND GETKEYS SINTERCARD x a
        COMMAND GETKEYS SINTERCARD 2 a b c d
        COMMAND GETKEYS BLMPOP 0 x a b
        COMMAND GETKEYS BLMPOP 0 1 a b c
        COMMAND GETKEYS BLPOP a b 0
        COMMAND GETKEYS MSET a 1 b
        COMMAND GETKEYS XREAD COUNT 1 a b
        COMMAND GETKEYS XREAD a STREAMS b
        COMMAND GETKEYS XREAD streams a b STREAMS c d
        COMMAND GETKEYS XREADGROUP GROUP g c STREAMS a 0
        COMMAND GETKEYS XREADGROUP STREAMS g c x a 0
        COMMAND GETKEYS XINFO STREAM s
        COMMAND GETKEYS xinfo stream
        COMMAND GETKEYS XGROUP CREATE s g 0
        COMMAND GETKEYS XINFO NOSUCH s
        COMMAND GETKEYS CLIENT ID
        COMMAND GETKEYS CLIENT NOSUCH
        COMMAND GETKEYS CONFIG GET x
        COMMAND GETKEYS CLIENT
        COMMAND GETKEYS DEL
        COMMAND GETKEYS ZRANGESTORE d s 0 1
        COMMAND GETKEYS COPY a b DB 1
        COMMAND GETKEYS EVAL s 2 a b c
        COMMAND GETKEYS BLMPOP 0 2 a b LEFT
        COMMAND GETKEYS PING
        COMMAND GETKEYS GET
        COMMAND GETKEYS NOSUCH a
        COMMAND GETKEYS SINTERCARD 5 a
        COMMAND GETKEYS SPUBLISH ch m
        COMMAND GETKEYS SSUBSCRIBE a b
        COMMAND GETKEYS
        """);
  }

  @Test
  void getkeysandflagsPicksTheKeysAndFlagsRedisPicksInResp2AndResp3() throws Exception {
    String lines = """
        COMMAND GETKEYSANDFLAGS SET a b
        COMMAND GETKEYSANDFLAGS SET a GET
        COMMAND GETKEYSANDFLAGS SET a b get EX 1
        COMMAND GETKEYSANDFLAGS SET a b EX GET
        COMMAND GETKEYSANDFLAGS GET a
        COMMAND GETKEYSANDFLAGS COPY a b
        COMMAND GETKEYSANDFLAGS MSET a 1 b 2
        COMMAND GETKEYSANDFLAGS BLMOVE a b LEFT RIGHT 0
        COMMAND GETKEYSANDFLAGS EVAL s 0
        COMMAND GETKEYSANDFLAGS EVAL s 2 a b
        COMMAND GETKEYSANDFLAGS XREAD STREAMS a b 0 0
        COMMAND GETKEYSANDFLAGS XINFO STREAM s
        COMMAND GETKEYSANDFLAGS SINTERCARD 0 a
        COMMAND GETKEYSANDFLAGS SPUBLISH ch m
        COMMAND GETKEYSANDFLAGS PING x y
        COMMAND GETKEYSANDFLAGS NOSUCH a
        COMMAND GETKEYSANDFLAGS GET
        COMMAND GETKEYSANDFLAGS GET a b
        """;
    pair.script(lines);
    pair.theirs.call(List.of("HELLO", "3"));
    pair.mine.call(List.of("HELLO", "3"));
    pair.script(lines);
  }

  private static List<String> sortedNames(String reply) {
    return RespTree.parse(reply).children().stream().map(RespTree::bulk).sorted().toList();
  }

  @Test
  void listIsRedisListOfOurCommandsAndSubcommands() throws Exception {
    List<String> all = sortedNames(pair.mine.call(List.of("COMMAND", "LIST")));
    List<String> shared = all.stream().filter(n -> !OURS.contains(n)).toList();
    assertThat(sortedNames(pair.theirs.call(List.of("COMMAND", "LIST")))).containsAll(shared);
    assertThat(all).contains("get", "client", "client|id", "config|get", "xinfo|stream")
        .doesNotHaveDuplicates()
        .hasSize(CommandTable.standard().all().size() + (int) all.stream()
            .filter(n -> n.contains("|")).count());
    for (String filter : List.of("ACLCAT string", "ACLCAT STRING", "ACLCAT connection",
        "ACLCAT slow", "ACLCAT keyspace", "ACLCAT nosuch", "PATTERN client*", "PATTERN CLIENT*",
        "PATTERN client|*", "PATTERN *get*", "PATTERN z?a[dx]*", "PATTERN h[a-e]*",
        "MODULE x")) {
      List<String> args = List.of(("COMMAND LIST FILTERBY " + filter).split(" "));
      List<String> mine = sortedNames(pair.mine.call(args));
      List<String> theirs = sortedNames(pair.theirs.call(args));
      assertThat(mine.stream().filter(shared::contains).toList()).as(filter)
          .isEqualTo(theirs.stream().filter(shared::contains).toList());
    }
    assertThat(sortedNames(pair.mine.call(List.of("COMMAND", "LIST", "FILTERBY", "PATTERN",
        "client|*")))).hasSize(16).allMatch(n -> n.startsWith("client|"));
    pair.script("""
        COMMAND LIST x
        COMMAND LIST FILTERBY
        COMMAND LIST FILTERBY PATTERN
        COMMAND LIST FILTERBY PATTERN a b
        COMMAND LIST FILTERBY NOSUCH x
        COMMAND LIST NOSUCH PATTERN x
        COMMAND COUNT x
        COMMAND HELP x
        COMMAND NOSUCH
        COMMAND DOCS nosuch
        """);
  }

  @Test
  void countIsOurTableAndDocsHaveRedisShape() throws Exception {
    assertThat(pair.mine.call(List.of("COMMAND", "COUNT")))
        .isEqualTo(":" + CommandTable.standard().all().size() + "\r\n");
    assertThat(pair.theirs.call(List.of("COMMAND", "COUNT"))).isEqualTo(":240\r\n");
    String all = pair.mine.call(List.of("COMMAND"));
    assertThat(pair.mine.call(List.of("COMMAND", "INFO"))).isEqualTo(all);
    assertThat(RespTree.parse(all).children()).hasSize(CommandTable.standard().all().size());
    assertThat(RespTree.parse(pair.theirs.call(List.of("COMMAND", "INFO"))).children())
        .hasSize(240);
    assertThat(RespTree.parse(pair.mine.call(List.of("COMMAND", "DOCS"))).children())
        .hasSize(2 * CommandTable.standard().all().size());
    assertThat(RespTree.parse(pair.theirs.call(List.of("COMMAND", "DOCS"))).children())
        .hasSize(2 * 240);
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
