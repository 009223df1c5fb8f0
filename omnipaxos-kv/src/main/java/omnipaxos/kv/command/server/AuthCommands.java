package omnipaxos.kv.command.server;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.EnumSet;
import java.util.Set;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandSpec;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * AUTH against the server's {@code requirepass} (the only user is {@code default}), and the rule
 * that a connection that has not authenticated may only send AUTH, HELLO, QUIT and RESET.
 */
public final class AuthCommands {

  static final String WRONGPASS =
      "WRONGPASS invalid username-password pair or user is disabled.";
  private static final Set<String> WITHOUT_AUTH = Set.of("auth", "hello", "quit", "reset");

  private AuthCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.local("auth", -2, EnumSet.of(Flag.SESSION), NONE, "Authenticates the connection.",
        AuthCommands::auth);
  }

  /** The error that refuses {@code spec} on the session before it authenticated, or null. */
  public static String refuses(Session s, CommandSpec spec) {
    return s.authenticated() || WITHOUT_AUTH.contains(spec.name())
        ? null : "NOAUTH Authentication required.";
  }

  private static Reply auth(Session s, Args a) {
    if (a.size() > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (a.size() == 2 && s.server().password() == null) {
      throw new CommandError("ERR AUTH <password> called without any password configured for"
          + " the default user. Are you sure your configuration is correct?");
    }
    login(s, a.size() == 3 ? a.key(1) : "default", a.key(a.size() - 1));
    return Reply.OK;
  }

  /** Authenticates the session as {@code user}, or fails with WRONGPASS. */
  static void login(Session s, String user, String password) {
    String required = s.server().password();
    if (!user.equals("default") || (required != null && !required.equals(password))) {
      throw new CommandError(WRONGPASS);
    }
    s.authenticated(true);
  }
}
