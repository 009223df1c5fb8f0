package omnipaxos.kv.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * One command: its name (lower case), arity in Redis's signed form (n: exactly n arguments with the
 * name; -n: at least n), flags, key positions, family and
 * summary (for COMMAND and the README) and implementation.
 */
public record CommandSpec(String name, int arity, Set<Flag> flags, KeyPositions keys,
    String family, String summary, Command command) {

  public CommandSpec {
    flags = Set.copyOf(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
  }

  /** Whether {@code argc} arguments (the name included) fit the arity. */
  public boolean arityOk(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }
}
