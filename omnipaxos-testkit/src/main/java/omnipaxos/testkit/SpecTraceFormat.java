package omnipaxos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.NodeStatus;
import omnipaxos.core.StopSign;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import omnipaxos.core.storage.Storage;

/**
 * Writes Java values as TLA+ expressions in the variables and message records of {@code
 * spec/OmniPaxos.tla} (the mapping table of {@code spec/README.md}): a ballot is {@code [n, pid]}
 * (priority and configuration id left out), an entry is its proposal id, a stop sign is minus the
 * id of the configuration it starts, a snapshot is the sequence of the entries it covers (only list
 * snapshots can be written).
 */
final class SpecTraceFormat<T> {

  private final EntryCodec<T> codec;

  SpecTraceFormat(EntryCodec<T> codec) {
    this.codec = codec;
  }

  static String ballot(Ballot b) {
    if (b.priority() != 0) {
      throw new IllegalArgumentException("the spec has no ballot priorities: " + b);
    }
    return "[n |-> " + b.n() + ", pid |-> " + b.pid() + "]";
  }

  static String stopSign(StopSign ss) {
    return Integer.toString(-ss.nextConfig().configurationId());
  }

  private static String seq(SequenceNumber s) {
    return "[s |-> " + s.session() + ", c |-> " + s.counter() + "]";
  }

  private static String str(String s) {
    return "\"" + s + "\"";
  }

  String entries(List<T> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    for (T e : entries) {
      ids.add(Long.toString(codec.id(e)));
    }
    return "<<" + String.join(", ", ids) + ">>";
  }

  @SuppressWarnings("unchecked")
  private String snapshot(Object snapshot) {
    if (!(snapshot instanceof List<?> list)) {
      throw new IllegalArgumentException("only list snapshots can be traced, got " + snapshot);
    }
    return entries((List<T>) list);
  }

  private static String optionalStopSign(Optional<StopSign> ss) {
    return ss.isPresent() ? "<<" + stopSign(ss.get()) + ">>" : "<<>>";
  }

