package omnipaxos.transport.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.Message;
import omnipaxos.core.StopSign;
import omnipaxos.core.ble.BleMessage;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.migration.Manifest;
import omnipaxos.core.migration.MigrationMessage;
import omnipaxos.core.paxos.LogSync;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.PaxosMessage.CompactionRequest;
import omnipaxos.core.paxos.SequenceNumber;

/** Random messages of every variant, from a seed, with String entries and List-of-Long snapshots. */
final class MessageGen {

  static final Codec<String> ENTRIES = Codecs.utf8();
  static final Codec<List<Long>> SNAPSHOTS = Codecs.list(Codecs.longs());
  /** Number of message variants {@link #next} produces. */
  static final int VARIANTS = 22;
  /** The kind byte of every message variant, in the order of {@link #next(int)}. */
  static final int[] KINDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 32, 33, 13, 48, 49, 50, 51, 52, 14,
      15};

  private final Random rnd;

  MessageGen(long seed) {
    this.rnd = new Random(seed);
  }

  static MessageCodec<String, List<Long>> codec() {
    return new MessageCodec<>(ENTRIES, SNAPSHOTS);
  }

  Random random() {
    return rnd;
  }

  /** A message of a random variant. */
  Message<String, List<Long>> next() {
    return next(rnd.nextInt(VARIANTS));
  }

  /** A message of variant {@code kind} in {@code [0, VARIANTS)}. */
  Message<String, List<Long>> next(int kind) {
    long from = pid();
    long to = pid();
    switch (kind) {
      case 0:
        return Message.of(new PaxosMessage.PrepareReq<>(from, to, ballot()));
      case 1:
        return Message.of(new PaxosMessage.Prepare<>(from, to, ballot(), idx(), ballot(), idx()));
      case 2:
        return Message.of(new PaxosMessage.Promise<String, List<Long>>(from, to, ballot(), ballot(), idx(), idx(),
            rnd.nextBoolean() ? Optional.of(logSync()) : Optional.empty()));
      case 3:
        return Message.of(new PaxosMessage.AcceptSync<>(from, to, ballot(), seq(), idx(), logSync()));
      case 4:
        return Message.of(new PaxosMessage.AcceptDecide<String, List<Long>>(from, to, ballot(), seq(), idx(),
            entries()));
      case 5:
        return Message.of(new PaxosMessage.Accepted<>(from, to, ballot(), idx()));
      case 6:
        return Message.of(new PaxosMessage.NotAccepted<>(from, to, ballot()));
      case 7:
        return Message.of(new PaxosMessage.Decide<>(from, to, ballot(), seq(), idx()));
      case 8:
        return Message.of(new PaxosMessage.AcceptStopSign<>(from, to, ballot(), seq(), stopSign()));
      case 9:
        return Message.of(new PaxosMessage.ProposalForward<String, List<Long>>(from, to, ballot(), seq(), entries()));
      case 10:
        return Message.of(new PaxosMessage.ForwardStopSign<>(from, to, rnd.nextInt(), stopSign()));
      case 11:
        return Message.of(new PaxosMessage.Compaction<>(from, to, rnd.nextInt(), compaction()));
      case 12:
        return Message.of(new BleMessage.HeartbeatRequest(from, to, rnd.nextInt(), idx()));
      case 13:
        return Message.of(new BleMessage.HeartbeatReply(from, to, idx(), ballot(), ballot(), rnd.nextBoolean()));
      case 14:
        return Message.of(new PaxosMessage.LeaseAck<>(from, to, ballot(), seq()));
      case 15:
        return Message.of(new MigrationMessage.ManifestRequest(from, to, rnd.nextInt()));
      case 16:
        return Message.of(new MigrationMessage.ManifestReply(from, to, manifest()));
      case 17:
        return Message.of(new MigrationMessage.Unavailable(from, to, rnd.nextInt(), entry()));
      case 18:
        return Message.of(new MigrationMessage.ChunkRequest(from, to, rnd.nextInt(), chunk()));
      case 19:
        return Message.of(new MigrationMessage.ChunkReply(from, to, rnd.nextInt(), chunk(), bytes(200)));
      case 20:
        return Message.of(new PaxosMessage.ReadIndexReq<>(from, to, ballot(), idx()));
      case 21:
        return Message.of(new PaxosMessage.ReadIndexAck<>(from, to, ballot(), idx()));
      default:
        throw new IllegalArgumentException("kind " + kind);
    }
  }

  private long pid() {
    return rnd.nextBoolean() ? 1 + rnd.nextInt(9) : 1 + (rnd.nextLong() & Long.MAX_VALUE - 1);
  }

  private long idx() {
    switch (rnd.nextInt(3)) {
      case 0:
        return 0;
      case 1:
        return rnd.nextInt(1000);
      default:
        return rnd.nextLong() & Long.MAX_VALUE;
    }
  }

  private Ballot ballot() {
    if (rnd.nextInt(8) == 0) {
      return Ballot.NONE;
    }
    return new Ballot(rnd.nextInt(), rnd.nextLong(), rnd.nextInt(), rnd.nextLong());
  }

  private SequenceNumber seq() {
    return new SequenceNumber(idx(), idx());
  }

  private String entry() {
    int len = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int cp;
      switch (rnd.nextInt(4)) {
        case 0:
          cp = 0x20 + rnd.nextInt(0x5f);
          break;
        case 1:
          cp = rnd.nextInt(0xd800);
          break;
        case 2:
          cp = 0xe000 + rnd.nextInt(0x2000);
          break;
        default:
          cp = 0x10000 + rnd.nextInt(0x100000);
          break;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private List<String> entries() {
    int n = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(20);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(entry());
    }
    return out;
  }

  private List<Long> snapshot() {
    int n = rnd.nextInt(10);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(rnd.nextLong());
    }
    return out;
  }

  private StopSign stopSign() {
    int n = 1 + rnd.nextInt(7);
    List<Long> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(pid());
    }
    ClusterConfig next = rnd.nextBoolean() ? ClusterConfig.of(rnd.nextInt(), nodes)
        : ClusterConfig.flexible(rnd.nextInt(), nodes, rnd.nextInt(10), rnd.nextInt(10));
    Optional<byte[]> metadata = Optional.empty();
    if (rnd.nextBoolean()) {
      byte[] m = new byte[rnd.nextInt(16)];
      rnd.nextBytes(m);
      metadata = Optional.of(m);
    }
    return new StopSign(next, metadata);
  }

  private int chunk() {
    return rnd.nextBoolean() ? rnd.nextInt(10) : rnd.nextInt(Integer.MAX_VALUE);
  }

  private byte[] bytes(int maxLength) {
    byte[] b = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(maxLength)];
    rnd.nextBytes(b);
    return b;
  }

  /** A manifest that adds up: one to five chunks of a random size, the last one possibly short. */
  private Manifest manifest() {
    int chunkSize = rnd.nextBoolean() ? 1 + rnd.nextInt(4096) : 1 + rnd.nextInt(Integer.MAX_VALUE);
    int chunks = 1 + rnd.nextInt(5);
    long size = chunks == 1 && rnd.nextInt(4) == 0 ? 0
        : (long) (chunks - 1) * chunkSize + 1 + rnd.nextInt(chunkSize);
    int[] crcs = new int[chunks];
    for (int i = 0; i < chunks; i++) {
      crcs[i] = rnd.nextInt();
    }
    byte[] sha256 = new byte[32];
    rnd.nextBytes(sha256);
    return new Manifest(stopSign().nextConfig(), stopSign(), 1 + idx() / 2, size, chunkSize, sha256, crcs);
  }

  private LogSync<String, List<Long>> logSync() {
    return new LogSync<>(rnd.nextBoolean() ? Optional.of(snapshot()) : Optional.empty(), entries(), idx() / 2,
        rnd.nextBoolean() ? Optional.of(stopSign()) : Optional.empty());
  }

  private CompactionRequest compaction() {
    if (rnd.nextBoolean()) {
      return new CompactionRequest.Trim(idx());
    }
    return new CompactionRequest.Snapshot(rnd.nextBoolean() ? OptionalLong.of(idx()) : OptionalLong.empty());
  }
}
