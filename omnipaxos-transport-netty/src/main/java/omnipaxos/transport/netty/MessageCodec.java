package omnipaxos.transport.netty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.ProtocolTypes;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.core.migration.Manifest;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.PaxosMessage.CompactionRequest;
import omnipaxos.core.paxos.SequenceNumber;

/**
 * The binary form of every {@link Message}: a kind byte, the sender and receiver pids, then the
 * variant's fields in declaration order. Entries and snapshots are encoded with the application's
 * codecs; ballots, stop signs and cluster configurations with {@link ProtocolTypes}. {@code
 * WIRE.md} in this module lists every layout: Sequence Paxos, leader election and state migration.
 *
 * <p>{@link #decode} is strict: an unknown kind, a truncated or over-long input, an implausible
 * count, a negative pid or index, or a value the message records refuse (a {@link Manifest} that
 * does not add up, a negative chunk number, a digest that is not 32 bytes, a reason that is not
 * UTF-8 or longer than {@link #MAX_REASON_BYTES}) all throw {@link CodecException}, and so does any
 * failure of the application's codecs. {@link #encode} cuts a longer reason to fit, at a character
 * boundary.
 *
 * @param <T> the entry type
 * @param <S> the snapshot type
 */
public final class MessageCodec<T, S> {

  static final int PREPARE_REQ = 1;
  static final int PREPARE = 2;
  static final int PROMISE = 3;
  static final int ACCEPT_SYNC = 4;
  static final int ACCEPT_DECIDE = 5;
  static final int ACCEPTED = 6;
  static final int NOT_ACCEPTED = 7;
  static final int DECIDE = 8;
  static final int ACCEPT_STOP_SIGN = 9;
  static final int PROPOSAL_FORWARD = 10;
  static final int FORWARD_STOP_SIGN = 11;
  static final int COMPACTION = 12;
  static final int LEASE_ACK = 13;
  static final int READ_INDEX_REQ = 14;
  static final int READ_INDEX_ACK = 15;
  static final int HEARTBEAT_REQUEST = 32;
  static final int HEARTBEAT_REPLY = 33;
  static final int MANIFEST_REQUEST = 48;
  static final int MANIFEST_REPLY = 49;
  static final int UNAVAILABLE = 50;
  static final int CHUNK_REQUEST = 51;
  static final int CHUNK_REPLY = 52;

  /** Longest {@link MigrationMessage.Unavailable#reason()} on the wire, in UTF-8 bytes. */
  public static final int MAX_REASON_BYTES = 1024;

  /** Bytes of a SHA-256 digest. */
  private static final int SHA256_BYTES = 32;

  /** The shortest encoding of any message: kind, sender and receiver. */
  static final int MIN_ENCODED_BYTES = 17;

  private static final int TRIM = 1;
  private static final int SNAPSHOT = 2;

  private final Codec<T> entries;
  private final Codec<S> snapshots;