  private static String record(String... fields) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < fields.length; i += 2) {
      b.append(i == 0 ? "" : ", ").append(fields[i]).append(" |-> ").append(fields[i + 1]);
    }
    return b.append(']').toString();
  }

  /** A LogSync as the spec's record; empty is the spec's {@code NoSync}. */
  <S> String sync(Optional<LogSync<T, S>> sync) {
    if (sync.isEmpty()) {
      return record(
          "ok", "FALSE", "snap", "FALSE", "pre", "<<>>", "idx", "0", "suffix", "<<>>", "ss",
          "<<>>");
    }
    LogSync<T, S> s = sync.get();
    return record(
        "ok",
        "TRUE",
        "snap",
        Boolean.toString(s.snapshot().isPresent()).toUpperCase(),
        "pre",
        s.snapshot().isPresent() ? snapshot(s.snapshot().get()) : "<<>>",
        "idx",
        Long.toString(s.syncIdx()),
        "suffix",
        entries(s.suffix()),
        "ss",
        optionalStopSign(s.stopSign()));
  }

  /** A Sequence Paxos message as the spec's message record. */
  <S> String message(PaxosMessage<T, S> m) {
    String from = Long.toString(m.from());
    String to = Long.toString(m.to());
    if (m instanceof PaxosMessage.Prepare<T, S> p) {
      return record("type", str("Prepare"), "from", from, "to", to, "n", ballot(p.n()),
          "dec", Long.toString(p.decidedIdx()), "nAcc", ballot(p.nAccepted()),
          "acc", Long.toString(p.acceptedIdx()));
    } else if (m instanceof PaxosMessage.PrepareReq<T, S> p) {
      return record("type", str("PrepareReq"), "from", from, "to", to, "n", ballot(p.n()));
    } else if (m instanceof PaxosMessage.Promise<T, S> p) {
      return record("type", str("Promise"), "from", from, "to", to, "n", ballot(p.n()),
          "nAcc", ballot(p.nAccepted()), "dec", Long.toString(p.decidedIdx()),
          "acc", Long.toString(p.acceptedIdx()), "sync", sync(p.logSync()));
    } else if (m instanceof PaxosMessage.AcceptSync<T, S> a) {
      return record("type", str("AcceptSync"), "from", from, "to", to, "n", ballot(a.n()),
          "seq", seq(a.seqNum()), "dec", Long.toString(a.decidedIdx()),
          "sync", sync(Optional.of(a.logSync())));
    } else if (m instanceof PaxosMessage.AcceptDecide<T, S> a) {
      return record("type", str("AcceptDecide"), "from", from, "to", to, "n", ballot(a.n()),
          "seq", seq(a.seqNum()), "dec", Long.toString(a.decidedIdx()),
          "ents", entries(a.entries()));
    } else if (m instanceof PaxosMessage.Decide<T, S> d) {
      return record("type", str("Decide"), "from", from, "to", to, "n", ballot(d.n()),
          "seq", seq(d.seqNum()), "dec", Long.toString(d.decidedIdx()));
    } else if (m instanceof PaxosMessage.AcceptStopSign<T, S> a) {
      return record("type", str("AcceptStopSign"), "from", from, "to", to, "n", ballot(a.n()),
          "seq", seq(a.seqNum()), "ss", stopSign(a.stopSign()));
    } else if (m instanceof PaxosMessage.Accepted<T, S> a) {
      return record("type", str("Accepted"), "from", from, "to", to, "n", ballot(a.n()),
          "acc", Long.toString(a.acceptedIdx()));
    } else if (m instanceof PaxosMessage.NotAccepted<T, S> na) {
      return record("type", str("NotAccepted"), "from", from, "to", to, "n", ballot(na.n()));
    } else if (m instanceof PaxosMessage.ProposalForward<T, S> f) {
      return record("type", str("ProposalForward"), "from", from, "to", to, "n", ballot(f.n()),
          "seq", seq(f.seqNum()), "ents", entries(f.entries()));
    } else if (m instanceof PaxosMessage.ForwardStopSign<T, S> f) {
      return record(
          "type", str("ForwardStopSign"), "from", from, "to", to, "ss", stopSign(f.stopSign()));
    } else if (m instanceof PaxosMessage.Compaction<T, S> c) {
      if (c.request() instanceof PaxosMessage.CompactionRequest.Trim t) {
        return record("type", str("Trim"), "from", from, "to", to, "idx", Long.toString(t.idx()));
      }
      PaxosMessage.CompactionRequest.Snapshot s =
          (PaxosMessage.CompactionRequest.Snapshot) c.request();
      if (s.idx().isPresent()) {
        throw new IllegalArgumentException(
            "the spec snapshots all decided entries; cannot trace " + m);
      }
      return record("type", str("Snapshot"), "from", from, "to", to);
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  /**
   * The node's state after an event: its durable state as stored, the accepted log as its length
   * {@code acc} and the positions from the compacted index on ({@code suffix}, the stop sign last),
   * the snapshot's entries ({@code pre}, empty without one), and its role and phase.
   */
  <S> String state(Storage<T, S> storage, NodeStatus status) {
    long compacted = storage.compactedIdx();
    long entriesEnd = compacted + storage.logLen();
    Optional<StopSign> ss = storage.stopSign();
    String suffix = entries(storage.entries(compacted, entriesEnd));
    if (ss.isPresent()) {
      suffix = suffix.equals("<<>>") ? "<<" + stopSign(ss.get()) + ">>"
          : suffix.substring(0, suffix.length() - 2) + ", " + stopSign(ss.get()) + ">>";
    }
    Optional<S> snap = storage.snapshot();
    return record(
        "promise",
        ballot(storage.promise().orElse(Ballot.NONE)),
        "accRound",
        ballot(storage.acceptedRound().orElse(Ballot.NONE)),
        "decided",
        Long.toString(storage.decidedIdx()),
        "compacted",
        Long.toString(compacted),
        "snap",
        Boolean.toString(snap.isPresent()).toUpperCase(),
        "pre",
        snap.isPresent() ? snapshot(snap.get()) : "<<>>",
        "acc",
        Long.toString(entriesEnd + (ss.isPresent() ? 1 : 0)),
        "suffix",
        suffix,
        "role",
        str(capitalised(status.role().name())),
        "phase",
        str(capitalised(status.phase().name())));
  }

  private static String capitalised(String enumName) {
    return enumName.charAt(0) + enumName.substring(1).toLowerCase();
  }

  /** One trace line: the event, the messages its drain sent, and the node's state after it. */
  static String line(
      long node, String action, String args, List<String> sent, boolean full, String state) {
    StringBuilder b =
        new StringBuilder("[node |-> ").append(node).append(", action |-> ").append(str(action));
    if (!args.isEmpty()) {
      b.append(", ").append(args);
    }
    b.append(", sent |-> {").append(String.join(", ", sent)).append("}, full |-> ")
        .append(full ? "TRUE" : "FALSE").append(", state |-> ").append(state).append(']');
    return b.toString();
  }
}
