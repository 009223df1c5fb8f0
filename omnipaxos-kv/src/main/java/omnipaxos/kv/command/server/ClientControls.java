package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * CLIENT REPLY (per connection), NO-EVICT (recorded: nothing evicts clients here), TRACKING (OFF
 * only: this server sends no invalidation messages, so ON is refused; GETREDIR, TRACKINGINFO and
 * CACHING answer as Redis does with tracking off), KILL, and UNPAUSE and UNBLOCK (nothing is ever
 * paused or blocked here), with Redis's checks and errors.
 */
final class ClientControls {

  private static final Set<String> TYPES = Set.of("normal", "master", "replica", "slave", "pubsub");

  private ClientControls() {}

  /** The reply to CLIENT {@code sub}, or the unknown-subcommand error. */
  static Reply client(Session s, Args a, String sub) {
    switch (sub) {
      case "REPLY" -> {
        arity(a, "reply");
        s.replies(switch (a.upper(2)) {
          case "ON" -> Session.Replies.ON;
          case "OFF" -> Session.Replies.OFF;
          case "SKIP" -> Session.Replies.SKIP;
          default -> throw new CommandError(Errors.SYNTAX);
        });
        return Reply.OK;
      }
      case "NO-EVICT" -> {
        arity(a, "no-evict");
        s.noEvict(onOff(a.upper(2)));
        return Reply.OK;
      }
      case "TRACKING" -> {
        return tracking(s, a);
      }
      case "GETREDIR" -> {
        exactly(a, 2, "getredir");
        return new Reply.Int(-1);
      }
      case "TRACKINGINFO" -> {
        exactly(a, 2, "trackinginfo");
        return new Reply.MapReply(List.of(Reply.bulk("flags"),
            new Reply.SetReply(List.of(Reply.bulk("off"))), Reply.bulk("redirect"),
            new Reply.Int(-1), Reply.bulk("prefixes"), new Reply.Arr(List.of())));
      }
      case "UNPAUSE" -> {
        exactly(a, 2, "unpause");
        return Reply.OK;
      }
      case "UNBLOCK" -> {
        return unblock(a);
      }
      case "CACHING" -> {
        exactly(a, 3, "caching");
        throw new CommandError("ERR CLIENT CACHING can be called only when the client is in"
            + " tracking mode with OPTIN or OPTOUT mode enabled");
      }
      case "KILL" -> {
        if (a.size() < 3) {
          throw new CommandError(Errors.arity("client|kill"));
        }
        return a.size() == 3 ? killAddress(s, a.key(2)) : kill(s, a);
      }
      default -> throw new CommandError(Errors.subcommand(a.key(1), "CLIENT"));
    }
  }

  private static void arity(Args a, String sub) {
    exactly(a, 3, sub);
  }

  private static void exactly(Args a, int size, String sub) {
    if (a.size() != size) {
      throw new CommandError(Errors.arity("client|" + sub));
    }
  }

  private static boolean onOff(String v) {
    if (!v.equals("ON") && !v.equals("OFF")) {
      throw new CommandError(Errors.SYNTAX);
    }
    return v.equals("ON");
  }

  private static Reply tracking(Session s, Args a) {
    if (a.size() < 3) {
      throw new CommandError(Errors.arity("client|tracking"));
    }
    boolean on = onOff(a.upper(2));
    for (int i = 3; i < a.size(); i++) {
      switch (a.upper(i)) {
        case "BCAST", "OPTIN", "OPTOUT", "NOLOOP" -> { }
        case "REDIRECT", "PREFIX" -> {
          if (++i >= a.size()) {
            throw new CommandError(Errors.SYNTAX);
          }
          if (a.upper(i - 1).equals("REDIRECT") && !exists(s, a.integer(i))) {
            throw new CommandError("ERR The client ID you want redirect to does not exist");
          }
        }
        default -> throw new CommandError(Errors.SYNTAX);
      }
    }
    if (on) {
      throw new CommandError("ERR CLIENT TRACKING ON is not supported by this server (it sends no"
          + " invalidation messages)");
    }
    return Reply.OK;
  }

  /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 0, no connection is ever blocked here. */
  private static Reply unblock(Args a) {
    if (a.size() < 3) {
      throw new CommandError(Errors.arity("client|unblock"));
    }
    if (a.size() > 4) {
      throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
          + a.key(1) + "'. Try CLIENT HELP.");
    }
    if (a.size() == 4 && !a.upper(3).equals("TIMEOUT") && !a.upper(3).equals("ERROR")) {
      throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    }
    a.integer(2);
    return new Reply.Int(0);
  }

  private static boolean exists(Session s, long id) {
    return s.server().sessions().stream().anyMatch(o -> o.id() == id);
  }

  /** The old form, CLIENT KILL addr:port: OK, or an error if no connection has that address. */
  private static Reply killAddress(Session s, String address) {
    for (Session other : s.server().sessions()) {
      if (other.address().equals(address)) {
        close(s, other);
        return Reply.OK;
      }
    }
    throw new CommandError("ERR No such client");
  }

  /** CLIENT KILL with filters (ID TYPE ADDR LADDR USER SKIPME): how many it closed. */
  private static Reply kill(Session s, Args a) {
    Long id = null;
    String type = null;
    String addr = null;
    String laddr = null;
    boolean skipMe = true;
    for (int i = 2; i < a.size(); i += 2) {
      if (i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      String v = a.key(i + 1);
      switch (a.upper(i)) {
        case "ID" -> id = clientId(a, i + 1);
        case "TYPE" -> type = clientType(v);
        case "ADDR" -> addr = v;
        case "LADDR" -> laddr = v;
        case "USER" -> user(v);
        case "SKIPME" -> skipMe = yesNo(a.upper(i + 1));
        default -> throw new CommandError(Errors.SYNTAX);
      }
    }
    List<Session> victims = new ArrayList<>();
    for (Session o : s.server().sessions()) {
      if ((id == null || o.id() == id) && (type == null || type.equals("normal"))
          && (addr == null || o.address().equals(addr))
          && (laddr == null || o.localAddress().equals(laddr)) && !(skipMe && o == s)) {
        victims.add(o);
      }
    }
    victims.forEach(o -> close(s, o));
    return new Reply.Int(victims.size());
  }

  private static long clientId(Args a, int i) {
    Long id = Args.parseLong(a.bytes(i));
    if (id == null || id <= 0) {
      throw new CommandError("ERR client-id should be greater than 0");
    }
    return id;
  }

  private static String clientType(String v) {
    String type = v.toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new CommandError("ERR Unknown client type '" + v + "'");
    }
    return type;
  }

  private static void user(String v) {
    if (!v.equals("default")) {
      throw new CommandError("ERR No such user '" + v + "'");
    }
  }

  private static boolean yesNo(String v) {
    if (!v.equals("YES") && !v.equals("NO")) {
      throw new CommandError(Errors.SYNTAX);
    }
    return v.equals("YES");
  }

  /** Closes {@code victim}: at once, or after this reply if it is the caller. */
  private static void close(Session caller, Session victim) {
    if (victim == caller) {
      caller.close();
    } else {
      victim.kill();
    }
  }
}
