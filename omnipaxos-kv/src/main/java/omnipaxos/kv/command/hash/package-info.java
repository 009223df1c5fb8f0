/**
 * The hash commands (HSET, HGET, HDEL, HGETALL, HINCRBY, HRANDFIELD, HSCAN, ...) on {@link
 * omnipaxos.kv.command.KvValue.Hash}. Entry type: {@link
 * omnipaxos.kv.command.hash.HashCommands}. Deterministic, applied in log order; random picks come
 * from the log position.
 */
package omnipaxos.kv.command.hash;
