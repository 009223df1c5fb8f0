/**
 * The set commands (SADD, SREM, SMEMBERS, SMOVE, SINTER, SUNION, SDIFF and their STORE forms,
 * SINTERCARD, SPOP, SRANDMEMBER, SSCAN, ...) on {@link omnipaxos.kv.command.KvValue.Set}. Entry
 * type: {@link omnipaxos.kv.command.set.SetCommands}. Deterministic, applied in log order; random
 * picks come from the log position.
 */
package omnipaxos.kv.command.set;
