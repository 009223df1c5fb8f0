package omnipaxos.kv.command.server;

import java.util.List;
import java.util.Locale;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * MODULE: no module is loaded here, so LIST answers Redis's reply for none (an empty list); LOAD,
 * LOADEX and UNLOAD are refused; HELP is Redis's. Subcommand arities are Redis's
 * ({@link CommandFacts}).
 */
final class Modules {

  /** MODULE HELP's lines, as Redis 7.0 gives them. */
  private static final List<String> HELP = List.of(
      "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LIST",
      "    Return a list of loaded modules.",
      "LOAD <path> [<arg> ...]",
      "    Load a module library from <path>, passing to it any optional arguments.",
      "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
      "    Load a module library from <path>, while passing it module configurations and optional"
          + " arguments.",
      "UNLOAD <name>",
      "    Unload a module.",
      "HELP",
      "    Prints this help.");

  private Modules() {}

  static Reply module(Session s, Args a) {
    String sub = a.key(1).toLowerCase(Locale.ROOT);
    CommandFacts.Facts facts = CommandFacts.of("module").sub(sub);
    if (facts == null) {
      throw new CommandError(Errors.subcommand(a.key(1), "MODULE"));
    }
    int arity = facts.arity();
    if (arity >= 0 ? a.size() != arity : a.size() < -arity) {
      throw new CommandError(Errors.arity(facts.name()));
    }
    if (sub.equals("list")) {
      return new Reply.Arr(List.of());
    }
    if (sub.equals("help")) {
      return new Reply.Arr(HELP.stream().map(l -> (Reply) new Reply.Simple(l)).toList());
    }
    return new Reply.Error("ERR MODULE " + sub.toUpperCase(Locale.ROOT) + " is not supported by"
        + " this server (no module can be loaded)");
  }
}
