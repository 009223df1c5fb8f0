package omnipaxos.bench.harness;

import java.util.List;

/** A replication library under test: starts three-node clusters of itself in this JVM. */
public interface BenchSystem {

  /** A short lower-case name, used in file names and tables. */
  String name();

  /** The library's version. */
  String version();

  /**
   * Starts three nodes in {@code setting} and returns once they have a leader that has committed a
   * first write.
   */
  BenchCluster start(Setting setting, ClusterOptions options) throws Exception;

  /** The settings this system runs with in {@code setting}, one "key: value" line each, for the report. */
  List<String> describe(Setting setting, ClusterOptions options);
}
