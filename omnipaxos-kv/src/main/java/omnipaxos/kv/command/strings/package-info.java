/**
 * String commands (SET and its options, GET, MGET, MSET, INCR and friends, APPEND, GETRANGE, CAS,
 * ...). Entry types: {@link omnipaxos.kv.command.strings.StringCommands} and {@link
 * omnipaxos.kv.command.strings.SetCommand}. Deterministic, applied in log order.
 */
package omnipaxos.kv.command.strings;
