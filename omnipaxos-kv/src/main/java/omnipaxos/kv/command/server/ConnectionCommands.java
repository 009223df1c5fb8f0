package omnipaxos.kv.command.server;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/** The commands that clients send on their own: PING, ECHO, SELECT, HELLO, CLIENT, COMMAND. */
public final class ConnectionCommands {

  private static final Set<Flag> LOCAL = EnumSet.of(Flag.LOCAL);
  private static final Set<Flag> SESSION = EnumSet.of(Flag.SESSION);

  private ConnectionCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.local("ping", -1, LOCAL, NONE, "Answers PONG or its argument.", ConnectionCommands::ping);
    b.local("echo", 2, LOCAL, NONE, "Answers its argument.", (s, a) -> new Reply.Bulk(a.bytes(1)));
    b.local("select", 2, SESSION, NONE, "Selects database 0..15.", ConnectionCommands::select);
    b.local("hello", -1, SESSION, NONE, "Selects RESP2 or RESP3 and describes the server.",
        ConnectionCommands::hello);
    b.local("quit", -1, SESSION, NONE, "Closes the connection.", (s, a) -> {
      s.close();
      return Reply.OK;
    });
    b.local("reset", 1, SESSION, NONE, "Resets the connection's state.", (s, a) -> {
      s.reset();
      return new Reply.Simple("RESET");
    });
    b.local("client", -2, SESSION, NONE, "SETNAME GETNAME ID INFO LIST SETINFO.",
        Clients::client);
    b.local("command", -1, LOCAL, NONE, "COUNT, INFO, DOCS, GETKEYS: the command table.",
        CommandInfo::answer);
    for (String name : List.of("blpop", "brpop", "blmove", "brpoplpush", "bzpopmin", "bzpopmax")) {
      b.local(name, -1, EnumSet.of(Flag.UNSUPPORTED), NONE, "Not supported here.",
          (s, a) -> new Reply.Error(Errors.unsupported(a.name())));
    }
  }

  private static Reply ping(Session s, Args a) {
    if (a.size() > 2) {
      throw new CommandError(Errors.arity("ping"));
    }
    return a.size() == 1 ? new Reply.Simple("PONG") : new Reply.Bulk(a.bytes(1));
  }

  private static Reply select(Session s, Args a) {
    long db = a.integer(1);
    if (db < 0 || db >= Keyspace.DATABASES) {
      throw new CommandError(Errors.DB_RANGE);
    }
    s.select((int) db);
    return Reply.OK;
  }

  private static Reply hello(Session s, Args a) {
    if (a.size() > 1) {
      long proto = a.integer(1, "ERR Protocol version is not an integer or out of range");
      if (proto < 2 || proto > 3) {
        throw new CommandError("NOPROTO unsupported protocol version");
      }
      String name = null;
      String[] login = null;
      for (int i = 2; i < a.size(); i++) {
        if (a.upper(i).equals("SETNAME") && i + 1 < a.size()) {
          name = a.key(++i);
        } else if (a.upper(i).equals("AUTH") && i + 2 < a.size()) {
          login = new String[] {a.key(i + 1), a.key(i + 2)};
          i += 2;
        } else {
          throw new CommandError("ERR Syntax error in HELLO option '" + a.key(i) + "'");
        }
      }
      authenticate(s, login);
      if (name != null) {
        Clients.checkName(name);
        s.name(name);
      }
      s.protocol((int) proto);
    } else {
      authenticate(s, null);
    }
    return new Reply.MapReply(List.of(Reply.bulk("server"), Reply.bulk("redis"),
        Reply.bulk("version"), Reply.bulk("7.0.15"), Reply.bulk("proto"),
        new Reply.Int(s.protocol()), Reply.bulk("id"), new Reply.Int(s.id()),
        Reply.bulk("mode"), Reply.bulk("standalone"), Reply.bulk("role"), Reply.bulk("master"),
        Reply.bulk("modules"), new Reply.Arr(List.of())));
  }

  private static void authenticate(Session s, String[] login) {
    if (login != null) {
      AuthCommands.login(s, login[0], login[1]);
    } else if (!s.authenticated()) {
      throw new CommandError("NOAUTH HELLO must be called with the client already authenticated,"
          + " otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client"
          + " and select the RESP protocol version at the same time");
    }
  }

  /** COMMAND and its subcommands, generated from the table. */
  static final class CommandInfo {
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

    private static Reply info(CommandSpec spec) {
      List<Reply> flags = new ArrayList<>();
      spec.flags().stream().sorted().forEach(f -> flags.add(
          new Reply.Simple(f.name().toLowerCase(java.util.Locale.ROOT))));
      return new Reply.Arr(List.of(Reply.bulk(spec.name()), new Reply.Int(spec.arity()),
          new Reply.Arr(flags), new Reply.Int(spec.keys().first()),
          new Reply.Int(spec.keys().last()), new Reply.Int(spec.keys().step())));
    }
  }
}
