/**
 * Keyspace commands (DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, DBSIZE, FLUSHDB, SWAPDB, ...).
 * Entry type: {@link omnipaxos.kv.command.keys.KeyCommands}; {@link
 * omnipaxos.kv.command.keys.Glob} matches Redis patterns. Deterministic, applied in log order.
 */
package omnipaxos.kv.command.keys;
