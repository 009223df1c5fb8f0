package omnipaxos.bench.harness;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A running three-node cluster of one system, as the workload driver and the failover probe see it. */
public interface BenchCluster extends AutoCloseable {

  /** The nodes' names. */
  List<String> nodes();

  /** The node that leads now. */
  String leader();

  /**
   * Proposes {@code payload} at {@code node}. The future completes once the entry is committed and
   * applied there (an empty state machine), and fails if the node refuses it, for instance because it
   * does not lead. Must not block; the future may complete on any thread.
   */
  CompletableFuture<?> submit(String node, byte[] payload);

  /**
   * Crashes {@code node}: it stops, and its peers get nothing more from it, in particular no graceful
   * hand-over of leadership.
   */
  void kill(String node) throws Exception;

  @Override
  void close() throws Exception;
}
