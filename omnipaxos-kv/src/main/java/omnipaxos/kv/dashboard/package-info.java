/**
 * The live cluster dashboard every key-value server serves on its HTTP port: a page at {@code /}
 * (plain HTML, JavaScript and CSS from the jar), this server's view at {@code /cluster.json}, the
 * whole cluster's at {@code /dashboard.json} and as a Server-Sent Events stream at {@code /stream}.
 *
 * <p>{@link omnipaxos.kv.dashboard.Dashboard} samples a {@link
 * omnipaxos.kv.dashboard.ServerSample} every 250 ms on its own thread, derives rates, latency and
 * events from the difference to the previous samples ({@code LocalView}), and gathers its peers'
 * views over HTTP with a short time-out ({@code PeerViews}); a peer that does not answer is shown
 * as down. Nothing here runs on the node's event loop or on a client command's path: the samples
 * are read from counters and the statistics the server polls anyway.
 */
package omnipaxos.kv.dashboard;
