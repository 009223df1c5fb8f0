package omnipaxos.kv.command.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import omnipaxos.kv.command.KeyPositions;

/**
 * What Redis 7.0.15's COMMAND INFO tells about each command this server knows (flags, ACL
 * categories, tips, key specifications, subcommands), read from {@code command-info.txt} next to
 * this class (its header explains the notation). COMMAND's replies are built from these facts and
 * the command table's arity and key positions.
 */
final class CommandFacts {

  /** One key specification: its flags, where the search begins and how keys are found. */
  record KeySpec(List<String> flags, String beginType, List<String> begin, String findType,
      List<Integer> find) {}

  /** One command's facts, subcommands included (in the file's order). */
  record Facts(String name, int arity, KeyPositions keys, List<String> flags,
      List<String> categories, List<String> tips, List<KeySpec> keySpecs, List<Facts> subs) {

    /** The subcommand called {@code sub} (any case) of this container command, or null. */
    Facts sub(String sub) {
      String full = name + "|" + sub.toLowerCase(Locale.ROOT);
      return subs.stream().filter(s -> s.name().equals(full)).findFirst().orElse(null);
    }
  }

  private static final Map<String, Facts> ALL = load();

  private CommandFacts() {}

  /** The facts of command {@code name} (lower case), or null. */
  static Facts of(String name) {
    return ALL.get(name);
  }

  private static Map<String, Facts> load() {
    try (InputStream in = CommandFacts.class.getResourceAsStream("command-info.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Facts> out = new LinkedHashMap<>();
      Map<String, List<Facts>> subs = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" \\| ", -1);
        String name = f[0];
        int bar = name.indexOf('|');
        List<Facts> mine = new ArrayList<>();
        Facts facts = new Facts(name, Integer.parseInt(f[1]), positions(f[2]), words(f[3]),
            words(f[4]), words(f[5]), keySpecs(f[6]), mine);
        if (bar < 0) {
          out.put(name, facts);
          subs.put(name, mine);
        } else {
          subs.get(name.substring(0, bar)).add(facts);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPositions positions(String text) {
    int[] p = Arrays.stream(text.split(" ")).mapToInt(Integer::parseInt).toArray();
    return new KeyPositions(p[0], p[1], p[2]);
  }

  private static List<String> words(String text) {
    return text.equals("-") ? List.of() : List.of(text.split(" "));
  }

  private static List<KeySpec> keySpecs(String text) {
    List<KeySpec> out = new ArrayList<>();
    for (String spec : words(text).isEmpty() ? new String[0] : text.split(" ; ")) {
      String[] parts = spec.split("/");
      String[] begin = parts[1].split(":");
      String[] find = parts[2].split(":");
      List<Integer> numbers = new ArrayList<>();
      for (int i = 1; i < find.length; i++) {
        numbers.add(Integer.parseInt(find[i]));
      }
      out.add(new KeySpec(List.of(parts[0].split(",")), begin[0],
          List.of(begin).subList(1, begin.length), find[0], numbers));
    }
    return out;
  }
}
