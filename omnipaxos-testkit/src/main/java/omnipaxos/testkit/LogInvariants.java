package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import omnipaxos.core.Ballot;
import omnipaxos.core.LogEntry;
import omnipaxos.core.OmniPaxos;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.StopSign;

/**
 * The safety invariants of replicated logs, checked incrementally each time a node is observed. Per
 * configuration it keeps every value ever seen decided at each position (by any node, at any time)
 * and checks, throwing {@link InvariantViolation}:
 *
 * <ul>
 *   <li>decided logs are prefixes of one another, across nodes and across time (agreement);
 *   <li>every decided entry was proposed, and is decided at one position only (entries carry unique
 *       ids);
 *   <li>nothing is decided after a decided stop sign, and a decided stop sign was proposed;
 *   <li>a compacted prefix agrees with the decided log: a snapshot equals the snapshot of the
 *       decided entries it covers, and covers no stop sign;
 *   <li>a node's decided index and promise never decrease while it runs, the flushed ones never
 *       decrease at all, and a restarted node recovers at least what was flushed;
 *   <li>{@code compacted <= decided <= accepted} on every node;
 *   <li>at most one leader per ballot, and it is the ballot's owner.
 * </ul>
 *
 * Observe a node after every event that may change it; between observations it may take any number
 * of steps, but positions decided and compacted away unseen cannot be compared. Not thread-safe.
 */
public final class LogInvariants<T, S> {

  /** Told about every decided position as it is first seen at each node. */
  public interface Listener {
    /**
     * Position {@code position} of configuration {@code configId} is decided at node {@code pid}.
     *
     * @param value the entry, or a {@link StopSign}
     * @param first whether no node was seen deciding it before
     */
    void decided(long pid, int configId, long position, Object value, boolean first);
  }

  /** Where an entry was decided. */
  public record Position(int configId, long index) {}

  private record ViewKey(long pid, int configId) {}

  /** What was last observed at one node in one configuration. */
  private static final class View {
    long cursor;
    long decided;
    long compacted = -1;
    Ballot promise;
    long flushedDecided;
    Ballot flushedPromise;
  }

  private static final class ConfigLog {
    final ArrayList<Object> chosen = new ArrayList<>();
    long stopSignAt = -1;
  }

  private final Snapshotter<T, S> snapshotter;
  private final EntryCodec<T> codec;
  private final Listener listener;
  private final Set<Long> proposed = new HashSet<>();
  private final Set<StopSign> proposedStopSigns = new HashSet<>();
  private final Map<Integer, ConfigLog> logs = new HashMap<>();
  private final Map<Long, Position> decidedAt = new HashMap<>();
  private final Map<Ballot, Long> leaders = new HashMap<>();
  private final Map<ViewKey, View> views = new HashMap<>();