  /** A codec that encodes entries with {@code entries} and snapshots with {@code snapshots}. */
  public MessageCodec(Codec<T> entries, Codec<S> snapshots) {
    this.entries = Objects.requireNonNull(entries, "entries");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  /**
   * A snapshot codec for logs without snapshots ({@code S = Void}): no snapshot is ever sent, and
   * one received is rejected.
   */
  public static Codec<Void> noSnapshots() {
    return new Codec<>() {
      @Override
      public byte[] encode(Void value) {
        throw new IllegalStateException("snapshots are disabled");
      }

      @Override
      public Void decode(byte[] bytes) {
        throw new CodecException("snapshots are disabled");
      }
    };
  }

  /** The encoding of {@code message}; exceptions of the application's codecs pass through. */
  public byte[] encode(Message<T, S> message) {
    if (message instanceof Message.Paxos<T, S> p) {
      WireWriter w = new WireWriter(64);
      writePaxos(w, p.message());
      return w.toByteArray();
    }
    if (message instanceof Message.Ble<T, S> b) {
      WireWriter w = new WireWriter(64);
      writeBle(w, b.message());
      return w.toByteArray();
    }
    if (message instanceof Message.Migration<T, S> m) {
      MigrationMessage inner = m.message();
      WireWriter w =
          new WireWriter(
              inner instanceof MigrationMessage.ChunkReply c ? 64 + c.data().length : 256);
      writeMigration(w, inner);
      return w.toByteArray();
    }
    throw new IllegalArgumentException("unknown message " + message.getClass().getName());
  }

  /**
   * Decodes exactly one message that fills {@code bytes}.
   *
   * @throws CodecException if {@code bytes} is not a valid encoding
   */
  public Message<T, S> decode(byte[] bytes) {
    WireReader r = new WireReader(bytes);
    Message<T, S> m;
    try {
      m = read(r);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("invalid message: " + e, e);
    }
    r.expectEnd();
    return m;
  }

  // ---- encoding ----

  private void writePaxos(WireWriter w, PaxosMessage<T, S> m) {
    if (m instanceof PaxosMessage.PrepareReq<T, S> x) {
      head(w, PREPARE_REQ, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
    } else if (m instanceof PaxosMessage.Prepare<T, S> x) {
      head(w, PREPARE, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      w.writeLong(x.decidedIdx());
      ProtocolTypes.writeBallot(w, x.nAccepted());
      w.writeLong(x.acceptedIdx());
    } else if (m instanceof PaxosMessage.Promise<T, S> x) {
      head(w, PROMISE, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      ProtocolTypes.writeBallot(w, x.nAccepted());
      w.writeLong(x.decidedIdx());
      w.writeLong(x.acceptedIdx());
      w.writeBoolean(x.logSync().isPresent());
      x.logSync().ifPresent(s -> writeLogSync(w, s));
    } else if (m instanceof PaxosMessage.AcceptSync<T, S> x) {
      head(w, ACCEPT_SYNC, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
      w.writeLong(x.decidedIdx());
      writeLogSync(w, x.logSync());
    } else if (m instanceof PaxosMessage.AcceptDecide<T, S> x) {
      head(w, ACCEPT_DECIDE, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
      w.writeLong(x.decidedIdx());
      writeEntries(w, x.entries());
    } else if (m instanceof PaxosMessage.Accepted<T, S> x) {
      head(w, ACCEPTED, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      w.writeLong(x.acceptedIdx());
    } else if (m instanceof PaxosMessage.NotAccepted<T, S> x) {
      head(w, NOT_ACCEPTED, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
    } else if (m instanceof PaxosMessage.Decide<T, S> x) {
      head(w, DECIDE, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
      w.writeLong(x.decidedIdx());
    } else if (m instanceof PaxosMessage.AcceptStopSign<T, S> x) {
      head(w, ACCEPT_STOP_SIGN, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
      ProtocolTypes.writeStopSign(w, x.stopSign());
    } else if (m instanceof PaxosMessage.ProposalForward<T, S> x) {
      head(w, PROPOSAL_FORWARD, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
      writeEntries(w, x.entries());
    } else if (m instanceof PaxosMessage.ForwardStopSign<T, S> x) {
      head(w, FORWARD_STOP_SIGN, x.from(), x.to());
      w.writeInt(x.configId());
      ProtocolTypes.writeStopSign(w, x.stopSign());
    } else {
      writeLeaseReadOrCompaction(w, m);
    }
  }

  /** The leases' and quorum reads' acknowledgements, read-index requests and compaction. */
  private void writeLeaseReadOrCompaction(WireWriter w, PaxosMessage<T, S> m) {
    if (m instanceof PaxosMessage.LeaseAck<T, S> x) {
      head(w, LEASE_ACK, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      writeSeq(w, x.seqNum());
    } else if (m instanceof PaxosMessage.ReadIndexReq<T, S> x) {
      head(w, READ_INDEX_REQ, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      w.writeLong(x.round());
    } else if (m instanceof PaxosMessage.ReadIndexAck<T, S> x) {
      head(w, READ_INDEX_ACK, x.from(), x.to());
      ProtocolTypes.writeBallot(w, x.n());
      w.writeLong(x.round());
    } else if (m instanceof PaxosMessage.Compaction<T, S> x) {
      head(w, COMPACTION, x.from(), x.to());
      w.writeInt(x.configId());
      writeCompaction(w, x.request());
    } else {
      throw new IllegalArgumentException("unknown Paxos message " + m.getClass().getName());
    }
  }

  private static void writeBle(WireWriter w, BleMessage m) {
    if (m instanceof BleMessage.HeartbeatRequest x) {
      head(w, HEARTBEAT_REQUEST, x.from(), x.to());
      w.writeInt(x.configId());
      w.writeLong(x.round());
    } else if (m instanceof BleMessage.HeartbeatReply x) {
      head(w, HEARTBEAT_REPLY, x.from(), x.to());
      w.writeLong(x.round());
      ProtocolTypes.writeBallot(w, x.ballot());
      ProtocolTypes.writeBallot(w, x.leader());
      w.writeBoolean(x.happy());
    } else {
      throw new IllegalArgumentException("unknown BLE message " + m.getClass().getName());
    }
  }

  private static void writeMigration(WireWriter w, MigrationMessage m) {
    if (m instanceof MigrationMessage.ManifestRequest x) {
      head(w, MANIFEST_REQUEST, x.from(), x.to());
      w.writeInt(x.configId());
    } else if (m instanceof MigrationMessage.ManifestReply x) {
      head(w, MANIFEST_REPLY, x.from(), x.to());
      writeManifest(w, x.manifest());
    } else if (m instanceof MigrationMessage.Unavailable x) {
      head(w, UNAVAILABLE, x.from(), x.to());
      w.writeInt(x.configId());
      w.writeBytes(reasonBytes(x.reason()));
    } else if (m instanceof MigrationMessage.ChunkRequest x) {
      head(w, CHUNK_REQUEST, x.from(), x.to());
      w.writeInt(x.configId()).writeInt(x.chunk());
    } else if (m instanceof MigrationMessage.ChunkReply x) {
      head(w, CHUNK_REPLY, x.from(), x.to());
      w.writeInt(x.configId()).writeInt(x.chunk()).writeBytes(x.data());
    } else {
      throw new IllegalArgumentException("unknown migration message " + m.getClass().getName());
    }
  }

  private static void writeManifest(WireWriter w, Manifest m) {
    ProtocolTypes.writeClusterConfig(w, m.previous());
    ProtocolTypes.writeStopSign(w, m.stopSign());
    w.writeLong(m.startPosition())
        .writeLong(m.size())
        .writeInt(m.chunkSize())
        .writeBytes(m.sha256());
    int[] crcs = m.chunkCrcs();
    w.writeInt(crcs.length);
    for (int crc : crcs) {
      w.writeInt(crc);
    }
  }

  /**
   * The UTF-8 of {@code reason}, cut at a character boundary to at most {@link #MAX_REASON_BYTES}.
   */
  static byte[] reasonBytes(String reason) {
    byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_REASON_BYTES) {
      return utf8;
    }
    int cut = MAX_REASON_BYTES;
    while ((utf8[cut] & 0xc0) == 0x80) {
      cut--;
    }
    return Arrays.copyOf(utf8, cut);
  }

  private static void head(WireWriter w, int kind, long from, long to) {
    w.writeByte(kind).writeLong(from).writeLong(to);
  }

  private static void writeSeq(WireWriter w, SequenceNumber s) {
    w.writeLong(s.session()).writeLong(s.counter());
  }

  private void writeEntries(WireWriter w, List<T> list) {
    w.writeInt(list.size());
    for (T e : list) {
      w.writeBytes(entries.encode(e));
    }
  }

  private void writeLogSync(WireWriter w, LogSync<T, S> s) {
    w.writeBoolean(s.snapshot().isPresent());
    s.snapshot().ifPresent(snap -> w.writeBytes(snapshots.encode(snap)));
    writeEntries(w, s.suffix());
    w.writeLong(s.syncIdx());
    w.writeBoolean(s.stopSign().isPresent());
    s.stopSign().ifPresent(ss -> ProtocolTypes.writeStopSign(w, ss));
  }

  private static void writeCompaction(WireWriter w, CompactionRequest request) {
    if (request instanceof CompactionRequest.Trim t) {
      w.writeByte(TRIM).writeLong(t.idx());
    } else if (request instanceof CompactionRequest.Snapshot s) {
      w.writeByte(SNAPSHOT).writeBoolean(s.idx().isPresent());
      s.idx().ifPresent(w::writeLong);
    } else {
      throw new IllegalArgumentException(
          "unknown compaction request " + request.getClass().getName());
    }
  }

  // ---- decoding ----

  private Message<T, S> read(WireReader r) {
    int kind = r.readByte();
    long from = pid(r, "from");
    long to = pid(r, "to");
    PaxosMessage<T, S> p = readPaxos(kind, from, to, r);
    return p != null ? paxos(p) : readOther(kind, from, to, r);
  }

  /** The Paxos message of {@code kind} after its header; null if {@code kind} is not Paxos. */
  private PaxosMessage<T, S> readPaxos(int kind, long from, long to, WireReader r) {
    switch (kind) {
      case PREPARE_REQ:
        return new PaxosMessage.PrepareReq<>(from, to, ProtocolTypes.readBallot(r));
      case PREPARE:
        return new PaxosMessage.Prepare<>(
            from,
            to,
            ProtocolTypes.readBallot(r),
            index(r, "decidedIdx"),
            ProtocolTypes.readBallot(r),
            index(r, "acceptedIdx"));
      case PROMISE:
        {
          Ballot n = ProtocolTypes.readBallot(r);
          Ballot nAccepted = ProtocolTypes.readBallot(r);
          long decidedIdx = index(r, "decidedIdx");
          long acceptedIdx = index(r, "acceptedIdx");
          Optional<LogSync<T, S>> sync =
              r.readBoolean() ? Optional.of(readLogSync(r)) : Optional.empty();
          return new PaxosMessage.Promise<>(
              from, to, n, nAccepted, decidedIdx, acceptedIdx, sync);
        }
      case ACCEPT_SYNC:
        return new PaxosMessage.AcceptSync<>(
            from,
            to,
            ProtocolTypes.readBallot(r),
            readSeq(r),
            index(r, "decidedIdx"),
            readLogSync(r));
      case ACCEPT_DECIDE:
        return new PaxosMessage.AcceptDecide<>(
            from,
            to,
            ProtocolTypes.readBallot(r),
            readSeq(r),
            index(r, "decidedIdx"),
            readEntries(r));
      case ACCEPTED:
        return new PaxosMessage.Accepted<>(
            from, to, ProtocolTypes.readBallot(r), index(r, "acceptedIdx"));
      case NOT_ACCEPTED:
        return new PaxosMessage.NotAccepted<>(from, to, ProtocolTypes.readBallot(r));
      case DECIDE:
        return new PaxosMessage.Decide<>(
            from, to, ProtocolTypes.readBallot(r), readSeq(r), index(r, "decidedIdx"));
      case ACCEPT_STOP_SIGN:
        return new PaxosMessage.AcceptStopSign<>(
            from, to, ProtocolTypes.readBallot(r), readSeq(r), ProtocolTypes.readStopSign(r));
      case PROPOSAL_FORWARD:
        return new PaxosMessage.ProposalForward<>(
            from, to, ProtocolTypes.readBallot(r), readSeq(r), readEntries(r));
      case FORWARD_STOP_SIGN:
        return new PaxosMessage.ForwardStopSign<>(
            from, to, r.readInt(), ProtocolTypes.readStopSign(r));
      case COMPACTION:
        return new PaxosMessage.Compaction<>(from, to, r.readInt(), readCompaction(r));
      case LEASE_ACK:
        return new PaxosMessage.LeaseAck<>(from, to, ProtocolTypes.readBallot(r), readSeq(r));
      case READ_INDEX_REQ:
        return new PaxosMessage.ReadIndexReq<>(from, to, ProtocolTypes.readBallot(r), r.readLong());
      case READ_INDEX_ACK:
        return new PaxosMessage.ReadIndexAck<>(from, to, ProtocolTypes.readBallot(r), r.readLong());
      default:
        return null;
    }
  }

  /** The leader-election or migration message of {@code kind} after its header. */
  private Message<T, S> readOther(int kind, long from, long to, WireReader r) {
    switch (kind) {
      case HEARTBEAT_REQUEST:
        return Message.of(
            new BleMessage.HeartbeatRequest(from, to, r.readInt(), index(r, "round")));
      case HEARTBEAT_REPLY:
        return Message.of(
            new BleMessage.HeartbeatReply(
                from,
                to,
                index(r, "round"),
                ProtocolTypes.readBallot(r),
                ProtocolTypes.readBallot(r),
                r.readBoolean()));
      case MANIFEST_REQUEST:
        return migration(new MigrationMessage.ManifestRequest(from, to, r.readInt()));
      case MANIFEST_REPLY:
        return migration(new MigrationMessage.ManifestReply(from, to, readManifest(r)));
      case UNAVAILABLE:
        return migration(new MigrationMessage.Unavailable(from, to, r.readInt(), readReason(r)));
      case CHUNK_REQUEST:
        return migration(new MigrationMessage.ChunkRequest(from, to, r.readInt(), chunk(r)));
      case CHUNK_REPLY:
        return migration(
            new MigrationMessage.ChunkReply(from, to, r.readInt(), chunk(r), r.readBytes()));
      default:
        throw new CodecException("unknown message kind " + kind);
    }
  }

  private static <T, S> Message<T, S> paxos(PaxosMessage<T, S> m) {
    return Message.of(m);
  }

  private static <T, S> Message<T, S> migration(MigrationMessage m) {
    return Message.of(m);
  }

  private static Manifest readManifest(WireReader r) {
    ClusterConfig previous = ProtocolTypes.readClusterConfig(r);
    StopSign stopSign = ProtocolTypes.readStopSign(r);
    long startPosition = index(r, "startPosition");
    long size = index(r, "size");
    int chunkSize = r.readInt();
    if (chunkSize <= 0) {
      throw new CodecException("chunkSize must be positive, got " + chunkSize);
    }
    byte[] sha256 = r.readBytes();
    if (sha256.length != SHA256_BYTES) {
      throw new CodecException(
          "a SHA-256 digest has " + SHA256_BYTES + " bytes, got " + sha256.length);
    }
    int n = r.readCount(4);
    int[] crcs = new int[n];
    for (int i = 0; i < n; i++) {
      crcs[i] = r.readInt();
    }
    try {
      return new Manifest(previous, stopSign, startPosition, size, chunkSize, sha256, crcs);
    } catch (IllegalArgumentException e) {
      throw new CodecException("invalid manifest: " + e.getMessage(), e);
    }
  }

  private static String readReason(WireReader r) {
    byte[] utf8 = r.readBytes();
    if (utf8.length > MAX_REASON_BYTES) {
      throw new CodecException("reason of " + utf8.length + " bytes, at most " + MAX_REASON_BYTES);
    }
    return Codecs.utf8().decode(utf8);
  }

  private static int chunk(WireReader r) {
    int chunk = r.readInt();
    if (chunk < 0) {
      throw new CodecException("chunk must not be negative, got " + chunk);
    }
    return chunk;
  }

  private static long pid(WireReader r, String field) {
    long pid = r.readLong();
    if (pid <= 0) {
      throw new CodecException(field + " pid must be positive, got " + pid);
    }
    return pid;
  }

  private static long index(WireReader r, String field) {
    long v = r.readLong();
    if (v < 0) {
      throw new CodecException(field + " must not be negative, got " + v);
    }
    return v;
  }

  private static SequenceNumber readSeq(WireReader r) {
    return new SequenceNumber(index(r, "session"), index(r, "counter"));
  }

  private List<T> readEntries(WireReader r) {
    int n = r.readCount(4);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(decodeWith(entries, r.readBytes(), "entry"));
    }
    return out;
  }

  private LogSync<T, S> readLogSync(WireReader r) {
    Optional<S> snapshot =
        r.readBoolean()
            ? Optional.of(decodeWith(snapshots, r.readBytes(), "snapshot"))
            : Optional.empty();
    List<T> suffix = readEntries(r);
    long syncIdx = index(r, "syncIdx");
    Optional<StopSign> stopSign =
        r.readBoolean() ? Optional.of(ProtocolTypes.readStopSign(r)) : Optional.empty();
    return new LogSync<>(snapshot, suffix, syncIdx, stopSign);
  }

  private static CompactionRequest readCompaction(WireReader r) {
    int tag = r.readByte();
    if (tag == TRIM) {
      return new CompactionRequest.Trim(index(r, "trim idx"));
    }
    if (tag == SNAPSHOT) {
      OptionalLong idx =
          r.readBoolean() ? OptionalLong.of(index(r, "snapshot idx")) : OptionalLong.empty();
      return new CompactionRequest.Snapshot(idx);
    }
    throw new CodecException("unknown compaction request " + tag);
  }

  private static <V> V decodeWith(Codec<V> codec, byte[] bytes, String what) {
    V v;
    try {
      v = codec.decode(bytes);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException(what + " codec failed: " + e, e);
    }
    if (v == null) {
      throw new CodecException(what + " codec returned null");
    }
    return v;
  }
}
