package omnipaxos.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each JMH benchmark body a few hundred times outside JMH, to prove it works; measures nothing. */
class JmhBenchmarksSmokeTest {

  @Test
  void appendDecideDecidesEveryEntry() {
    AppendDecideBenchmark b = new AppendDecideBenchmark();
    b.entryBytes = 16;
    b.setUp();
    long start = b.oneEntry();
    for (int i = 0; i < 200; i++) {
      b.oneEntry();
    }
    assertThat(b.oneEntry()).isEqualTo(start + 201);
    assertThat(b.batchOf64()).isEqualTo(start + 201 + AppendDecideBenchmark.BATCH);
  }

  @Test
  void codecRoundTripsTheReplicationMessages() {
    CodecBenchmark c = new CodecBenchmark();
    CodecBenchmark.Batch batch = new CodecBenchmark.Batch();
    batch.entryBytes = 128;
    batch.entries = 64;
    batch.setUp();
    CodecBenchmark.Reply reply = new CodecBenchmark.Reply();
    reply.setUp();
    for (int i = 0; i < 100; i++) {
      assertThat(batch.codec.encode(c.decodeAcceptDecide(batch))).isEqualTo(batch.bytes);
      assertThat(c.encodeAcceptDecide(batch)).isEqualTo(batch.bytes);
      assertThat(c.decodeAccepted(reply)).isEqualTo(reply.message);
      assertThat(c.encodeAccepted(reply)).isEqualTo(reply.bytes);
    }
  }
}
