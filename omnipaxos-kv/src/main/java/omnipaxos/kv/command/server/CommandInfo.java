package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.KeyPositions;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS; LIST in {@link CommandList}, GETKEYS and
 * GETKEYSANDFLAGS in {@link CommandKeys}), generated from the table and {@link CommandFacts}, with
 * Redis's arity errors for COMMAND's subcommands.
 */
final class CommandInfo {

  private CommandInfo() {}

  static Reply answer(Session s, Args a) {
    CommandTable table = s.table();
    if (a.size() == 1) {
      return infoOfAll(table);
    }
    CommandFacts.Facts sub = CommandFacts.of("command").sub(a.key(1));
    if (sub != null && (sub.arity() >= 0 ? a.size() != sub.arity() : a.size() < -sub.arity())) {
      throw new CommandError(Errors.arity(sub.name()));
    }
    switch (a.upper(1)) {
      case "COUNT" -> {
        return new Reply.Int(table.all().size());
      }
      case "LIST" -> {
        return CommandList.answer(table, a);
      }
      case "INFO" -> {
        if (a.size() == 2) {
          return infoOfAll(table);
        }
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < a.size(); i++) {
          out.add(infoOf(table, a.key(i)));
        }
        return new Reply.Arr(out);
      }
      case "DOCS" -> {
        return docs(table, a);
      }
      case "GETKEYS" -> {
        return CommandKeys.getkeys(table, a);
      }
      case "GETKEYSANDFLAGS" -> {
        return CommandKeys.getkeysAndFlags(table, a);
      }
      default -> throw new CommandError(Errors.subcommand(a.key(1), "COMMAND"));
    }
  }

  /** COMMAND DOCS: each named command's summary and group (every command without names). */
  private static Reply docs(CommandTable table, Args a) {
    List<CommandSpec> specs = new ArrayList<>();
    if (a.size() == 2) {
      specs.addAll(table.all());
    }
    for (int i = 2; i < a.size(); i++) {
      CommandSpec spec = table.get(a.key(i));
      if (spec != null) {
        specs.add(spec);
      }
    }
    List<Reply> out = new ArrayList<>();
    for (CommandSpec spec : specs) {
      out.add(Reply.bulk(spec.name()));
      out.add(new Reply.MapReply(List.of(Reply.bulk("summary"), Reply.bulk(spec.summary()),
          Reply.bulk("group"), Reply.bulk(spec.family()))));
    }
    return new Reply.MapReply(out);
  }

  /** COMMAND, and COMMAND INFO without names: every command of the table. */
  private static Reply infoOfAll(CommandTable table) {
    List<Reply> all = new ArrayList<>();
    table.all().forEach(spec -> all.add(info(spec)));
    return new Reply.Arr(all);
  }

  /**
   * COMMAND INFO of one name: a command of the table, or {@code container|subcommand} (any case)
   * for one of its subcommands; a null reply for anything else.
   */
  private static Reply infoOf(CommandTable table, String name) {
    int bar = name.indexOf('|');
    CommandSpec spec = table.get(bar < 0 ? name : name.substring(0, bar));
    if (spec == null) {
      return new Reply.Null();
    }
    if (bar < 0) {
      return info(spec);
    }
    CommandFacts.Facts sub = facts(spec).sub(name.substring(bar + 1));
    return sub == null ? new Reply.Null() : info(sub, sub.arity(), sub.keys());
  }

  /** The facts of a command of the table (every one has them). */
  static CommandFacts.Facts facts(CommandSpec spec) {
    CommandFacts.Facts f = CommandFacts.of(spec.name());
    if (f == null) {
      throw new IllegalStateException("no COMMAND INFO facts for " + spec.name());
    }
    return f;
  }

  /**
   * Redis 7's ten fields: name, arity, flags, first key, last key, step, ACL categories, tips,
   * key specifications, subcommands; arity and key positions from the table, the rest from the
   * facts.
   */
  private static Reply info(CommandSpec spec) {
    CommandFacts.Facts f = facts(spec);
    return info(f, spec.arity(), spec.keys());
  }

  private static Reply info(CommandFacts.Facts f, int arity, KeyPositions k) {
    List<Reply> specs = new ArrayList<>();
    f.keySpecs().forEach(s -> specs.add(keySpec(s)));
    List<Reply> subs = new ArrayList<>();
    f.subs().forEach(s -> subs.add(info(s, s.arity(), s.keys())));
    return new Reply.Arr(List.of(Reply.bulk(f.name()), new Reply.Int(arity),
        simples(f.flags()), new Reply.Int(k.first()), new Reply.Int(k.last()),
        new Reply.Int(k.step()), simples(f.categories()),
        new Reply.SetReply(f.tips().stream().map(Reply::bulk).toList()),
        new Reply.SetReply(specs), subs.isEmpty() ? new Reply.SetReply(List.of())
            : new Reply.Arr(subs)));
  }

  private static Reply simples(List<String> words) {
    return new Reply.SetReply(words.stream().<Reply>map(Reply.Simple::new).toList());
  }

  /** One key specification as a map: flags, begin_search, find_keys. */
  private static Reply keySpec(CommandFacts.KeySpec k) {
    List<Reply> begin = switch (k.beginType()) {
      case "index" -> List.of(Reply.bulk("index"),
          new Reply.Int(Integer.parseInt(k.begin().get(0))));
      case "keyword" -> List.of(Reply.bulk("keyword"), Reply.bulk(k.begin().get(0)),
          Reply.bulk("startfrom"), new Reply.Int(Integer.parseInt(k.begin().get(1))));
      default -> List.of();
    };
    List<String> names = k.findType().equals("range") ? List.of("lastkey", "keystep", "limit")
        : k.findType().equals("keynum") ? List.of("keynumidx", "firstkey", "keystep") : List.of();
    List<Reply> find = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      find.add(Reply.bulk(names.get(i)));
      find.add(new Reply.Int(k.find().get(i)));
    }
    return new Reply.MapReply(List.of(Reply.bulk("flags"), simples(k.flags()),
        Reply.bulk("begin_search"), typed(k.beginType(), begin),
        Reply.bulk("find_keys"), typed(k.findType(), find)));
  }

  private static Reply typed(String type, List<Reply> spec) {
    return new Reply.MapReply(List.of(Reply.bulk("type"), Reply.bulk(type), Reply.bulk("spec"),
        new Reply.MapReply(spec)));
  }
}
