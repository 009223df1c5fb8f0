package omnipaxos.runtime;

import omnipaxos.core.migration.MigrationMessage;

/**
 * A node's state-migration channels: push every migration message received from the network into
 * {@link #incoming()}, and send every message taken from {@link #outgoing()} to its {@code to()}.
 * Nodes that continue across configurations use them to hand the state at a stop sign to new
 * members.
 */
public record MigrationHandle(
    ChannelSender<MigrationMessage> incoming, ChannelReceiver<MigrationMessage> outgoing) {}
