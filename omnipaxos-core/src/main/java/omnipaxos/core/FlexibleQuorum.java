package omnipaxos.core;

/**
 * Flexible quorum sizes: {@code readQuorumSize} promises are needed to finish the Prepare phase and
 * {@code writeQuorumSize} acceptances to decide. Safe only if every read quorum intersects every
 * write quorum, which {@link ClusterConfig#validate()} checks ({@code read + write > nodes}).
 */
public record FlexibleQuorum(int readQuorumSize, int writeQuorumSize) {}
