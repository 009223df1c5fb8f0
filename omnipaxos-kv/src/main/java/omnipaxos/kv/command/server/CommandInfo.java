package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.KeyPositions;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/** COMMAND and its subcommands (COUNT, INFO, DOCS, GETKEYS), generated from the table. */
final class CommandInfo {

  /** Redis's ACL category of each family. */
  private static final Map<String, String> CATEGORIES = Map.of("string", "@string",
      "generic", "@keyspace", "connection", "@connection", "transactions", "@transaction",
      "server", "@admin", "hash", "@hash", "list", "@list", "set", "@set",
      "sorted-set", "@sortedset");

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

  /** COMMAND GETKEYS: the keys the table's key positions pick from a command line. */
  private static Reply getkeys(CommandTable table, Args a) {
    if (a.size() < 4) {
      throw new CommandError(Errors.arity("command|getkeys"));
    }
    CommandSpec spec = table.get(a.key(2));
    if (spec == null) {
      throw new CommandError("ERR Invalid command specified");
    }
    if (!spec.arityOk(a.size() - 2)) {
      throw new CommandError("ERR Invalid number of arguments specified for command");
    }
    if (spec.keys().first() == 0) {
      throw new CommandError("ERR The command has no key arguments");
    }
    int argc = a.size() - 2;
    int last = spec.keys().last() < 0 ? argc + spec.keys().last() : spec.keys().last();
    List<Reply> keys = new ArrayList<>();
    for (int i = spec.keys().first(); i <= last && i < argc; i += spec.keys().step()) {
      keys.add(new Reply.Bulk(a.bytes(i + 2)));
    }
    return new Reply.Arr(keys);
  }

  /**
   * Redis 7's ten fields: name, arity, flags, first key, last key, step, ACL categories, tips,
   * key specifications, subcommands.
   */
  private static Reply info(CommandSpec spec) {
    List<Reply> flags = new ArrayList<>();
    List<Reply> categories = new ArrayList<>();
    if (spec.has(Flag.WRITE)) {
      flags.add(new Reply.Simple("write"));
      categories.add(new Reply.Simple("@write"));
    }
    if (spec.has(Flag.READONLY)) {
      flags.add(new Reply.Simple("readonly"));
      categories.add(new Reply.Simple("@read"));
    }
    if (spec.has(Flag.ADMIN)) {
      flags.add(new Reply.Simple("admin"));
    }
    categories.add(new Reply.Simple(CATEGORIES.getOrDefault(spec.family(), "@slow")));
    KeyPositions k = spec.keys();
    return new Reply.Arr(List.of(Reply.bulk(spec.name()), new Reply.Int(spec.arity()),
        new Reply.Arr(flags), new Reply.Int(k.first()), new Reply.Int(k.last()),
        new Reply.Int(k.step()), new Reply.Arr(categories), new Reply.Arr(List.of()),
        new Reply.Arr(k.first() == 0 ? List.of() : List.of(keySpec(spec))),
        new Reply.Arr(List.of())));
  }

  /** The key specification of a command's key positions: an index, then a range. */
  private static Reply keySpec(CommandSpec spec) {
    KeyPositions k = spec.keys();
    long lastKey = k.last() < 0 ? k.last() : k.last() - k.first();
    return new Reply.MapReply(List.of(Reply.bulk("flags"), new Reply.Arr(List.of(
        new Reply.Simple(spec.has(Flag.WRITE) ? "RW" : "RO"),
        new Reply.Simple(spec.has(Flag.WRITE) ? "update" : "access"))),
        Reply.bulk("begin_search"), new Reply.MapReply(List.of(Reply.bulk("type"),
            Reply.bulk("index"), Reply.bulk("spec"), new Reply.MapReply(List.of(
                Reply.bulk("index"), new Reply.Int(k.first()))))),
        Reply.bulk("find_keys"), new Reply.MapReply(List.of(Reply.bulk("type"),
            Reply.bulk("range"), Reply.bulk("spec"), new Reply.MapReply(List.of(
                Reply.bulk("lastkey"), new Reply.Int(lastKey), Reply.bulk("keystep"),
                new Reply.Int(k.step()), Reply.bulk("limit"), new Reply.Int(0)))))));
  }
}
