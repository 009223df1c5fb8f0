/**
 * A replicated key-value server on OmniPaxos, spoken to over the Redis protocol.
 *
 * <p>Entry types: {@link omnipaxos.kv.KvServer} (one replica, configured by {@link
 * omnipaxos.kv.KvServerConfig}) and the command lines {@link omnipaxos.kv.KvCli}, {@link
 * omnipaxos.kv.KvClusterCli}, {@link omnipaxos.kv.KvBackupCli} and {@link
 * omnipaxos.kv.KvRestoreCli}. Commands are {@link omnipaxos.kv.command.KvEntry} entries in the
 * log, applied in log order by {@link omnipaxos.kv.KvStateMachine} to a {@link
 * omnipaxos.kv.KvState}; the commands themselves are in {@code omnipaxos.kv.command}.
 *
 * <p>Threading and determinism: applying the log is deterministic and runs on one thread per
 * replica; network and disk I/O run on the runtime's and Netty's threads.
 */
package omnipaxos.kv;
