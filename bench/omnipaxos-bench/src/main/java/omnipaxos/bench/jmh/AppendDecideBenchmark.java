package omnipaxos.bench.jmh;

import java.util.concurrent.TimeUnit;
import omnipaxos.core.OmniPaxos;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's hot path: the leader of a synchronous three-node in-memory cluster appends entries and
 * the cluster exchanges AcceptDecide and Accepted until they are decided. Reports decided entries per
 * second, one entry per round trip or 64 per round trip. A fresh cluster per iteration keeps the
 * in-memory log from growing without bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class AppendDecideBenchmark {

  /** Entries proposed per round trip in {@link #batchOf64()}. */
  public static final int BATCH = 64;

  @Param({"16", "1024"})
  public int entryBytes;

  private SyncCluster cluster;
  private OmniPaxos<byte[], Void> leader;
  private byte[] payload;

  @Setup(Level.Iteration)
  public void setUp() {
    cluster = new SyncCluster();
    leader = cluster.elect();
    payload = new byte[entryBytes];
  }

  /** One entry appended and decided. */
  @Benchmark
  public long oneEntry() {
    leader.append(payload);
    cluster.deliverAll();
    return leader.decidedIdx();
  }

  /** {@value #BATCH} entries appended, then decided together. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long batchOf64() {
    for (int i = 0; i < BATCH; i++) {
      leader.append(payload);
    }
    cluster.deliverAll();
    return leader.decidedIdx();
  }
}