  public LogInvariants(Snapshotter<T, S> snapshotter, EntryCodec<T> codec, Listener listener) {
    this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Entry {@code id} is about to be proposed. */
  public void proposed(long id) {
    proposed.add(id);
  }

  /** The proposal of entry {@code id} was refused: it must never be decided. */
  public void refused(long id) {
    proposed.remove(id);
  }

  /** A stop sign is about to be proposed. */
  public void proposedStopSign(StopSign ss) {
    proposedStopSigns.add(ss);
  }

  /**
   * Every value seen decided in configuration {@code configId}, by position; null where none was
   * seen.
   */
  public List<Object> chosen(int configId) {
    ConfigLog log = logs.get(configId);
    return log == null ? List.of() : Collections.unmodifiableList(log.chosen);
  }

  /** Where entry {@code id} was decided, if it was. */
  public Optional<Position> position(long id) {
    return Optional.ofNullable(decidedAt.get(id));
  }

  /** The pid that led {@code ballot}, if any node was seen leading it. */
  public Optional<Long> leaderOf(Ballot ballot) {
    return Optional.ofNullable(leaders.get(ballot));
  }

  /** Number of ballots seen with a leader. */
  public int ballotsLed() {
    return leaders.size();
  }

  /**
   * Checks node {@code pid}'s instance of configuration {@code configId} after it took some steps.
   */
  public void observe(long pid, int configId, OmniPaxos<T, S> node) {
    View v = views.computeIfAbsent(new ViewKey(pid, configId), k -> new View());
    long decided = node.decidedIdx();
    long accepted = node.acceptedIdx();
    long compacted = node.compactedIdx();
    String at = "node " + pid + " (config " + configId + ")";
    if (decided < v.decided) {
      throw new InvariantViolation(
          at + ": decided index went back from " + v.decided + " to " + decided);
    }
    if (compacted < 0 || compacted > decided || decided > accepted) {
      throw new InvariantViolation(at + ": compacted " + compacted + " <= decided " + decided
          + " <= accepted " + accepted + " does not hold");
    }
    Ballot promise = node.promise();
    if (v.promise != null && promise.lessThan(v.promise)) {
      throw new InvariantViolation(at + ": promise went back from " + v.promise + " to " + promise);
    }
    v.promise = promise;
    if (node.isLeader()) {
      if (promise.pid() != pid) {
        throw new InvariantViolation(at + ": leads ballot " + promise + " of another node");
      }
      Long other = leaders.putIfAbsent(promise, pid);
      if (other != null && other != pid) {
        throw new InvariantViolation(
            "two leaders of ballot " + promise + ": nodes " + other + " and " + pid);
      }
    }
    if (compacted != v.compacted) {
      if (compacted < v.compacted) {
        throw new InvariantViolation(
            at + ": compacted index went back from " + v.compacted + " to " + compacted);
      }
      checkCompacted(at, configId, node, compacted);
      v.compacted = compacted;
    }
    v.cursor = Math.max(v.cursor, compacted);
    if (decided > v.cursor) {
      long pos = v.cursor;
      for (LogEntry<T, S> e : node.readEntries(v.cursor, decided)) {
        if (e instanceof LogEntry.Decided<T, S> d) {
          record(pid, configId, pos++, d.entry());
        } else if (e instanceof LogEntry.StopSignEntry<T, S> s && s.decided()) {
          record(pid, configId, pos++, s.stopSign());
        } else {
          throw new InvariantViolation(at + ": read of decided positions [" + v.cursor + ", "
              + decided + ") returned " + e + " at " + pos);
        }
      }
      if (pos != decided) {
        throw new InvariantViolation(
            at + ": read of decided positions [" + v.cursor + ", " + decided + ") ended at " + pos);
      }
      v.cursor = decided;
    }
    v.decided = decided;
  }

  /** Checks what node {@code pid} made durable with its last flush. */
  public void observeFlushed(
      long pid, int configId, long durableDecided, Optional<Ballot> durablePromise) {
    View v = views.computeIfAbsent(new ViewKey(pid, configId), k -> new View());
    String at = "node " + pid + " (config " + configId + ")";
    if (durableDecided < v.flushedDecided) {
      throw new InvariantViolation(
          at
              + ": flushed decided index went back from "
              + v.flushedDecided
              + " to "
              + durableDecided);
    }
    v.flushedDecided = durableDecided;
    if (durablePromise.isPresent()) {
      if (v.flushedPromise != null && durablePromise.get().lessThan(v.flushedPromise)) {
        throw new InvariantViolation(
            at
                + ": flushed promise went back from "
                + v.flushedPromise
                + " to "
                + durablePromise.get());
      }
      v.flushedPromise = durablePromise.get();
    } else if (v.flushedPromise != null) {
      throw new InvariantViolation(at + ": flushed promise " + v.flushedPromise + " was lost");
    }
  }

  /**
   * Node {@code pid}'s instance was re-created on its storage: what it knew only in memory is gone,
   * so observation starts afresh, but it must have recovered at least what it had flushed.
   */
  public void restarted(long pid, int configId, OmniPaxos<T, S> node) {
    View old = views.get(new ViewKey(pid, configId));
    View v = new View();
    if (old != null) {
      String at = "node " + pid + " (config " + configId + ") after restart";
      if (node.decidedIdx() < old.flushedDecided) {
        throw new InvariantViolation(
            at
                + ": recovered decided index "
                + node.decidedIdx()
                + " is below the flushed "
                + old.flushedDecided);
      }
      if (old.flushedPromise != null && node.promise().lessThan(old.flushedPromise)) {
        throw new InvariantViolation(
            at
                + ": recovered promise "
                + node.promise()
                + " is below the flushed "
                + old.flushedPromise);
      }
      v.flushedDecided = old.flushedDecided;
      v.flushedPromise = old.flushedPromise;
    }
    views.put(new ViewKey(pid, configId), v);
    observe(pid, configId, node);
  }

  private void checkCompacted(String at, int configId, OmniPaxos<T, S> node, long compacted) {
    if (compacted == 0) {
      return;
    }
    List<LogEntry<T, S>> r = node.readEntries(0, compacted);
    LogEntry<T, S> first = r.isEmpty() ? null : r.get(0);
    ConfigLog log = log(configId);
    List<T> prefix = new ArrayList<>((int) compacted);
    for (int i = 0; i < compacted; i++) {
      Object v = i < log.chosen.size() ? log.chosen.get(i) : null;
      if (v == null) {
        throw new InvariantViolation(at + ": compacted position " + i + " below " + compacted
            + " was never seen decided");
      }
      if (v instanceof StopSign) {
        throw new InvariantViolation(
            at + ": compacted prefix [0, " + compacted + ") covers the stop sign at " + i);
      }
      @SuppressWarnings("unchecked")
      T t = (T) v;
      prefix.add(t);
    }
    if (first instanceof LogEntry.Snapshotted<T, S> s) {
      if (s.trimmedIdx() != compacted) {
        throw new InvariantViolation(
            at
                + ": snapshot covers "
                + s.trimmedIdx()
                + " positions, compacted index is "
                + compacted);
      }
      if (snapshotter.enabled()) {
        S expected = snapshotter.create(prefix);
        if (!Objects.equals(expected, s.snapshot())) {
          throw new InvariantViolation(
              at
                  + ": snapshot of [0, "
                  + compacted
                  + ") is "
                  + s.snapshot()
                  + " but the decided entries give "
                  + expected);
        }
      }
    } else if (first instanceof LogEntry.Trimmed<T, S> t) {
      if (t.trimmedIdx() != compacted) {
        throw new InvariantViolation(
            at + ": trimmed " + t.trimmedIdx() + " positions, compacted index is " + compacted);
      }
    } else {
      throw new InvariantViolation(
          at + ": read of the compacted prefix [0, " + compacted + ") returned " + r);
    }
  }

  private ConfigLog log(int configId) {
    return logs.computeIfAbsent(configId, k -> new ConfigLog());
  }

  private void record(long pid, int configId, long pos, Object value) {
    ConfigLog log = log(configId);
    while (log.chosen.size() <= pos) {
      log.chosen.add(null);
    }
    Object prev = log.chosen.get((int) pos);
    if (prev != null) {
      if (!prev.equals(value)) {
        throw new InvariantViolation(
            "agreement violated in config "
                + configId
                + " at position "
                + pos
                + ": node "
                + pid
                + " decided "
                + value
                + ", but "
                + prev
                + " was decided there before");
      }
      listener.decided(pid, configId, pos, value, false);
      return;
    }
    if (log.stopSignAt >= 0 && pos > log.stopSignAt) {
      throw new InvariantViolation(
          "node "
              + pid
              + " decided "
              + value
              + " at position "
              + pos
              + " of config "
              + configId
              + ", after the decided stop sign at "
              + log.stopSignAt);
    }
    if (value instanceof StopSign ss) {
      if (!proposedStopSigns.contains(ss)) {
        throw new InvariantViolation(
            "node " + pid + " decided stop sign " + ss + " that was never proposed");
      }
      for (int i = (int) pos + 1; i < log.chosen.size(); i++) {
        if (log.chosen.get(i) != null) {
          throw new InvariantViolation(
              "node "
                  + pid
                  + " decided a stop sign at "
                  + pos
                  + " of config "
                  + configId
                  + ", but "
                  + log.chosen.get(i)
                  + " was decided after it at "
                  + i);
        }
      }
      log.stopSignAt = pos;
    } else {
      @SuppressWarnings("unchecked")
      long id = codec.id((T) value);
      if (!proposed.contains(id)) {
        throw new InvariantViolation(
            "node "
                + pid
                + " decided entry "
                + value
                + " at position "
                + pos
                + " of config "
                + configId
                + ", which was never proposed");
      }
      Position other = decidedAt.putIfAbsent(id, new Position(configId, pos));
      if (other != null) {
        throw new InvariantViolation(
            "entry "
                + value
                + " decided twice: at position "
                + other.index()
                + " of config "
                + other.configId()
                + " and at "
                + pos
                + " of config "
                + configId
                + " (node "
                + pid
                + ")");
      }
    }
    log.chosen.set((int) pos, value);
    listener.decided(pid, configId, pos, value, true);
  }
}
