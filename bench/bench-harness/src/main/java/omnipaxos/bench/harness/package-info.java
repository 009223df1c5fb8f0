/**
 * The benchmark harness shared by the four systems compared: plans, paced and closed-loop
 * workloads, failover and reconfiguration probes, aggregated results and charts.
 *
 * <p>Entry types: {@link omnipaxos.bench.harness.BenchMain} and {@link
 * omnipaxos.bench.harness.BenchSystem} (one per system measured).
 *
 * <p>Threading: real clusters on real clocks; measurements are timing-dependent by design.
 */
package omnipaxos.bench.harness;
