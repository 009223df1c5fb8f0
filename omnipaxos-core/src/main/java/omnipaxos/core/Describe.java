package omnipaxos.core;

import java.util.List;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.PaxosMessage.CompactionRequest;
import omnipaxos.core.paxos.SequenceNumber;

/**
 * One-line, human-readable descriptions of messages for traces and transcript tests (the
 * testkit's simulator trace and the core's {@code testdata/*.txt} transcripts print the same
 * lines). A message reads {@code from->to Type cN field=value ...}, e.g. {@code 2->1 Promise c1
 * n=3.1 acc=2.1/7 dec=5 sync=5+[50,60]}: {@code cN} is the configuration, a ballot is {@code
 * round.pid} (with {@code pP} after it for a non-zero priority, {@code none} for {@link
 * Ballot#NONE}), a sequence number is {@code session.counter}, {@code acc=b/i} is an accepted
 * ballot and index, and a log sync {@code k+[..]} keeps the receiver's first {@code k} positions
 * (replaced by a snapshot if it reads {@code snapK+[..]}) and appends the listed entries. Entries
 * print with {@code toString()}; lists longer than {@value #MAX_ENTRIES} are cut. Pure functions,
 * no state.
 */
public final class Describe {

  /** Entries printed of a list before it is cut. */
  public static final int MAX_ENTRIES = 8;

  private Describe() {}

  /** {@code m} in one line. */
  public static String message(Message<?, ?> m) {
    if (m instanceof Message.Paxos<?, ?> p) {
      return paxos(p.message());
    }
    if (m instanceof Message.Ble<?, ?> b) {
      return ble(b.message());
    }
    return migration(((Message.Migration<?, ?>) m).message());
  }

  /** A Sequence Paxos message in one line. */
  public static String paxos(PaxosMessage<?, ?> m) {
    String head = head(m.from(), m.to(), m.getClass().getSimpleName(), m.configId());
    return head + paxosFields(m);
  }

  /** A Ballot Leader Election message in one line. */
  public static String ble(BleMessage m) {
    String head = head(m.from(), m.to(), m.getClass().getSimpleName(), m.configId());
    if (m instanceof BleMessage.HeartbeatRequest r) {
      return head + " round=" + r.round();
    }
    BleMessage.HeartbeatReply r = (BleMessage.HeartbeatReply) m;
    return head + " round=" + r.round() + " ballot=" + ballot(r.ballot())
        + " leader=" + ballot(r.leader()) + (r.happy() ? " happy" : " unhappy");
  }

  /** A state-migration message in one line. */
  public static String migration(MigrationMessage m) {
    String head = head(m.from(), m.to(), m.getClass().getSimpleName(), m.configId());
    if (m instanceof MigrationMessage.ManifestReply r) {
      return head + " chunks=" + r.manifest().chunks() + " bytes=" + r.manifest().size()
          + " start=" + r.manifest().startPosition();
    }
    if (m instanceof MigrationMessage.Unavailable u) {
      return head + " reason=\"" + u.reason() + "\"";
    }
    if (m instanceof MigrationMessage.ChunkRequest c) {
      return head + " chunk=" + c.chunk();
    }
    if (m instanceof MigrationMessage.ChunkReply c) {
      return head + " chunk=" + c.chunk() + " bytes=" + c.data().length;
    }
    return head;
  }

  /** {@code round.pid}, {@code round.pidpP} with a priority, or {@code none}. */
  public static String ballot(Ballot b) {
    if (b.equals(Ballot.NONE)) {
      return "none";
    }
    return b.n() + "." + b.pid() + (b.priority() == 0 ? "" : "p" + b.priority());
  }

  /** {@code cN:[pids]}, with {@code rR/wW} for a flexible quorum, and the metadata's length. */
  public static String stopSign(StopSign ss) {
    ClusterConfig c = ss.nextConfig();
    String quorum = c.flexibleQuorum()
        .map(q -> " r" + q.readQuorumSize() + "/w" + q.writeQuorumSize()).orElse("");
    String meta = ss.metadata().map(md -> " meta=" + md.length + "B").orElse("");
    return "c" + c.configurationId() + ":" + entries(c.nodes()) + quorum + meta;
  }

