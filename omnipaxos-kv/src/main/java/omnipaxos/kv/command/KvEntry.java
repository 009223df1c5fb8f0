package omnipaxos.kv.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An entry of the key-value log. */
public sealed interface KvEntry {

  /** A command with its arguments (the name first), applied to database {@code db}. */
  record Invoke(int db, List<byte[]> args) implements KvEntry {
    public Invoke {
      List<byte[]> copy = new ArrayList<>(args.size());
      for (byte[] a : args) {
        copy.add(a.clone());
      }
      args = List.copyOf(copy);
    }

    /** An entry from strings, one byte per char. */
    public static Invoke of(int db, String... args) {
      return new Invoke(db, Args.of(args).raw());
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Invoke i) || i.db != db || i.args.size() != args.size()) {
        return false;
      }
      for (int k = 0; k < args.size(); k++) {
        if (!Arrays.equals(args.get(k), i.args.get(k))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = db;
      for (byte[] a : args) {
        h = 31 * h + Arrays.hashCode(a);
      }
      return h;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Invoke(").append(db);
      for (byte[] a : args) {
        b.append(' ').append(new String(a, 0, Math.min(a.length, 32), StandardCharsets.ISO_8859_1));
      }
      return b.append(')').toString();
    }
  }

  /**
   * A transaction (MULTI ... EXEC): applied at once, or not at all (a null reply) if a watched key
   * changed since it was watched.
   */
  record Txn(List<Invoke> commands, List<Watch> watches) implements KvEntry {
    public Txn {
      commands = List.copyOf(commands);
      watches = List.copyOf(watches);
    }
  }

  /**
   * A key WATCH saw in database {@code db}: at {@code version} (its last write's position, at least
   * 0), or absent when {@code version} is -(p + 1) with p the position it was looked at.
   */
  record Watch(int db, String key, long version) {}

  /** The leader's time: the log's clock becomes the larger of it and this. */
  record Clock(long timeMs) implements KvEntry {}

  /**
   * Server {@code pid} announces where it serves; replaces what it announced before. Each server
   * appends its own once it is a member, so that any server's dashboard finds the others.
   */
  record Announce(long pid, ServerAddresses addresses) implements KvEntry {}

  /** Drops what server {@code pid} announced: it is no longer a member. */
  record Forget(long pid) implements KvEntry {}

  /**
   * A read fence: changes nothing. The server that appended it answers the log-mode reads that
   * arrived before it from its state once the fence is applied there (see {@code ReadBatcher}),
   * so that many reads share one log entry.
   */
  record Fence() implements KvEntry {}
}
