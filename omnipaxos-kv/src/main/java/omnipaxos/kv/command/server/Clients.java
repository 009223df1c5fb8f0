package omnipaxos.kv.command.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.Session;

/**
 * CLIENT SETNAME GETNAME ID INFO LIST SETINFO (the others in {@link ClientControls}). INFO and
 * LIST have Redis's fields in Redis's order; what has no counterpart here (file descriptor,
 * buffers, memory) is -1 or 0.
 */
final class Clients {

  private static final Set<String> ONE_ARG = Set.of("ID", "GETNAME", "INFO");

  private Clients() {}

  static Reply client(Session s, Args a) {
    String sub = a.upper(1);
    if (ONE_ARG.contains(sub) && a.size() != 2) {
      throw new CommandError(Errors.arity("client|" + sub.toLowerCase(java.util.Locale.ROOT)));
    }
    switch (sub) {
      case "SETNAME" -> {
        if (a.size() != 3) {
          throw new CommandError(Errors.arity("client|setname"));
        }
        checkName(a.key(2));
        s.name(a.key(2));
        return Reply.OK;
      }
      case "GETNAME" -> {
        return s.name().isEmpty() ? new Reply.Null() : Reply.bulk(s.name());
      }
      case "ID" -> {
        return new Reply.Int(s.id());
      }
      case "INFO" -> {
        return Reply.bulk(line(s) + "\n");
      }
      case "LIST" -> {
        return list(s, a);
      }
      case "SETINFO" -> {
        return setinfo(s, a);
      }
      default -> {
        return ClientControls.client(s, a, sub);
      }
    }
  }

  /** Refuses names with spaces, newlines or other special characters, as Redis does. */
  static void checkName(String name) {
    if (name.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
      throw new CommandError("ERR Client names cannot contain spaces, newlines or special"
          + " characters.");
    }
  }

  private static Reply setinfo(Session s, Args a) {
    if (a.size() != 4) {
      throw new CommandError(Errors.arity("client|setinfo"));
    }
    String value = a.key(3);
    if (value.chars().anyMatch(ch -> ch < '!' || ch > '~')) {
      throw new CommandError("ERR " + a.key(2) + " cannot contain spaces, newlines or special"
          + " characters.");
    }
    switch (a.upper(2)) {
      case "LIB-NAME" -> s.libName(value);
      case "LIB-VER" -> s.libVersion(value);
      default -> throw new CommandError("ERR Unrecognized option '" + a.key(2) + "'");
    }
    return Reply.OK;
  }

  private static Reply list(Session s, Args a) {
    List<Long> ids = null;
    if (a.size() > 2) {
      if (a.upper(2).equals("ID") && a.size() > 3) {
        ids = new ArrayList<>();
        for (int i = 3; i < a.size(); i++) {
          long id = a.integer(i, "ERR Invalid client ID");
          ids.add(id);
        }
      } else if (a.upper(2).equals("TYPE") && a.size() == 4) {
        String type = a.key(3).toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
          throw new CommandError("ERR Unknown client type '" + a.key(3) + "'");
        }
        ids = type.equals("normal") ? null : List.of();
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    StringBuilder b = new StringBuilder();
    for (Session other : s.server().sessions()) {
      if (ids == null || ids.contains(other.id())) {
        b.append(line(other)).append('\n');
      }
    }
    return Reply.bulk(b.toString());
  }

  /** CLIENT LIST's flags: x in MULTI, e for NO-EVICT, else N. */
  private static String flags(Session s, int queued) {
    String f = (queued >= 0 ? "x" : "") + (s.noEvict() ? "e" : "");
    return f.isEmpty() ? "N" : f;
  }

  /** One client's line of CLIENT LIST. */
  private static String line(Session s) {
    long now = System.currentTimeMillis();
    int queued = s.queued();
    return "id=" + s.id() + " addr=" + s.address() + " laddr=" + s.localAddress() + " fd=-1"
        + " name=" + s.name() + " age=" + (now - s.createdMs()) / 1000
        + " idle=" + (now - s.lastCommandMs()) / 1000 + " flags=" + flags(s, queued)
        + " db=" + s.db() + " sub=0 psub=0 ssub=0 multi=" + queued
        + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0"
        + " events=r cmd=" + s.lastCommand() + " user=default redir=-1 resp=" + s.protocol()
        + " lib-name=" + s.libName() + " lib-ver=" + s.libVersion();
  }
}
