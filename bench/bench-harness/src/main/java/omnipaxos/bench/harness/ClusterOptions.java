package omnipaxos.bench.harness;

import java.nio.file.Path;

/**
 * What every system gets to start a cluster with.
 *
 * @param dataDir an empty directory for the nodes' files
 * @param electionTimeoutMs the nominal election timeout, the same for every system: each maps it to
 *     its own knobs and says how in {@link BenchSystem#describe}
 */
public record ClusterOptions(Path dataDir, long electionTimeoutMs) {}
