package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Reply;

/**
 * COMMAND GETKEYS and GETKEYSANDFLAGS: the keys that a command line's key specifications
 * ({@link CommandFacts}) pick, with Redis's errors for an unknown command, a command without keys,
 * a wrong number of arguments and a line whose keys cannot be found.
 */
final class CommandKeys {

  private static final String INVALID = "ERR Invalid arguments specified for command";

  /** One key found: its argument's index (0: the command's name) and its key-spec flags. */
  private record Found(int index, List<String> flags) {}

  private CommandKeys() {}

  /** Answers {@code COMMAND GETKEYS command arg...}. */
  static Reply getkeys(CommandTable table, Args a) {
    List<Reply> out = new ArrayList<>();
    for (Found k : found(table, a)) {
      out.add(new Reply.Bulk(a.bytes(k.index + 2)));
    }
    return new Reply.Arr(out);
  }

  /** Answers {@code COMMAND GETKEYSANDFLAGS command arg...}: each key with its flags. */
  static Reply getkeysAndFlags(CommandTable table, Args a) {
    List<Reply> out = new ArrayList<>();
    for (Found k : found(table, a)) {
      out.add(new Reply.Arr(List.of(new Reply.Bulk(a.bytes(k.index + 2)),
          new Reply.SetReply(k.flags.stream().<Reply>map(Reply.Simple::new).toList()))));
    }
    return new Reply.Arr(out);
  }

  /**
   * The keys of the command line from {@code a}'s index 2 on (at least two arguments: COMMAND
   * checked its subcommand's arity), or Redis's error.
   */
  private static List<Found> found(CommandTable table, Args a) {
    CommandSpec spec = table.get(a.key(2));
    CommandFacts.Facts f = spec == null ? null : CommandInfo.facts(spec);
    boolean container = f != null && !f.subs().isEmpty();
    if (container) {
      f = f.sub(a.key(3));
    }
    if (f == null) {
      throw new CommandError("ERR Invalid command specified");
    }
    List<CommandFacts.KeySpec> specs =
        f.keySpecs().stream().filter(k -> !k.flags().contains("not_key")).toList();
    if (specs.isEmpty()) {
      throw new CommandError("ERR The command has no key arguments");
    }
    int arity = container ? f.arity() : spec.arity();
    int argc = a.size() - 2;
    if (arity >= 0 ? argc != arity : argc < -arity) {
      throw new CommandError("ERR Invalid number of arguments specified for command");
    }
    List<Found> keys = keys(specs, a, argc);
    if ((keys == null || keys.isEmpty()) && !f.flags().contains("no_mandatory_keys")) {
      throw new CommandError(INVALID);
    }
    return keys == null ? List.of() : keys;
  }

  /**
   * The keys the specifications pick from the command line (argument 0 is the command's name,
   * at {@code a}'s index 2), or null when one of them points outside the line.
   */
  private static List<Found> keys(List<CommandFacts.KeySpec> specs, Args a, int argc) {
    List<Found> keys = new ArrayList<>();
    for (CommandFacts.KeySpec k : specs) {
      int first = begin(k, a, argc);
      if (first == 0) {
        continue;
      }
      long[] range = range(k, a, first, argc);
      if (range == null) {
        return null;
      }
      List<String> flags = k.flags().contains("variable_flags") ? setFlags(a, argc) : k.flags();
      for (long i = range[0]; i <= range[1]; i += range[2]) {
        keys.add(new Found((int) i, flags));
      }
    }
    return keys;
  }

  /**
   * The flags of SET's key, the one key specification whose flags vary: read and written when a
   * GET argument follows the value, else overwritten.
   */
  private static List<String> setFlags(Args a, int argc) {
    for (int i = 3; i < argc; i++) {
      if (a.upper(i + 2).equals("GET")) {
        return List.of("RW", "access", "update");
      }
    }
    return List.of("OW", "update");
  }

  /** Where a key specification's search begins (0: its keyword is not on the line). */
  private static int begin(CommandFacts.KeySpec k, Args a, int argc) {
    if (k.beginType().equals("index")) {
      return Integer.parseInt(k.begin().get(0));
    }
    if (!k.beginType().equals("keyword")) {
      return 0;
    }
    int from = Integer.parseInt(k.begin().get(1));
    int step = from >= 0 ? 1 : -1;
    for (int i = from >= 0 ? from : argc + from; i > 0 && i < argc; i += step) {
      if (a.upper(i + 2).equals(k.begin().get(0))) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The first and last argument and the step of a specification's keys, or null: none fit. */
  private static long[] range(CommandFacts.KeySpec k, Args a, long first, int argc) {
    List<Integer> f = k.find();
    long last;
    long step;
    if (k.findType().equals("keynum")) {
      long at = first + f.get(0);
      Long n = at < argc ? Args.parseLong(a.bytes((int) at + 2)) : null;
      if (n == null || n < 0) {
        return null;
      }
      first += f.get(1);
      step = f.get(2);
      last = first + (n - 1) * step;
    } else if (k.findType().equals("range")) {
      step = f.get(1);
      int limit = f.get(2);
      last = f.get(0) >= 0 ? first + f.get(0)
          : limit == 0 ? argc + f.get(0) : first + ((argc - first) / limit + f.get(0));
    } else {
      return null;
    }
    if (first >= argc || last >= argc || last < first || step <= 0) {
      return null;
    }
    return new long[] {first, last, step};
  }
}
