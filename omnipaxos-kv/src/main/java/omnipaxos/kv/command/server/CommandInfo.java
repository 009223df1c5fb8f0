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

/** COMMAND and its subcommands (COUNT, INFO, DOCS, GETKEYS), generated from the table. */
final class CommandInfo {

  private CommandInfo() {}

  static Reply answer(Session s, Args a) {
    CommandTable table = s.table();
    if (a.size() == 1) {
      List<Reply> all = new ArrayList<>();
      table.all().forEach(spec -> all.add(info(spec)));
      return new Reply.Arr(all);
    }
    switch (a.upper(1)) {
      case "COUNT" -> {
        return new Reply.Int(table.all().size());
      }
      case "LIST" -> {
        if (a.size() > 2) {
          throw new CommandError(Errors.SYNTAX);
        }
        List<Reply> names = new ArrayList<>();
        table.all().forEach(spec -> names.add(Reply.bulk(spec.name())));
        return new Reply.Arr(names);
      }
      case "INFO" -> {
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < a.size(); i++) {
          CommandSpec spec = table.get(a.key(i));
          out.add(spec == null ? new Reply.Null() : info(spec));
        }
        return new Reply.Arr(out);
      }
      case "DOCS" -> {
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < a.size(); i++) {
          CommandSpec spec = table.get(a.key(i));
          if (spec != null) {
            out.add(Reply.bulk(spec.name()));
            out.add(new Reply.MapReply(List.of(Reply.bulk("summary"),
                Reply.bulk(spec.summary()), Reply.bulk("group"), Reply.bulk(spec.family()))));
          }
        }
        return new Reply.MapReply(out);
      }
      case "GETKEYS" -> {
        return getkeys(table, a);
      }
      default -> throw new CommandError(Errors.subcommand(a.key(1), "COMMAND"));
    }
  }

  /** COMMAND GETKEYS: the keys that the command's key specifications pick from its line. */
  private static Reply getkeys(CommandTable table, Args a) {
    if (a.size() < 3) {
      throw new CommandError(Errors.arity("command|getkeys"));
    }
    CommandSpec spec = table.get(a.key(2));
    if (spec == null) {
      throw new CommandError("ERR Invalid command specified");
    }
    if (!spec.arityOk(a.size() - 2)) {
      throw new CommandError("ERR Invalid number of arguments specified for command");
    }
    int argc = a.size() - 2;
    List<Reply> keys = new ArrayList<>();
    for (CommandFacts.KeySpec k : facts(spec).keySpecs()) {
      int start = begin(k, a, argc);
      if (start <= 0) {
        continue;
      }
      int step = k.findType().equals("range") ? k.find().get(1) : k.find().get(2);
      int last = last(k, a, start, argc);
      int first = k.findType().equals("keynum") ? start + k.find().get(1) : start;
      for (int i = first; i <= last && i < argc; i += Math.max(1, step)) {
        keys.add(new Reply.Bulk(a.bytes(i + 2)));
      }
    }
    if (keys.isEmpty()) {
      throw new CommandError("ERR The command has no key arguments");
    }
    return new Reply.Arr(keys);
  }

  /** Where a key specification's search begins (0: not found). */
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

  /** The last argument a key specification's keys may be at. */
  private static int last(CommandFacts.KeySpec k, Args a, int start, int argc) {
    List<Integer> f = k.find();
    if (k.findType().equals("keynum")) {
      Long n = Args.parseLong(a.bytes(start + f.get(0) + 2));
      if (n == null || n < 0 || start + f.get(1) + (n - 1) * f.get(2) >= argc) {
        throw new CommandError("ERR Invalid arguments specified for command");
      }
      return (int) (start + f.get(1) + (n - 1) * f.get(2));
    }
    if (f.get(0) >= 0) {
      return start + f.get(0);
    }
    return f.get(2) == 0 ? argc + f.get(0) : start + ((argc - start) / f.get(2) + f.get(0));
  }

  private static CommandFacts.Facts facts(CommandSpec spec) {
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
