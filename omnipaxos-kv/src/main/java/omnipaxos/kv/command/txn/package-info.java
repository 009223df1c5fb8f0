/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Entry type: {@link
 * omnipaxos.kv.command.txn.TransactionCommands}. The queue and the watched keys live in the
 * {@link omnipaxos.kv.command.Session}; EXEC sends the queued commands as one log entry ({@link
 * omnipaxos.kv.command.KvEntry.Txn}), which every replica applies at once, or not at all if a
 * watched key changed.
 */
package omnipaxos.kv.command.txn;
