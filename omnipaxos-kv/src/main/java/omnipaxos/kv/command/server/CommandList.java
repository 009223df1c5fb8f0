package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.keys.Glob;

/**
 * COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: the names of the table's
 * commands, each followed by its subcommands ({@code client|id}), as Redis lists them; no
 * module's (this server loads none).
 */
final class CommandList {

  private CommandList() {}

  /** Answers {@code COMMAND LIST ...}. */
  static Reply answer(CommandTable table, Args a) {
    Predicate<CommandFacts.Facts> keep = a.size() == 2 ? f -> true : filter(a);
    List<Reply> names = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      CommandFacts.Facts f = CommandInfo.facts(spec);
      if (keep.test(f)) {
        names.add(Reply.bulk(f.name()));
      }
      f.subs().stream().filter(keep).forEach(sub -> names.add(Reply.bulk(sub.name())));
    }
    return new Reply.Arr(names);
  }

  private static Predicate<CommandFacts.Facts> filter(Args a) {
    if (a.size() != 5 || !a.upper(2).equals("FILTERBY")) {
      throw new CommandError(Errors.SYNTAX);
    }
    String value = a.key(4).toLowerCase(Locale.ROOT);
    return switch (a.upper(3)) {
      case "MODULE" -> f -> false;
      case "ACLCAT" -> f -> f.categories().contains("@" + value);
      case "PATTERN" -> f -> Glob.matches(value, f.name());
      default -> throw new CommandError(Errors.SYNTAX);
    };
  }
}
