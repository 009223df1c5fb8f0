/**
 * A linearizability checker for histories of concurrent operations, used on the key-value
 * workload of the simulator.
 *
 * <p>Entry type: {@link omnipaxos.testkit.linearizability.LinearizabilityChecker}, which checks a
 * {@link omnipaxos.testkit.linearizability.History} of {@link
 * omnipaxos.testkit.linearizability.Operation}s against a {@link
 * omnipaxos.testkit.linearizability.Model} (here {@link
 * omnipaxos.testkit.linearizability.KvModel}) and returns a {@link
 * omnipaxos.testkit.linearizability.CheckResult}.
 *
 * <p>Threading and determinism: single-threaded and deterministic; no clocks.
 */
package omnipaxos.testkit.linearizability;
