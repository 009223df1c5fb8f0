/**
 * The SOFAJRaft side of the benchmarks: {@link omnipaxos.bench.jraft.JRaftSystem} runs a SOFAJRaft
 * cluster behind the harness's {@link omnipaxos.bench.harness.BenchSystem}.
 *
 * <p>Threading: real clusters on real clocks, threaded as SOFAJRaft threads them.
 */
package omnipaxos.bench.jraft;
