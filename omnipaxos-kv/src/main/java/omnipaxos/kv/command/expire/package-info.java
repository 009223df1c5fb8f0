/**
 * Expiry commands (EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, PERSIST, EXPIRETIME,
 * PEXPIRETIME), resolved against the log clock. Entry type: {@link
 * omnipaxos.kv.command.expire.ExpireCommands}. Deterministic, applied in log order.
 */
package omnipaxos.kv.command.expire;
