/**
 * A runnable example: {@link omnipaxos.examples.ClusterDemo} starts a small cluster of runtime
 * nodes in one process, proposes entries and prints what each node decides.
 *
 * <p>Threading: each node runs on its runtime's event-loop thread; the demo's main thread only
 * proposes and waits.
 */
package omnipaxos.examples;
