package omnipaxos.kv.command.server;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * The commands that clients send on their own: PING, ECHO, SELECT, HELLO, QUIT, RESET, CLIENT,
 * COMMAND.
 */
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
    b.local("client", -2, SESSION, NONE,
        "SETNAME GETNAME ID INFO LIST SETINFO REPLY NO-EVICT KILL, TRACKING OFF.", Clients::client);
    b.local("command", -1, LOCAL, NONE,
        "COUNT, LIST, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS: the command table.",
        CommandInfo::answer);
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
}
