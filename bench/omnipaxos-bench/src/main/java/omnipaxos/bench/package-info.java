/**
 * The OmniPaxos side of the benchmarks: {@link omnipaxos.bench.OmniPaxosSystem} runs a cluster of
 * runtime nodes behind the harness's {@link omnipaxos.bench.harness.BenchSystem}.
 *
 * <p>Threading: real clusters on real clocks; {@code Pumps} move messages between the nodes.
 */
package omnipaxos.bench;
