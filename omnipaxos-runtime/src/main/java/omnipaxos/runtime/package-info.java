/**
 * The OmniPaxos runtime: {@link omnipaxos.runtime.OmniPaxosNode} runs the pure core on one
 * event-loop thread per node, so that applications never tick it or hand leaders around themselves.
 *
 * <ul>
 *   <li>{@link omnipaxos.runtime.NodeConfig} says who the node is and how milliseconds map to
 *       ticks.
 *   <li>{@link omnipaxos.runtime.OmniPaxosNode#create} returns an {@link
 *       omnipaxos.runtime.OmniPaxosHandle}: the node's asynchronous API and the two pairs of
 *       bounded {@link omnipaxos.runtime.MessageChannel}s that the application's network layer
 *       pumps.
 *   <li>{@link omnipaxos.runtime.OmniPaxosNode#appendDecided} completes with an entry's log index
 *       once it is decided, or fails with an {@link omnipaxos.runtime.EntryNotDecidedException}
 *       that says whether the entry is certainly not decided or its fate is unknown.
 *   <li>{@link omnipaxos.runtime.OmniPaxosNode#subscribe} delivers every decided entry once, in log
 *       order, for applying to a state machine.
 * </ul>
 */
package omnipaxos.runtime;
