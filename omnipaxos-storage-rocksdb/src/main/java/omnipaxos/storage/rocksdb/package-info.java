/**
 * Durable storage for the core on RocksDB.
 *
 * <p>Entry types: {@link omnipaxos.storage.rocksdb.RocksDbStorage} (a {@link
 * omnipaxos.core.storage.Storage}: each batch of operations is one atomic write batch, {@code
 * flush} syncs the write-ahead log) and {@link
 * omnipaxos.storage.rocksdb.RocksDbConfigurationStore}.
 *
 * <p>Threading: called from the one thread that drives the node; close it from that thread too.
 */
package omnipaxos.storage.rocksdb;
