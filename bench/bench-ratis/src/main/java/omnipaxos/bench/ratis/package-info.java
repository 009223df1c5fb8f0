/**
 * The Apache Ratis side of the benchmarks: {@link omnipaxos.bench.ratis.RatisSystem} runs a Apache
 * Ratis cluster behind the harness's {@link omnipaxos.bench.harness.BenchSystem}.
 *
 * <p>Threading: real clusters on real clocks, threaded as Apache Ratis threads them.
 */
package omnipaxos.bench.ratis;
