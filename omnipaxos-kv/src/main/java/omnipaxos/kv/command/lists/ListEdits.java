package omnipaxos.kv.command.lists;

import static omnipaxos.kv.command.KeyPositions.FIRST;
import static omnipaxos.kv.command.KeyPositions.TWO;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import omnipaxos.kv.command.ApplyContext;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Keyspace;
import omnipaxos.kv.command.Reply;

/** The list commands that search a list or move between lists: LINSERT LREM LPOS LMOVE. */
final class ListEdits {

  private ListEdits() {}

  static void register(CommandTable.Builder b) {
    b.write("linsert", 5, FIRST, "Inserts an element before or after another.",
        ListEdits::linsert);
    b.write("lrem", 4, FIRST, "Removes occurrences of an element.", ListEdits::lrem);
    b.read("lpos", -3, FIRST, "The indices of an element (RANK COUNT MAXLEN).", ListEdits::lpos);
    b.write("lmove", 5, TWO, "Moves an element from one end of a list to an end of another.",
        (db, a, c) -> move(db, a.key(1), a.key(2), left(a, 3), left(a, 4)));
    b.write("rpoplpush", 3, TWO, "Moves the last element of a list to the head of another.",
        (db, a, c) -> move(db, a.key(1), a.key(2), false, true));
  }

  private static boolean left(Args a, int i) {
    return switch (a.upper(i)) {
      case "LEFT" -> true;
      case "RIGHT" -> false;
      default -> throw new CommandError(Errors.SYNTAX);
    };
  }

  private static Reply linsert(Keyspace.Db db, Args a, ApplyContext c) {
    boolean after = switch (a.upper(2)) {
      case "BEFORE" -> false;
      case "AFTER" -> true;
      default -> throw new CommandError(Errors.SYNTAX);
    };
    Elements list = ListCommands.list(db, a.key(1));
    if (list == null) {
      return new Reply.Int(0);
    }
    for (int i = 0; i < list.size(); i++) {
      if (Arrays.equals(list.get(i), a.bytes(3))) {
        list.insert(after ? i + 1 : i, a.bytes(4));
        ListCommands.changed(db, a.key(1), list);
        return new Reply.Int(list.size());
      }
    }
    return new Reply.Int(-1);
  }

  private static Reply lrem(Keyspace.Db db, Args a, ApplyContext c) {
    long count = a.integer(2);
    Elements list = ListCommands.list(db, a.key(1));
    if (list == null) {
      return new Reply.Int(0);
    }
    byte[] v = a.bytes(3);
    long removed = 0;
    boolean fromTail = count < 0;
    long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
    int i = fromTail ? list.size() - 1 : 0;
    while (removed < limit && i >= 0 && i < list.size()) {
      if (Arrays.equals(list.get(i), v)) {
        list.remove(i);
        removed++;
        i = fromTail ? i - 1 : i;
      } else {
        i = fromTail ? i - 1 : i + 1;
      }
    }
    if (removed > 0) {
      ListCommands.changed(db, a.key(1), list);
    }
    return new Reply.Int(removed);
  }

  private static Reply lpos(Keyspace.Db db, Args a, ApplyContext c) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int i = 3; i < a.size(); i += 2) {
      if (i + 1 >= a.size()) {
        throw new CommandError(Errors.SYNTAX);
      }
      switch (a.upper(i)) {
        case "RANK" -> {
          rank = a.integer(i + 1);
          if (rank == 0) {
            throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match,"
                + " 2 from the second ... or use negative to start from the end of the list");
          }
        }
        case "COUNT" -> count = nonNegative(a, i + 1, "COUNT");
        case "MAXLEN" -> maxlen = nonNegative(a, i + 1, "MAXLEN");
        default -> throw new CommandError(Errors.SYNTAX);
      }
    }
    Elements list = ListCommands.list(db, a.key(1));
    List<Reply> found = new ArrayList<>();
    if (list != null) {
      find(list, a.bytes(2), rank, count, maxlen, found);
    }
    if (count >= 0) {
      return new Reply.Arr(found);
    }
    return found.isEmpty() ? new Reply.Null() : found.get(0);
  }

  /** A COUNT or MAXLEN: an integer, at least 0, or the option's own error. */
  private static long nonNegative(Args a, int i, String option) {
    Long v = Args.parseLong(a.bytes(i));
    if (v == null || v < 0) {
      throw new CommandError("ERR " + option + " can't be negative");
    }
    return v;
  }

  /**
   * Collects the indices of matches: from the head for a positive rank, from the tail for a
   * negative one, skipping the first |rank|-1 matches (the most negative rank skips none, as in
   * Redis 7.0), at most {@code count} (0: all; -1: one), comparing at most {@code maxlen} (0: all).
   */
  private static void find(Elements list, byte[] v, long rank, long count, long maxlen,
      List<Reply> found) {
    boolean fromTail = rank < 0;
    long skip = rank == Long.MIN_VALUE ? 0 : Math.abs(rank) - 1;
    long wanted = count == 0 ? Long.MAX_VALUE : Math.max(count, 1);
    int n = list.size();
    long compared = 0;
    for (int k = 0; k < n && found.size() < wanted && (maxlen == 0 || compared < maxlen); k++) {
      int i = fromTail ? n - 1 - k : k;
      compared++;
      if (Arrays.equals(list.get(i), v)) {
        if (skip > 0) {
          skip--;
        } else {
          found.add(new Reply.Int(i));
        }
      }
    }
  }

  private static Reply move(Keyspace.Db db, String from, String to, boolean fromLeft,
      boolean toLeft) {
    Elements source = ListCommands.list(db, from);
    if (source == null) {
      return new Reply.Null();
    }
    Elements target = ListCommands.list(db, to);
    byte[] v = fromLeft ? source.removeFirst() : source.removeLast();
    if (target == null) {
      target = ListCommands.listOrNew(db, to);
    }
    if (toLeft) {
      target.addFirst(v);
    } else {
      target.addLast(v);
    }
    if (!from.equals(to)) {
      ListCommands.changed(db, from, source);
    }
    ListCommands.changed(db, to, target);
    return new Reply.Bulk(v);
  }
}
