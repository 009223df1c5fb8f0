/**
 * JMH microbenchmarks of the core's hot paths: {@link omnipaxos.bench.jmh.AppendDecideBenchmark} (leader
 * append to decide in a synchronous three-node in-memory cluster) and
 * {@link omnipaxos.bench.jmh.CodecBenchmark} (message encode and decode with the transport's codec).
 * Run them with {@code bench/run-all.sh --jmh-only} or JMH's own main; they never run in the build.
 */
package omnipaxos.bench.jmh;