  /** The list as {@code [a,b,c]}, cut after {@value #MAX_ENTRIES} entries. */
  public static String entries(List<?> entries) {
    StringBuilder b = new StringBuilder("[");
    int shown = Math.min(entries.size(), MAX_ENTRIES);
    for (int i = 0; i < shown; i++) {
      b.append(i == 0 ? "" : ",").append(entries.get(i));
    }
    if (entries.size() > shown) {
      b.append(" +").append(entries.size() - shown).append(" more");
    }
    return b.append(']').toString();
  }

  private static String head(long from, long to, String type, int configId) {
    return from + "->" + to + " " + type + " c" + configId;
  }

  private static String paxosFields(PaxosMessage<?, ?> m) {
    if (m instanceof PaxosMessage.PrepareReq<?, ?> r) {
      return " n=" + ballot(r.n());
    } else if (m instanceof PaxosMessage.Prepare<?, ?> p) {
      return " n=" + ballot(p.n()) + " dec=" + p.decidedIdx()
          + " acc=" + ballot(p.nAccepted()) + "/" + p.acceptedIdx();
    } else if (m instanceof PaxosMessage.Promise<?, ?> p) {
      return " n=" + ballot(p.n()) + " acc=" + ballot(p.nAccepted()) + "/" + p.acceptedIdx()
          + " dec=" + p.decidedIdx() + p.logSync().map(s -> " sync=" + sync(s)).orElse("");
    } else if (m instanceof PaxosMessage.AcceptSync<?, ?> a) {
      return " n=" + ballot(a.n()) + seq(a.seqNum()) + " dec=" + a.decidedIdx()
          + " sync=" + sync(a.logSync());
    } else if (m instanceof PaxosMessage.AcceptDecide<?, ?> a) {
      return " n=" + ballot(a.n()) + seq(a.seqNum()) + " dec=" + a.decidedIdx()
          + " entries=" + entries(a.entries());
    } else if (m instanceof PaxosMessage.Accepted<?, ?> a) {
      return " n=" + ballot(a.n()) + " acc=" + a.acceptedIdx();
    } else if (m instanceof PaxosMessage.NotAccepted<?, ?> a) {
      return " n=" + ballot(a.n());
    } else if (m instanceof PaxosMessage.Decide<?, ?> d) {
      return " n=" + ballot(d.n()) + seq(d.seqNum()) + " dec=" + d.decidedIdx();
    } else if (m instanceof PaxosMessage.AcceptStopSign<?, ?> a) {
      return " n=" + ballot(a.n()) + seq(a.seqNum()) + " ss=" + stopSign(a.stopSign());
    } else if (m instanceof PaxosMessage.LeaseAck<?, ?> a) {
      return " n=" + ballot(a.n()) + seq(a.seqNum());
    } else if (m instanceof PaxosMessage.ReadIndexReq<?, ?> r) {
      return " n=" + ballot(r.n()) + " round=" + r.round();
    } else if (m instanceof PaxosMessage.ReadIndexAck<?, ?> a) {
      return " n=" + ballot(a.n()) + " round=" + a.round();
    } else if (m instanceof PaxosMessage.ProposalForward<?, ?> f) {
      return " n=" + ballot(f.n()) + seq(f.seqNum()) + " entries=" + entries(f.entries());
    } else if (m instanceof PaxosMessage.ForwardStopSign<?, ?> f) {
      return " ss=" + stopSign(f.stopSign());
    }
    return compaction(((PaxosMessage.Compaction<?, ?>) m).request());
  }

  private static String compaction(CompactionRequest r) {
    if (r instanceof CompactionRequest.Trim t) {
      return " trim=" + t.idx();
    }
    CompactionRequest.Snapshot s = (CompactionRequest.Snapshot) r;
    return " snapshot=" + (s.idx().isPresent() ? String.valueOf(s.idx().getAsLong()) : "decided");
  }

  private static String seq(SequenceNumber s) {
    return " seq=" + s.session() + "." + s.counter();
  }

  private static String sync(LogSync<?, ?> s) {
    return (s.snapshot().isPresent() ? "snap" : "") + s.syncIdx() + "+" + entries(s.suffix())
        + s.stopSign().map(ss -> "+ss=" + stopSign(ss)).orElse("");
  }
}
