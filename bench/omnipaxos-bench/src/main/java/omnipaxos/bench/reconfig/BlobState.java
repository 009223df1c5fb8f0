package omnipaxos.bench.reconfig;

import java.util.ArrayList;
import java.util.List;
import omnipaxos.core.Snapshotter;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;

/**
 * The benchmark's application state: every written value, in order (an append-only store). The state a
 * new server fetches is therefore as large as the data written, like a key-value store without
 * overwrites.
 */
final class BlobState {

  /** Builds the state from decided entries. */
  static final Snapshotter<byte[], List<byte[]>> SNAPSHOTS = new Snapshotter<>() {
    @Override
    public List<byte[]> create(List<byte[]> entries) {
      return List.copyOf(entries);
    }

    @Override
    public List<byte[]> extend(List<byte[]> base, List<byte[]> entries) {
      List<byte[]> all = new ArrayList<>(base.size() + entries.size());
      all.addAll(base);
      all.addAll(entries);
      return List.copyOf(all);
    }
  };

  /** Encodes the state as a count and the length-prefixed values. */
  static final Codec<List<byte[]>> CODEC = new Codec<>() {
    @Override
    public byte[] encode(List<byte[]> value) {
      long size = 4;
      for (byte[] b : value) {
        size += 4 + b.length;
      }
      WireWriter w = new WireWriter(Math.toIntExact(size));
      w.writeInt(value.size());
      for (byte[] b : value) {
        w.writeBytes(b);
      }
      return w.toByteArray();
    }

    @Override
    public List<byte[]> decode(byte[] bytes) {
      WireReader r = new WireReader(bytes);
      int n = r.readCount(4);
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(r.readBytes());
      }
      r.expectEnd();
      return List.copyOf(out);
    }
  };

  private BlobState() {}
}
