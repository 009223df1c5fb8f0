package omnipaxos.runtime;

import omnipaxos.core.ble.BleMessage;

/**
 * A node's leader-election channels: push every leader-election message received from the network
 * into {@link #incoming()}, and send every message taken from {@link #outgoing()} to its {@code
 * to()}. Both close when the node closes.
 */
public record BleHandle(ChannelSender<BleMessage> incoming, ChannelReceiver<BleMessage> outgoing) {}
