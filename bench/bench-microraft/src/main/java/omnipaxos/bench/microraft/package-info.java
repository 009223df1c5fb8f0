/**
 * The MicroRaft side of the benchmarks: {@link omnipaxos.bench.microraft.MicroRaftSystem} runs a
 * MicroRaft cluster behind the harness's {@link omnipaxos.bench.harness.BenchSystem}.
 *
 * <p>Threading: real clusters on real clocks, threaded as MicroRaft threads them.
 */
package omnipaxos.bench.microraft;
