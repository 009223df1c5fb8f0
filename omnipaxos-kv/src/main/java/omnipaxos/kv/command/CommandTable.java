package omnipaxos.kv.command;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import omnipaxos.kv.command.expire.ExpireCommands;
import omnipaxos.kv.command.hash.HashCommands;
import omnipaxos.kv.command.keys.KeyCommands;
import omnipaxos.kv.command.lists.ListCommands;
import omnipaxos.kv.command.server.AuthCommands;
import omnipaxos.kv.command.server.ConnectionCommands;
import omnipaxos.kv.command.server.ServerCommands;
import omnipaxos.kv.command.server.Unsupported;
import omnipaxos.kv.command.set.SetCommands;
import omnipaxos.kv.command.strings.StringCommands;
import omnipaxos.kv.command.txn.TransactionCommands;
import omnipaxos.kv.command.zsets.ZsetCommands;

/** Every command the server knows, looked up case-insensitively; built by explicit registration. */
public final class CommandTable {

  private static final CommandTable STANDARD = build();

  private final Map<String, CommandSpec> specs;

  private CommandTable(Map<String, CommandSpec> specs) {
    this.specs = Collections.unmodifiableMap(new TreeMap<>(specs));
  }

  /** The table of this server's commands. */
  public static CommandTable standard() {
    return STANDARD;
  }

  private static CommandTable build() {
    Builder b = new Builder();
    StringCommands.register(b.family("string"));
    KeyCommands.register(b.family("generic"));
    ExpireCommands.register(b.family("generic"));
    HashCommands.register(b.family("hash"));
    SetCommands.register(b.family("set"));
    ListCommands.register(b.family("list"));
    ZsetCommands.register(b.family("sorted_set"));
    ConnectionCommands.register(b.family("connection"));
    ServerCommands.register(b.family("server"));
    AuthCommands.register(b.family("connection"));
    Unsupported.register(b.family("unsupported"));
    TransactionCommands.register(b.family("transactions"));
    return new CommandTable(b.specs);
  }

  /** The command called {@code name} (any case), or null. */
  public CommandSpec get(String name) {
    return specs.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every command, by name. */
  public Collection<CommandSpec> all() {
    return specs.values();
  }

  /** Collects the specs of the families. */
  public static final class Builder {
    private final Map<String, CommandSpec> specs = new TreeMap<>();
    private String family = "";

    /** Registrations from now on belong to {@code name}. */
    public Builder family(String name) {
      this.family = name;
      return this;
    }

    /** Registers a command. */
    public Builder add(String name, int arity, Set<Flag> flags, KeyPositions keys, String summary,
        Command command) {
      CommandSpec spec = new CommandSpec(name, arity, flags, keys, family,
          summary, command);
      if (specs.putIfAbsent(name, spec) != null) {
        throw new IllegalStateException("command registered twice: " + name);
      }
      return this;
    }

    /** A command answered on the connection. */
    public Builder local(String name, int arity, Set<Flag> flags, KeyPositions keys,
        String summary, LocalCommand c) {
      return add(name, arity, flags, keys, summary, c);
    }

    /** A command that reads keys through the log (or a lease). */
    public Builder read(String name, int arity, KeyPositions keys, String summary,
        ReplicatedCommand c) {
      return add(name, arity, EnumSet.of(Flag.READONLY), keys, summary, c);
    }

    /** A command that writes. */
    public Builder write(String name, int arity, KeyPositions keys, String summary,
        ReplicatedCommand c) {
      return add(name, arity, EnumSet.of(Flag.WRITE), keys, summary, c);
    }
  }

}
