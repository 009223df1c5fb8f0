/**
 * TCP between OmniPaxos nodes on Netty NIO.
 *
 * <p>{@link omnipaxos.transport.netty.NettyTransport} connects one node to its peers: give it a
 * {@link omnipaxos.transport.netty.NettyTransportConfig}, the application's entry and snapshot
 * {@link omnipaxos.core.codec.Codec}s and a {@link omnipaxos.transport.netty.TransportListener};
 * send every message the node produces with {@code send}, hand every delivered message to the node,
 * and call {@code OmniPaxos.reconnected(pid)} when the listener hears {@code onReconnected(pid)}.
 * Each handshake also names the sender's latest configuration id ({@code setConfigurationId}),
 * which the other side hears as {@code onPeerConfiguration(pid, configurationId)}:
 *
 * <pre>{@code
 * NettyTransport<String, Void> transport = new NettyTransport<>(config, Codecs.utf8(),
 *     MessageCodec.noSnapshots(), listener);
 * transport.start();
 * for (Message<String, Void> m : node.outgoingMessages()) {
 *   transport.send(m);
 * }
 * }</pre>
 *
 * <p>The byte format, the handshake and the error handling are specified in {@code WIRE.md} at the
 * root of this module; {@link omnipaxos.transport.netty.MessageCodec} is the message part of it and
 * can be used on its own.
 */
package omnipaxos.transport.netty;
