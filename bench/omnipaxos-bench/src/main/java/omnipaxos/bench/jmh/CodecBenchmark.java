package omnipaxos.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import omnipaxos.core.Ballot;
import omnipaxos.core.Message;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.paxos.PaxosMessage;
import omnipaxos.core.paxos.SequenceNumber;
import omnipaxos.runtime.EntryId;
import omnipaxos.runtime.Envelope;
import omnipaxos.transport.netty.MessageCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding with the transport's {@link MessageCodec}, for the messages of the replication
 * path as the runtime sends them over TCP: an AcceptDecide carrying {@code entries} enveloped entries of
 * {@code entryBytes} bytes, and the Accepted that answers it. Reports messages per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {

  static final Ballot BALLOT = new Ballot(1, 7, 0, 1);

  static MessageCodec<Envelope<byte[]>, Void> codec() {
    return new MessageCodec<>(Envelope.codec(Codecs.bytes()), MessageCodec.noSnapshots());
  }

  /** An AcceptDecide of {@code entries} entries of {@code entryBytes} bytes, and its encoding. */
  @State(Scope.Thread)
  public static class Batch {
    @Param({"16", "1024"})
    public int entryBytes;

    @Param({"1", "64"})
    public int entries;

    MessageCodec<Envelope<byte[]>, Void> codec;
    Message<Envelope<byte[]>, Void> message;
    byte[] bytes;

    @Setup
    public void setUp() {
      codec = codec();
      List<Envelope<byte[]>> batch = new ArrayList<>();
      for (int i = 0; i < entries; i++) {
        batch.add(new Envelope<>(new EntryId(1, 0x5eed, 1000 + i), new byte[entryBytes]));
      }
      message = Message.of(new PaxosMessage.AcceptDecide<>(1, 2, BALLOT, new SequenceNumber(1, 42), 123_456, batch));
      bytes = codec.encode(message);
    }
  }

  /** An Accepted and its encoding. */
  @State(Scope.Thread)
  public static class Reply {
    MessageCodec<Envelope<byte[]>, Void> codec;
    Message<Envelope<byte[]>, Void> message;
    byte[] bytes;

    @Setup
    public void setUp() {
      codec = codec();
      message = Message.of(new PaxosMessage.Accepted<Envelope<byte[]>, Void>(2, 1, BALLOT, 123_520));
      bytes = codec.encode(message);
    }
  }

  @Benchmark
  public byte[] encodeAcceptDecide(Batch b) {
    return b.codec.encode(b.message);
  }

  @Benchmark
  public Message<Envelope<byte[]>, Void> decodeAcceptDecide(Batch b) {
    return b.codec.decode(b.bytes);
  }

  @Benchmark
  public byte[] encodeAccepted(Reply r) {
    return r.codec.encode(r.message);
  }

  @Benchmark
  public Message<Envelope<byte[]>, Void> decodeAccepted(Reply r) {
    return r.codec.decode(r.bytes);
  }
}
