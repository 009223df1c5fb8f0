/**
 * What the core needs from durable storage: the promise, accepted round, log, decided index,
 * snapshot and stop sign of one node, and the configurations it has been a member of.
 *
 * <p>Entry types: {@link omnipaxos.core.storage.Storage} (written in atomic batches of {@link
 * omnipaxos.core.storage.StorageOp}s, made durable by {@code flush}) and {@link
 * omnipaxos.core.storage.ConfigurationStore}; {@link omnipaxos.core.storage.MemoryStorage} and
 * {@link omnipaxos.core.storage.MemoryConfigurationStore} keep them in memory for tests and
 * simulation.
 *
 * <p>Threading and determinism: called from the one thread that drives the node; implementations
 * must not reorder writes. A failed write throws {@link omnipaxos.core.storage.StorageException}.
 */
package omnipaxos.core.storage;
