package omnipaxos.core.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.ClusterConfig;
import omnipaxos.core.FlexibleQuorum;
import omnipaxos.core.StopSign;

/**
 * Binary forms of the protocol's own value types, shared by durable storage and the wire format.
 */
public final class ProtocolTypes {

  private ProtocolTypes() {}

  public static void writeBallot(WireWriter w, Ballot b) {
    w.writeInt(b.configId()).writeLong(b.n()).writeInt(b.priority()).writeLong(b.pid());
  }

  public static Ballot readBallot(WireReader r) {
    return new Ballot(r.readInt(), r.readLong(), r.readInt(), r.readLong());
  }

  public static void writeClusterConfig(WireWriter w, ClusterConfig c) {
    w.writeInt(c.configurationId());
    w.writeInt(c.nodes().size());
    for (long pid : c.nodes()) {
      w.writeLong(pid);
    }
    w.writeBoolean(c.flexibleQuorum().isPresent());
    c.flexibleQuorum().ifPresent(q -> w.writeInt(q.readQuorumSize()).writeInt(q.writeQuorumSize()));
  }

  public static ClusterConfig readClusterConfig(WireReader r) {
    int id = r.readInt();
    int n = r.readCount(8);
    List<Long> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(r.readLong());
    }
    Optional<FlexibleQuorum> q = r.readBoolean()
        ? Optional.of(new FlexibleQuorum(r.readInt(), r.readInt())) : Optional.empty();
    return new ClusterConfig(id, nodes, q);
  }

  public static void writeStopSign(WireWriter w, StopSign ss) {
    writeClusterConfig(w, ss.nextConfig());
    Optional<byte[]> m = ss.metadata();
    w.writeBoolean(m.isPresent());
    m.ifPresent(w::writeBytes);
  }

  public static StopSign readStopSign(WireReader r) {
    ClusterConfig next = readClusterConfig(r);
    Optional<byte[]> metadata = r.readBoolean() ? Optional.of(r.readBytes()) : Optional.empty();
    return new StopSign(next, metadata);
  }

  /** A Ballot as a standalone byte array. */
  public static byte[] ballotBytes(Ballot b) {
    WireWriter w = new WireWriter(24);
    writeBallot(w, b);
    return w.toByteArray();
  }

  public static Ballot ballotFromBytes(byte[] bytes) {
    WireReader r = new WireReader(bytes);
    Ballot b = readBallot(r);
    r.expectEnd();
    return b;
  }

  /** A StopSign as a standalone byte array. */
  public static byte[] stopSignBytes(StopSign ss) {
    WireWriter w = new WireWriter(64);
    writeStopSign(w, ss);
    return w.toByteArray();
  }

  public static StopSign stopSignFromBytes(byte[] bytes) {
    WireReader r = new WireReader(bytes);
    StopSign ss = readStopSign(r);
    r.expectEnd();
    return ss;
  }
}
